// The signed-in session. The access token (15 minutes) lives in memory and in localStorage so a
// reload and other tabs reuse it; the refresh token is an HttpOnly cookie that only
// POST /api/refresh reads. Refresh tokens rotate and a reused one signs the login out everywhere,
// so refreshes are serialized across tabs (Web Locks) and a tab first adopts a token another tab
// already obtained.
import { sessionCall, ApiError } from './api.js';

const KEY = 'arena.session';
const EARLY_MS = 60_000; // refresh this long before the access token expires

function readStored() {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) || 'null');
    if (value && typeof value.token === 'string' && typeof value.expiresAt === 'number' && value.user) return value;
  } catch {
    /* a broken entry is no session */
  }
  return null;
}

function hasRefreshHint() {
  // arena_csrf is readable and lives as long as the refresh cookie: without it, refreshing is futile.
  return document.cookie.split(';').some((part) => part.trim().startsWith('arena_csrf='));
}

function withLock(fn) {
  if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request)
    return navigator.locks.request('arena-refresh', fn);
  return fn();
}

class Auth {
  user = $state(null);
  ready = $state(false);
  token = null;
  expiresAt = 0;
  #timer = null;
  #refreshing = null;
  #listeners = new Set();
  #readyResolve;
  #readyPromise = new Promise((resolve) => (this.#readyResolve = resolve));

  /** Resolves once the session on load is known (a stored token adopted or refreshed, or none). */
  whenReady() {
    return this.#readyPromise;
  }

  get signedIn() {
    return this.user !== null;
  }

  get moderator() {
    return this.user && (this.user.role === 'moderator' || this.user.role === 'admin');
  }

  /** Called with the new token (or null) whenever it changes: the socket reconnects with it. */
  onToken(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  async init() {
    window.addEventListener('storage', (event) => {
      if (event.key !== KEY) return;
      const stored = readStored();
      if (!stored) this.#clear(false);
      else if (stored.token !== this.token) this.#adopt(stored);
    });
    try {
      const stored = readStored();
      if (stored && stored.expiresAt - Date.now() > EARLY_MS / 2) {
        this.#adopt(stored);
      } else if (stored || hasRefreshHint()) {
        await this.refresh();
      }
    } finally {
      this.ready = true;
      this.#readyResolve();
    }
  }

  /** A token good for the next request, refreshed first when it is about to expire. */
  async validToken() {
    if (!this.token) return null;
    if (this.expiresAt - Date.now() < 15_000) return this.refresh({ after: this.token });
    return this.token;
  }

  /** Exchanges the refresh cookie for a new session; resolves to the new token or null. */
  refresh({ after } = {}) {
    if (!this.#refreshing) {
      this.#refreshing = withLock(() => this.#refreshLocked(after)).finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  async #refreshLocked(after) {
    const stored = readStored();
    if (stored && stored.token !== after && stored.expiresAt - Date.now() > EARLY_MS / 2) {
      this.#adopt(stored); // another tab refreshed while this one waited
      return stored.token;
    }
    try {
      const session = await sessionCall('/refresh');
      return this.#save(session);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.#clear(true);
      return null; // a network error keeps the state: the next call tries again
    }
  }

  async login(identifier, password) {
    return this.#save(await sessionCall('/login', { identifier, password }));
  }

  async register(username, email, password) {
    return this.#save(await sessionCall('/register', { username, email, password }));
  }

  async logout() {
    try {
      await sessionCall('/logout');
    } catch {
      /* signed out locally whatever the server says */
    }
    this.#clear(true);
  }

  /** After a profile change: the new user object, kept with the token. */
  setUser(user) {
    this.user = user;
    const stored = readStored();
    if (stored) localStorage.setItem(KEY, JSON.stringify({ ...stored, user }));
  }

  #save(session) {
    const value = {
      token: session.access_token,
      expiresAt: Date.now() + (session.expires_in || 900) * 1000,
      user: session.user,
    };
    localStorage.setItem(KEY, JSON.stringify(value));
    this.#adopt(value);
    return value.token;
  }

  #adopt(value) {
    const changed = value.token !== this.token;
    this.token = value.token;
    this.expiresAt = value.expiresAt;
    this.user = value.user;
    clearTimeout(this.#timer);
    const wait = Math.max(5_000, value.expiresAt - Date.now() - EARLY_MS);
    this.#timer = setTimeout(() => this.refresh({ after: this.token }), wait);
    if (changed) for (const fn of this.#listeners) fn(this.token);
  }

  #clear(everywhere) {
    clearTimeout(this.#timer);
    const had = this.token !== null;
    this.token = null;
    this.expiresAt = 0;
    this.user = null;
    if (everywhere) localStorage.removeItem(KEY);
    if (had) for (const fn of this.#listeners) fn(null);
  }
}

export const auth = new Auth();
