// Preferences: theme, preferred language and editor settings. Kept in localStorage for
// everyone and, for signed-in users, in /api/account/preferences (the server copy wins on load).
import { api } from './api.js';
import { auth } from './auth.svelte.js';

const KEY = 'arena.prefs';
const DEFAULTS = { theme: 'system', preferred_language: null, editor: { tab_size: 4, font_size: 14, wrap: false } };

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (saved) return { ...DEFAULTS, ...saved, editor: { ...DEFAULTS.editor, ...(saved.editor || {}) } };
  } catch {
    /* defaults */
  }
  return structuredClone(DEFAULTS);
}

class Prefs {
  value = $state(load());
  systemDark = $state(typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches);
  blocked = $state([]);

  get dark() {
    return this.value.theme === 'dark' || (this.value.theme === 'system' && this.systemDark);
  }

  start() {
    if (typeof matchMedia !== 'undefined')
      matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (this.systemDark = e.matches));
  }

  async fetch() {
    if (!auth.signedIn) return;
    try {
      const { preferences } = await api('/account/preferences');
      this.blocked = preferences.blocked_users || [];
      this.#apply({
        theme: preferences.theme || 'system',
        preferred_language: preferences.preferred_language,
        editor: { ...DEFAULTS.editor, ...(preferences.editor || {}) },
      });
    } catch {
      /* keep the local copy */
    }
  }

  /** Saves a partial change locally and, when signed in, on the server. */
  async save(change) {
    this.#apply({ ...this.value, ...change, editor: { ...this.value.editor, ...(change.editor || {}) } });
    if (!auth.signedIn) return;
    const body = {};
    if ('theme' in change) body.theme = change.theme;
    if ('preferred_language' in change) body.preferred_language = change.preferred_language;
    if ('editor' in change) body.editor = this.value.editor;
    if ('blocked_users' in change) body.blocked_users = change.blocked_users;
    const { preferences } = await api('/account/preferences', { method: 'PUT', body });
    this.blocked = preferences.blocked_users || [];
  }

  #apply(value) {
    this.value = value;
    localStorage.setItem(KEY, JSON.stringify(value));
  }
}

export const prefs = new Prefs();
