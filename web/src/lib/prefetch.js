// Data a page needs, requested by the router while the page's code is still loading (one
// round trip saved on a first visit). A page takes its promise once; unclaimed ones expire.
const pending = new Map();

export function prefetch(key, load) {
  const entry = { promise: load(), at: Date.now() };
  entry.promise.catch(() => {}); // the page sees the error when it claims the promise
  pending.set(key, entry);
}

export function claim(key, load) {
  const entry = pending.get(key);
  pending.delete(key);
  if (entry && Date.now() - entry.at < 10_000) return entry.promise;
  return load();
}
