// A small History API router: a table of path patterns, the current match as reactive state,
// and a click handler that turns same-origin <a href> clicks into pushState navigations.

class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  routes = [];

  get query() {
    return new URLSearchParams(this.search);
  }

  /** routes: [{pattern: '/puzzles/:id', name, ...extra}] in order of priority. */
  setRoutes(routes) {
    this.routes = routes.map((route) => ({ ...route, ...compile(route.pattern) }));
  }

  get match() {
    for (const route of this.routes) {
      const found = route.regex.exec(this.path);
      if (found) {
        const params = {};
        route.keys.forEach((key, i) => (params[key] = decodeURIComponent(found[i + 1])));
        return { route, params };
      }
    }
    return null;
  }

  go(url, { replace = false } = {}) {
    const target = new URL(url, location.origin);
    if (target.origin !== location.origin) {
      location.href = url;
      return;
    }
    const next = target.pathname + target.search + target.hash;
    const current = location.pathname + location.search + location.hash;
    if (next !== current) {
      if (replace) history.replaceState({}, '', next);
      else history.pushState({}, '', next);
    }
    const pageChanged = target.pathname !== this.path;
    this.path = target.pathname;
    this.search = target.search;
    if (pageChanged && !replace) window.scrollTo(0, 0);
  }

  /** Replaces the query string (filters, page) without a new history entry per keystroke. */
  setQuery(values, { replace = true } = {}) {
    const params = this.query;
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length))
        params.delete(key);
      else params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const text = params.toString();
    this.go(this.path + (text ? `?${text}` : ''), { replace });
  }

  start() {
    window.addEventListener('popstate', () => {
      this.path = location.pathname;
      this.search = location.search;
    });
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target.closest && event.target.closest('a[href]');
      if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.dataset.external !== undefined) return;
      const url = new URL(anchor.href, location.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/metrics'))
        return;
      if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
      event.preventDefault();
      this.go(url.pathname + url.search + url.hash);
    });
  }
}

function compile(pattern) {
  const keys = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), keys };
}

export const router = new Router();

export function href(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
