// Bundle sizes of web/dist and the puzzle page's time to first render in headless Chromium.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { root, startServer, launchBrowser } from '../../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] || 15);
const dist = path.join(root, 'web/dist');

// The first load is what index.html references; everything else is a lazily loaded chunk.
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]));
const rows = [];
for (const name of readdirSync(path.join(dist, 'assets'))) {
  const file = path.join(dist, 'assets', name);
  const data = readFileSync(file);
  rows.push({ name, kind: path.extname(name).slice(1), initial: initial.has(`assets/${name}`), raw: statSync(file).size, gzip: gzipSync(data, { level: 9 }).length });
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sum = (list, key) => list.reduce((a, r) => a + r[key], 0);
console.log('bundle (web/dist)');
console.log('  part                        files        raw       gzip');
for (const [label, filter] of [
  ['JS, first load', (r) => r.kind === 'js' && r.initial],
  ['CSS, first load', (r) => r.kind === 'css' && r.initial],
  ['JS, all chunks', (r) => r.kind === 'js'],
  ['CSS, all chunks', (r) => r.kind === 'css'],
]) {
  const list = rows.filter(filter);
  console.log(`  ${label.padEnd(26)} ${String(list.length).padStart(5)} ${kb(sum(list, 'raw')).padStart(10)} ${kb(sum(list, 'gzip')).padStart(10)}`);
}
const biggest = rows.filter((r) => r.kind === 'js').sort((a, b) => b.gzip - a.gzip).slice(0, 5);
console.log('  largest chunks (gzip): ' + biggest.map((r) => `${r.name.replace(/-[\w-]{8}\.js$/, '')} ${kb(r.gzip)}`).join(', '));

const server = await startServer();
const browser = await launchBrowser();
try {
  const list = await (await fetch(`${server.url}/api/puzzle?q=Sum%20of%20Two`)).json();
  const id = list.puzzles[0].id;
  const samples = { firstContentfulPaint: [], titleShown: [], statementShown: [] };
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext(); // a cold cache every time
    // Times in the page's own clock (ms since the navigation started), not the driver's.
    await context.addInitScript(() => {
      const seen = () => {
        if (!window.__titleAt && document.querySelector('#puzzle-title')) window.__titleAt = performance.now();
        if (!window.__statementAt && document.querySelector('.statement .markdown')) window.__statementAt = performance.now();
      };
      new MutationObserver(seen).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/puzzles/${id}`, { waitUntil: 'commit' });
    await page.locator('.statement .markdown').first().waitFor();
    const t = await page.evaluate(() => ({
      title: window.__titleAt,
      statement: window.__statementAt,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    await context.close();
    if (i === 0) continue; // the first run warms the server and Chromium
    samples.titleShown.push(t.title);
    samples.statementShown.push(t.statement);
    if (t.fcp !== null) samples.firstContentfulPaint.push(t.fcp);
  }
  const stats = (list) => {
    const s = [...list].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return `median ${q(0.5).toFixed(0)} ms, p90 ${q(0.9).toFixed(0)} ms, min ${s[0].toFixed(0)} ms`;
  };
  console.log(`\npuzzle page in headless Chromium (${runs} cold loads, localhost; ms from the start of navigation)`);
  console.log(`  first contentful paint       ${stats(samples.firstContentfulPaint)}`);
  console.log(`  puzzle title in the DOM      ${stats(samples.titleShown)}`);
  console.log(`  statement in the DOM         ${stats(samples.statementShown)}`);
} finally {
  await browser.close();
  await server.stop();
}
