// Browser-test harness: a fresh database, a real `arena serve` serving web/dist, Debian's
// Chromium driven by playwright-core, a collector of failed API calls, screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, openSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// playwright-core is a dev dependency of the web app (one npm ci for both).
const require = createRequire(path.join(root, 'web/package.json'));
const { chromium } = require('playwright-core');

export const outDir = process.env.E2E_OUT || path.join(root, 'build/e2e');
mkdirSync(path.join(outDir, 'screenshots'), { recursive: true });

const arenaBin = process.env.ARENA_BIN || path.join(root, 'build/bin/arena');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ARENA_TEST_DATABASE_URL names the cluster (libpq key=value form, as scripts/pg.sh prints it);
// the tests use their own database in it, dropped and created anew for every run.
function freshDatabase() {
  const base = process.env.ARENA_TEST_DATABASE_URL;
  if (!base) throw new Error('ARENA_TEST_DATABASE_URL is not set (scripts/pg.sh start; export ARENA_TEST_DATABASE_URL=$(scripts/pg.sh url))');
  const name = process.env.E2E_DB_NAME || 'arena_e2e';
  const withDb = (db) => (/dbname=\S+/.test(base) ? base.replace(/dbname=\S+/, `dbname=${db}`) : `${base} dbname=${db}`);
  const admin = withDb('postgres');
  execFileSync('psql', [admin, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return withDb(name);
}

export async function startServer() {
  const databaseUrl = freshDatabase();
  const port = await freePort();
  const settings = [
    `database.url=${databaseUrl}`,
    `server.port=${port}`,
    'server.host=127.0.0.1',
    `web.root=${path.join(root, 'web/dist')}`,
    'rooms.start_countdown_s=3',
    'games.countdown_seconds=3',
    'log.access=false',
  ];
  const args = settings.flatMap((s) => ['--set', s]);
  const env = { ...process.env };
  for (const command of ['migrate', 'seed']) {
    try {
      execFileSync(arenaBin, [...args, command], { cwd: root, env, stdio: 'pipe' });
    } catch (e) {
      throw new Error(`arena ${command} failed (${e.status ?? e.code}): ${String(e.stderr || e.message).trim().slice(-2000)}`);
    }
  }
  const log = openSync(path.join(outDir, 'arena.log'), 'w');
  const child = spawn(arenaBin, [...args, 'serve'], { cwd: root, env, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`arena serve exited with ${child.exitCode}; see ${outDir}/arena.log`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status < 500) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    /** Runs one SQL statement in the server's database (test set-up only, e.g. promoting a user). */
    sql(statement) {
      execFileSync('psql', [databaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement], { stdio: 'pipe' });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export async function launchBrowser() {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing (apt-get install chromium)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Records every /api/ response with status 404 or >= 500 (and failed requests) of a context.
 * expected: [{method, path: RegExp, status}] that a journey provokes on purpose.
 */
export function collectApiFailures(context, { expected = [] } = {}) {
  const failures = [];
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/')) return;
    const status = response.status();
    if (status !== 404 && status < 500) return;
    const method = response.request().method();
    if (expected.some((e) => e.method === method && e.path.test(url.pathname) && e.status === status)) return;
    failures.push(`${method} ${url.pathname}${url.search} -> ${status}`);
  });
  context.on('requestfailed', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) return;
    const reason = request.failure()?.errorText || 'failed';
    if (reason.includes('ERR_ABORTED')) return; // a navigation or an AbortController cancelled it
    failures.push(`${request.method()} ${url.pathname} failed: ${reason}`);
  });
  return failures;
}

/** Console errors of a page (uncaught exceptions fail the journey). */
export function collectPageErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error && error.stack ? error.stack : error)));
  return errors;
}

export async function screenshot(page, name) {
  const file = path.join(outDir, 'screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Replaces the text of a CodeMirror editor (the app exposes its API on the editor host). */
export async function setEditor(page, testid, text) {
  const host = page.locator(`[data-testid="${testid}"] .host`);
  await host.locator('.cm-content').waitFor({ state: 'visible', timeout: 20_000 });
  await host.evaluate((el, value) => el.arenaEditor.setText(value), text);
}

// Accessibility: axe-core's WCAG 2.1 A/AA rules on the current page. The script is evaluated
// through the DevTools protocol (the server's CSP rightly refuses inline scripts).
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export async function a11yViolations(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations'] }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

export const unique = (prefix) => `${prefix}${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;
