// The judge's languages (GET /api/programming-language), fetched once per page load.
import { api } from './api.js';

let pending = null;

export function loadLanguages() {
  if (!pending) {
    pending = api('/programming-language', { anonymous: true })
      .then(({ languages }) => languages.slice().sort((a, b) => a.name.localeCompare(b.name)))
      .catch((e) => {
        pending = null;
        throw e;
      });
  }
  return pending;
}

/** The language to start with: the user's preference, else Python, else the first available. */
export function pickLanguage(languages, preferred, allowed = []) {
  const usable = languages.filter((l) => l.available && (!allowed.length || allowed.includes(l.id)));
  const has = (id) => id && usable.some((l) => l.id === id);
  if (has(preferred)) return preferred;
  if (has('python')) return 'python';
  return usable.length ? usable[0].id : preferred || 'python';
}
