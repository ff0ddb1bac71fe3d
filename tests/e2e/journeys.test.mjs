// The players' journeys in a real browser against a real server (issue 8's acceptance).
// Run by tests/e2e/run.sh (make test's "browser tests" phase): node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, collectApiFailures, collectPageErrors, screenshot, setEditor, unique, a11yViolations } from './harness.mjs';

const PASSWORD = 'a long enough passphrase 42';
const SUM_OK = 'a, b = map(int, input().split())\nprint(a + b)\n';
const SUM_WRONG = 'a, b = map(int, input().split())\nprint(a - b)\n';

let server;
let browser;
const contexts = []; // {name, context, failures, errors}
const a11y = []; // serious or critical axe-core violations of the pages checked

async function check(page, name) {
  await screenshot(page, name);
  a11y.push(...(await a11yViolations(page, name)));
}

async function newUser(name) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  const failures = collectApiFailures(context);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const entry = { name, context, page, failures, errors };
  contexts.push(entry);
  return entry;
}

async function register(page, username) {
  await page.goto('/register');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('current-user').filter({ hasText: username }).waitFor();
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.context.close().catch(() => {});
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
});

let bob; // the two multiplayer players
let carol;
let alice; // the solo player: solves, comments, writes a puzzle
let aliceName;

test('register, log out, log in; the session survives a reload', async () => {
  alice = await newUser('alice');
  const { page } = alice;
  aliceName = unique('alice');
  await page.goto('/');
  await check(page, '01-home');
  await register(page, aliceName);
  assert.match(new URL(page.url()).pathname, /^\/puzzles/);

  await page.reload();
  await page.getByTestId('current-user').filter({ hasText: aliceName }).waitFor();

  // An expired access token is replaced silently with the refresh cookie (POST /api/refresh).
  await page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('arena.session'));
    localStorage.setItem('arena.session', JSON.stringify({ ...session, expiresAt: Date.now() - 1000 }));
  });
  let refreshed = page.waitForResponse((r) => r.url().endsWith('/api/refresh') && r.status() === 200);
  await page.reload();
  await refreshed;
  await page.getByTestId('current-user').filter({ hasText: aliceName }).waitFor();
  // A refused access token: the request is retried once after a refresh.
  await page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('arena.session'));
    localStorage.setItem('arena.session', JSON.stringify({ ...session, token: 'not.a.token' }));
  });
  refreshed = page.waitForResponse((r) => r.url().endsWith('/api/refresh') && r.status() === 200);
  await page.goto('/my/submissions');
  await refreshed;
  await page.getByRole('heading', { name: 'My submissions' }).waitFor();
  await page.getByText('No submissions yet').waitFor();

  await page.getByTestId('current-user').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
  await page.reload();
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
  assert.equal(await page.getByTestId('current-user').count(), 0);

  await page.goto('/login');
  await page.getByLabel('Username or email').fill(aliceName);
  await page.getByLabel('Password').fill(PASSWORD);
  await screenshot(page, '02-login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').filter({ hasText: aliceName }).waitFor();

  // A wrong password is refused with a message, not a crash.
  const other = await alice.context.browser().newContext({ baseURL: server.url });
  const otherFailures = collectApiFailures(other);
  const p2 = await other.newPage();
  await p2.goto('/login');
  await p2.getByLabel('Username or email').fill(aliceName);
  await p2.getByLabel('Password').fill('not the password at all');
  await p2.getByRole('button', { name: 'Sign in' }).click();
  await p2.getByRole('alert').filter({ hasText: 'invalid username/email or password' }).waitFor();
  await other.close();
  assert.deepEqual(otherFailures, []);
});

let puzzleUrl;

test('find a seeded puzzle and solve it in Python: accepted, then wrong answer', async () => {
  const { page } = alice;
  await page.goto('/puzzles');
  await page.getByRole('table').waitFor();
  await check(page, '03-puzzle-list');
  await page.getByLabel('Search titles').fill('Sum of');
  await page.getByRole('link', { name: 'Sum of Two' }).waitFor();
  // The filters live in the URL.
  await page.waitForURL(/q=Sum/);
  await page.getByRole('checkbox', { name: 'Beginner' }).check();
  await page.waitForURL(/difficulty=BEGINNER/);
  await page.getByRole('link', { name: 'Sum of Two' }).click();
  await page.locator('#puzzle-title', { hasText: 'Sum of Two' }).waitFor();
  puzzleUrl = new URL(page.url()).pathname;
  await page.getByRole('heading', { name: 'Examples' }).waitFor();
  await check(page, '04-puzzle');

  await page.getByTestId('solve-link').click();
  await page.getByTestId('language-picker').selectOption('python');
  await setEditor(page, 'code-editor', SUM_OK);

  await page.getByTestId('run-button').click();
  await page.getByTestId('run-results').getByText('2 / 2').waitFor({ timeout: 60_000 });

  await page.getByTestId('submit-button').click();
  const verdict = page.getByTestId('verdict');
  await verdict.and(page.locator('[data-verdict="OK"]')).waitFor({ timeout: 90_000 });
  assert.match(await verdict.innerText(), /Accepted/);
  assert.match(await verdict.innerText(), /8 \/ 8 tests passed/);
  await screenshot(page, '05-accepted');

  // The code is kept per puzzle and language: a reload shows it again.
  await page.reload();
  await page.locator('[data-testid="code-editor"] .cm-content').waitFor();
  assert.match(await page.locator('[data-testid="code-editor"] .cm-content').innerText(), /print\(a \+ b\)/);

  await setEditor(page, 'code-editor', SUM_WRONG);
  await page.getByTestId('submit-button').click();
  await page.locator('[data-testid="verdict"][data-verdict="WA"]').waitFor({ timeout: 90_000 });
  assert.match(await page.getByTestId('verdict').innerText(), /Wrong answer/);
  // A failing public test shows the diff against the expected output.
  await page.getByText('First difference on line 1').first().waitFor();
  await check(page, '06-wrong-answer');

  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('tabpanel', { name: 'History' }).getByText('WA').waitFor();
});

test('post a comment, reply to it and vote', async () => {
  const { page } = alice;
  await page.goto(puzzleUrl);
  await page.getByLabel('Add a comment').fill('Does **anyone** handle <script>alert(1)</script> here?');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const comment = page.getByTestId('comment').first();
  await comment.locator('strong', { hasText: 'anyone' }).waitFor();
  // Raw HTML is shown as text, never run.
  assert.equal(await page.locator('.markdown script').count(), 0);
  await comment.getByText('<script>alert(1)</script>').waitFor();

  await comment.getByRole('button', { name: 'Reply' }).first().click();
  await page.getByLabel(`Reply to ${aliceName}`).fill('Yes: read both numbers from one line.');
  await page.getByRole('button', { name: 'Post reply' }).click();
  const reply = comment.getByTestId('comment').first();
  await reply.getByText('read both numbers from one line').waitFor();

  await comment.getByRole('button', { name: 'Upvote' }).first().click();
  await comment.getByTestId('comment-score').first().filter({ hasText: /^1$/ }).waitFor();
  await check(page, '07-comments');
});

test('create a puzzle and submit it for review', async () => {
  const { page } = alice;
  const title = `Double It ${unique('')}`;
  await page.goto('/puzzles/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Difficulty').selectOption('BEGINNER');
  await page.getByLabel('Tags').fill('math, warmup');
  await page.getByLabel('Statement (Markdown)').fill('# Double it\n\nRead an integer **n** and print `2n`.');
  await page.getByTestId('statement-preview').locator('strong', { hasText: 'n' }).waitFor();
  await page.getByLabel('Example 1 input').fill('2\n');
  await page.getByLabel('Example 1 output').fill('4\n');
  await page.getByLabel('Test 1 input').fill('2\n');
  await page.getByLabel('Test 1 expected output').fill('4\n');
  await page.getByRole('button', { name: '+ Add a test case' }).click();
  await page.getByLabel('Test 2 input').fill('-7\n');
  await page.getByLabel('Test 2 expected output').fill('-14\n');
  await page.locator('#solution-language').selectOption('python');
  await setEditor(page, 'solution-editor', 'print(2 * int(input()))\n');
  // The reference check runs the solution on every test case without saving anything.
  await page.getByRole('button', { name: 'Check against the test cases' }).click();
  await page.getByText('2 / 2 passed').waitFor({ timeout: 60_000 });
  await check(page, '08-create-puzzle');

  await page.getByTestId('save-puzzle').click();
  await page.waitForURL(/\/puzzles\/[0-9a-f-]{36}\/edit$/);
  await page.getByTestId('puzzle-state').filter({ hasText: 'Draft' }).waitFor();

  await page.getByTestId('submit-review').click();
  await page.getByTestId('review-result').filter({ hasText: 'Submitted for review' }).waitFor({ timeout: 90_000 });
  await page.getByTestId('puzzle-state').filter({ hasText: 'Review' }).waitFor();

  await page.goto('/my/puzzles');
  const row = page.getByTestId('my-puzzle-row').filter({ hasText: title });
  await row.getByTestId('my-puzzle-state').filter({ hasText: 'Review' }).waitFor();
  await check(page, '09-my-puzzles');

  // A moderator finds it in the review queue and approves it; it joins the catalogue.
  const mod = await newUser('moderator');
  const modName = unique('mod');
  await register(mod.page, modName);
  server.sql(`UPDATE users SET role = 'moderator' WHERE username = '${modName}'`);
  await mod.page.reload();
  await mod.page.getByTestId('current-user').click();
  await mod.page.getByRole('link', { name: 'Review queue' }).click();
  const queued = mod.page.getByTestId('review-row').filter({ hasText: title });
  await queued.waitFor();
  await check(mod.page, '09b-review-queue');
  await queued.getByRole('link', { name: 'Review' }).click();
  await mod.page.getByRole('button', { name: 'Approve' }).click();
  await mod.page.getByTestId('puzzle-state').filter({ hasText: 'Approved' }).waitFor();
  await mod.page.goto('/moderation');
  await mod.page.getByText('Nothing waits for review.').waitFor();
});

test('two players play a FASTEST game to the end and both see the same winner', async () => {
  bob = await newUser('bob');
  carol = await newUser('carol');
  const bobName = unique('bob');
  const carolName = unique('carol');
  await register(bob.page, bobName);
  await register(carol.page, carolName);

  // Bob opens a public FASTEST room on Sum of Two.
  await bob.page.goto('/play');
  await bob.page.getByTestId('open-create-room').click();
  await bob.page.getByTestId('room-mode').selectOption('FASTEST');
  await bob.page.getByRole('radio', { name: 'Choose one' }).check();
  await bob.page.getByLabel('Search a puzzle').fill('Sum of Two');
  await bob.page.getByRole('radio', { name: /Sum of Two/ }).check();
  await screenshot(bob.page, '10-create-room');
  await bob.page.getByTestId('create-room').click();
  await bob.page.waitForURL(/\/rooms\/[0-9a-f-]{36}/);
  await bob.page.getByTestId('room-players').getByText(bobName).waitFor();

  // Carol sees it appear in the lobby and joins.
  await carol.page.goto('/play');
  const room = carol.page.getByTestId('lobby-room').filter({ hasText: bobName });
  await room.waitFor();
  await check(carol.page, '11-lobby');
  await room.getByRole('link', { name: /Join/ }).click();
  await carol.page.getByTestId('room-players').getByText(bobName).waitFor();
  await bob.page.getByTestId('room-players').getByText(carolName).waitFor();

  // Chat in the waiting room.
  await carol.page.getByRole('textbox', { name: 'Message', exact: true }).fill('good luck!');
  await carol.page.getByRole('button', { name: 'Send' }).click();
  await bob.page.getByTestId('chat-log').getByText('good luck!').waitFor();
  await check(bob.page, '12-waiting-room');

  await bob.page.getByTestId('start-game').click();
  await Promise.all([bob.page.waitForURL(/\/games\/[0-9a-f-]{36}/, { timeout: 60_000 }), carol.page.waitForURL(/\/games\/[0-9a-f-]{36}/, { timeout: 60_000 })]);
  assert.equal(new URL(bob.page.url()).pathname, new URL(carol.page.url()).pathname);

  // Playing: the statement shows once the countdown is over and Submit is enabled.
  for (const p of [bob.page, carol.page]) {
    await p.getByTestId('game-submit').and(p.locator(':enabled')).waitFor({ timeout: 60_000 });
    await p.getByTestId('game-timer').waitFor();
  }
  await check(carol.page, '13-game');

  await setEditor(bob.page, 'game-editor', SUM_OK);
  await bob.page.getByTestId('game-submit').click();
  await bob.page.getByTestId('my-game-submissions').getByText('OK').waitFor({ timeout: 90_000 });
  // Carol sees Bob's result in the standings before her own.
  await carol.page.getByTestId('standings').getByText(bobName).waitFor();

  await setEditor(carol.page, 'game-editor', SUM_OK);
  await carol.page.getByTestId('game-submit').click();

  for (const p of [bob.page, carol.page]) await p.getByTestId('game-over').waitFor({ timeout: 90_000 });
  const bobSees = await bob.page.getByTestId('winner').innerText();
  const carolSees = await carol.page.getByTestId('winner').innerText();
  assert.equal(bobSees, bobName);
  assert.equal(carolSees, bobName);
  await check(bob.page, '14-game-over');

  // The room is waiting again: the end screen leads back to it for a rematch, both still in it.
  await bob.page.getByRole('link', { name: 'Back to the room (rematch)' }).click();
  await bob.page.waitForURL(/\/rooms\/[0-9a-f-]{36}/);
  await bob.page.getByTestId('room-players').getByText(carolName).waitFor();
  await bob.page.getByTestId('start-game').waitFor();

  // The finished game counts on the leaderboard and on the winner's profile.
  await carol.page.getByRole('link', { name: 'Leaderboard' }).first().click();
  const board = carol.page.getByRole('region', { name: /Most wins/ });
  await board.getByRole('row').filter({ hasText: bobName }).getByRole('cell', { name: '1', exact: true }).first().waitFor();
  await screenshot(carol.page, '14b-leaderboard');
  await board.getByRole('link', { name: bobName }).click();
  await carol.page.getByRole('heading', { name: bobName, level: 1 }).waitFor();
  await carol.page.getByRole('region', { name: 'Recent games' }).getByRole('link', { name: 'FASTEST' }).waitFor();
});

test('quick match puts two players in the same room, which starts by itself', async () => {
  assert.ok(bob && carol, 'needs the players of the FASTEST game');
  for (const p of [bob.page, carol.page]) {
    await p.goto('/play');
    await p.getByRole('button', { name: 'Find a match: Fastest' }).click();
  }
  await carol.page.getByTestId('queue-status').or(carol.page.locator('#room-info')).first().waitFor();
  await Promise.all([bob.page.waitForURL(/\/games\/[0-9a-f-]{36}/, { timeout: 60_000 }), carol.page.waitForURL(/\/games\/[0-9a-f-]{36}/, { timeout: 60_000 })]);
  assert.equal(new URL(bob.page.url()).pathname, new URL(carol.page.url()).pathname);
  await carol.page.getByTestId('game-timer').waitFor({ timeout: 30_000 });
  await screenshot(carol.page, '14c-quick-match-game');
  for (const p of [bob.page, carol.page]) {
    p.once('dialog', (dialog) => dialog.accept());
    await p.getByRole('button', { name: 'Leave game' }).click();
    await p.waitForURL(/\/play$/);
  }
});

test('a private room is joined through its invite link', async () => {
  assert.ok(bob && carol, 'needs the players of the FASTEST game');
  await bob.page.goto('/play');
  await bob.page.getByTestId('open-create-room').click();
  await bob.page.getByTestId('room-mode').selectOption('FASTEST');
  await bob.page.getByTestId('room-private').check();
  await bob.page.getByTestId('create-room').click();
  const link = await bob.page.getByTestId('invite-link').inputValue();
  assert.match(link, /\/rooms\/[0-9a-f-]{36}\?code=\w+/);
  // Not listed in the lobby; the link lets Carol in.
  await carol.page.goto('/play');
  await carol.page.getByRole('heading', { name: 'Open rooms' }).waitFor();
  assert.equal(await carol.page.getByTestId('lobby-room').filter({ hasText: bob.page.url().split('/rooms/')[1].slice(0, 8) }).count(), 0);
  await carol.page.goto(link);
  await carol.page.getByTestId('room-players').getByText('host').waitFor();
  await bob.page.getByTestId('room-players').locator('li').nth(1).waitFor();
  // Without the code the room does not exist for others.
  const roomPath = new URL(link).pathname;
  await alice.page.goto(roomPath);
  await alice.page.getByText('There is no such room, or it is private.').or(alice.page.getByText('you need its invite link')).first().waitFor();
  for (const p of [carol.page, bob.page]) {
    await p.getByTestId('leave-room').click();
    await p.waitForURL(/\/play$/);
  }
});

test('a dead connection shows "reconnecting", then live again', async () => {
  const { page } = alice;
  let dead = false;
  const sockets = [];
  await page.routeWebSocket(/\/socket\/websocket/, (ws) => {
    if (dead) return ws.close();
    ws.connectToServer();
    sockets.push(ws);
  });
  await page.goto('/play');
  const badge = page.getByTestId('connection');
  await page.locator('[data-testid="connection"][data-status="open"]').waitFor();
  dead = true;
  for (const ws of sockets) await ws.close();
  await badge.getByText('Reconnecting').waitFor();
  await screenshot(page, '17-reconnecting');
  dead = false;
  await page.locator('[data-testid="connection"][data-status="open"]').waitFor({ timeout: 30_000 });
  // The lobby rejoined: its rooms list is back (not a frozen page).
  await page.getByRole('heading', { name: 'Open rooms' }).waitFor();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('responsive: the puzzle page and the menu work at a phone width', async () => {
  const { page } = alice;
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(puzzleUrl);
  await page.locator('#puzzle-title', { hasText: 'Sum of Two' }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 380, `the page scrolls sideways at 375 px (${width} px wide)`);
  await page.goto(`${puzzleUrl}/solve`);
  await page.locator('[data-testid="code-editor"] .cm-content').waitFor();
  const solveWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(solveWidth <= 380, `the solve page scrolls sideways at 375 px (${solveWidth} px wide)`);
  await check(page, '15-phone-solve');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Multiplayer' }).click();
  await page.waitForURL(/\/play$/);
  await screenshot(page, '16-phone-lobby');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no page called a missing API route or got a server error; no uncaught exception', () => {
  for (const { name, failures, errors } of contexts) {
    assert.deepEqual(failures, [], `${name}: failed API calls`);
    assert.deepEqual(errors, [], `${name}: uncaught exceptions`);
  }
});

test('accessibility: no serious or critical WCAG 2.1 AA violation (axe-core) on the pages checked', () => {
  assert.deepEqual(a11y, []);
});
