// The HTTP API client: JSON in and out, the access token as a Bearer header (so no CSRF token is
// needed), one silent refresh and retry when the token was refused.
import { auth } from './auth.svelte.js';

export class ApiError extends Error {
  constructor(status, type, message, details = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.details = details || {};
  }
  /** Field errors of a 422 as {field: message}. */
  get fields() {
    return this.status === 422 || this.status === 409 ? this.details : {};
  }
}

function buildQuery(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function send(path, { method = 'GET', body, query, signal, token }) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`/api${path}${buildQuery(query)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  return response;
}

async function decode(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) return data;
  const error = data && data.error;
  if (error) throw new ApiError(response.status, error.type, error.message, error.details);
  throw new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
}

/**
 * Calls `/api${path}`. Options: method, body (JSON), query (object), signal, anonymous (no token).
 * Retries once after a silent refresh when a signed-in call gets 401.
 */
export async function api(path, options = {}) {
  if (!options.anonymous) await auth.whenReady(); // a reload's session first: never a call as nobody by mistake
  const token = options.anonymous ? null : await auth.validToken();
  let response = await send(path, { ...options, token });
  if (response.status === 401 && token) {
    const fresh = await auth.refresh({ after: token });
    if (fresh) response = await send(path, { ...options, token: fresh });
  }
  return decode(response);
}

/** Raw calls for the session routes themselves (no token, no retry). */
export async function sessionCall(path, body) {
  const response = await send(path, { method: 'POST', body });
  return decode(response);
}

export function errorText(error) {
  if (!error) return '';
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.details && error.details.retry_after;
      return wait ? `Too many requests: try again in ${wait} s.` : 'Too many requests: try again in a moment.';
    }
    if (error.status === 422 && error.details && Object.keys(error.details).length) {
      return `${error.message}: ${Object.entries(error.details)
        .map(([field, problem]) => `${field} ${typeof problem === 'string' ? problem : JSON.stringify(problem)}`)
        .join('; ')}`;
    }
    return error.message;
  }
  return error.message || String(error);
}
