// CodeMirror 6 set-up: the base extensions, a compartment per setting, and the syntax of each
// judge language, loaded on demand (each language package is its own chunk).
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab, insertNewline } from '@codemirror/commands';
import {
  HighlightStyle,
  indentUnit,
  bracketMatching,
  syntaxHighlighting,
  defaultHighlightStyle,
  foldGutter,
  indentOnInput,
  StreamLanguage,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';

const legacy = (load) => async () => StreamLanguage.define(await load());

// judge language id -> loader of a CodeMirror language extension
const LANGUAGES = {
  python: async () => (await import('@codemirror/lang-python')).python(),
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  typescript: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  c: async () => (await import('@codemirror/lang-cpp')).cpp(),
  cpp: async () => (await import('@codemirror/lang-cpp')).cpp(),
  java: async () => (await import('@codemirror/lang-java')).java(),
  rust: async () => (await import('@codemirror/lang-rust')).rust(),
  go: async () => (await import('@codemirror/lang-go')).go(),
  php: async () => (await import('@codemirror/lang-php')).php({ plain: false }),
  kotlin: legacy(async () => (await import('@codemirror/legacy-modes/mode/clike')).kotlin),
  scala: legacy(async () => (await import('@codemirror/legacy-modes/mode/clike')).scala),
  csharp: legacy(async () => (await import('@codemirror/legacy-modes/mode/clike')).csharp),
  ruby: legacy(async () => (await import('@codemirror/legacy-modes/mode/ruby')).ruby),
  lua: legacy(async () => (await import('@codemirror/legacy-modes/mode/lua')).lua),
  perl: legacy(async () => (await import('@codemirror/legacy-modes/mode/perl')).perl),
  bash: legacy(async () => (await import('@codemirror/legacy-modes/mode/shell')).shell),
  haskell: legacy(async () => (await import('@codemirror/legacy-modes/mode/haskell')).haskell),
  ocaml: legacy(async () => (await import('@codemirror/legacy-modes/mode/mllike')).oCaml),
  fortran: legacy(async () => (await import('@codemirror/legacy-modes/mode/fortran')).fortran),
  pascal: legacy(async () => (await import('@codemirror/legacy-modes/mode/pascal')).pascal),
  tcl: legacy(async () => (await import('@codemirror/legacy-modes/mode/tcl')).tcl),
  r: legacy(async () => (await import('@codemirror/legacy-modes/mode/r')).r),
  erlang: legacy(async () => (await import('@codemirror/legacy-modes/mode/erlang')).erlang),
  clojure: legacy(async () => (await import('@codemirror/legacy-modes/mode/clojure')).clojure),
  lisp: legacy(async () => (await import('@codemirror/legacy-modes/mode/commonlisp')).commonLisp),
  scheme: legacy(async () => (await import('@codemirror/legacy-modes/mode/scheme')).scheme),
  racket: legacy(async () => (await import('@codemirror/legacy-modes/mode/scheme')).scheme),
  crystal: legacy(async () => (await import('@codemirror/legacy-modes/mode/crystal')).crystal),
  cobol: legacy(async () => (await import('@codemirror/legacy-modes/mode/cobol')).cobol),
  elixir: legacy(async () => (await import('@codemirror/legacy-modes/mode/ruby')).ruby),
  nim: legacy(async () => (await import('@codemirror/legacy-modes/mode/python')).python),
  prolog: null,
  ada: null,
  awk: null,
};

export async function languageSupport(id) {
  const load = LANGUAGES[id];
  if (!load) return [];
  try {
    return await load();
  } catch {
    return []; // plain text rather than no editor
  }
}

let darkTheme = null;
async function themeFor(dark) {
  if (!dark) return syntaxHighlighting(defaultHighlightStyle, { fallback: true });
  if (!darkTheme) {
    const { oneDarkTheme, oneDarkHighlightStyle } = await import('@codemirror/theme-one-dark');
    // One Dark's grey (comments) is 3.6:1 on its background: lighter, for WCAG AA's 4.5:1.
    const specs = oneDarkHighlightStyle.specs.map((spec) => (spec.color === '#7d8799' ? { ...spec, color: '#a3adbf' } : spec));
    darkTheme = [oneDarkTheme, syntaxHighlighting(HighlightStyle.define(specs))];
  }
  return darkTheme;
}

const baseTheme = EditorView.theme({
  '&': { height: '100%', fontSize: 'var(--editor-font-size, 14px)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
});

/**
 * Creates an editor in `parent`. settings: {language, tabSize, wrap, readOnly, dark, label, plain};
 * plain: no automatic brackets or indentation (typing races must get exactly what was typed);
 * onChange(text) is called on every change. Returns {view, set(settings), setText(text), destroy()}.
 */
export async function createEditor(parent, text, settings, onChange) {
  const compartments = {
    language: new Compartment(),
    tab: new Compartment(),
    wrap: new Compartment(),
    readOnly: new Compartment(),
    theme: new Compartment(),
  };
  const tabSize = settings.tabSize || 4;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        history(),
        drawSelection(),
        settings.plain ? keymap.of([{ key: 'Enter', run: insertNewline }]) : [],
        settings.plain ? [] : indentOnInput(),
        bracketMatching(),
        settings.plain ? [] : closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        keymap.of([...(settings.plain ? [] : closeBracketsKeymap), ...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
        baseTheme,
        compartments.theme.of(await themeFor(settings.dark)),
        compartments.language.of(await languageSupport(settings.language)),
        compartments.tab.of([EditorState.tabSize.of(tabSize), indentUnit.of(' '.repeat(tabSize))]),
        compartments.wrap.of(settings.wrap ? EditorView.lineWrapping : []),
        compartments.readOnly.of(EditorState.readOnly.of(!!settings.readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': settings.label || 'Code editor', 'aria-multiline': 'true' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  let current = { ...settings };
  return {
    view,
    async set(next) {
      const effects = [];
      if (next.language !== current.language)
        effects.push(compartments.language.reconfigure(await languageSupport(next.language)));
      if (next.tabSize !== current.tabSize) {
        const size = next.tabSize || 4;
        effects.push(compartments.tab.reconfigure([EditorState.tabSize.of(size), indentUnit.of(' '.repeat(size))]));
      }
      if (next.wrap !== current.wrap) effects.push(compartments.wrap.reconfigure(next.wrap ? EditorView.lineWrapping : []));
      if (next.readOnly !== current.readOnly)
        effects.push(compartments.readOnly.reconfigure(EditorState.readOnly.of(!!next.readOnly)));
      if (next.dark !== current.dark) effects.push(compartments.theme.reconfigure(await themeFor(next.dark)));
      current = { ...next };
      if (effects.length) view.dispatch({ effects });
    },
    setText(value) {
      if (value === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    getText() {
      return view.state.doc.toString();
    },
    destroy() {
      view.destroy();
    },
  };
}
