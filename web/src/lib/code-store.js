// The player's code, per puzzle and language, in localStorage.
const key = (scope, language) => `arena.code.${scope}.${language}`;

export function loadCode(scope, language) {
  try {
    return localStorage.getItem(key(scope, language));
  } catch {
    return null;
  }
}

export function saveCode(scope, language, code) {
  try {
    localStorage.setItem(key(scope, language), code);
  } catch {
    /* storage full or disabled: the editor still works */
  }
}

export function clearCode(scope, language) {
  localStorage.removeItem(key(scope, language));
}

// A comment line in the language's syntax, for templates.
const COMMENT = { python: '#', ruby: '#', perl: '#', bash: '#', r: '#', elixir: '#', crystal: '#', nim: '#', tcl: '#', awk: '#',
  lua: '--', haskell: '--', ada: '--', sql: '--', lisp: ';', scheme: ';', racket: ';', clojure: ';', erlang: '%', prolog: '%',
  fortran: '!', ocaml: null, pascal: null, cobol: null };

export function template(language) {
  const mark = language in COMMENT ? COMMENT[language] : '//';
  if (!mark) return '';
  return `${mark} Read from standard input, write to standard output.\n`;
}
