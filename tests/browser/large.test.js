// A large archive's home page in Chromium: it lists the newest 200 reports, and filters, the search and "Show 200 more" load the rest from the list data in pieces (list/: the index, chunks of 200 rows, files of words), built like the page's own rows; the page holds only the rows it shows.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { TIMEOUT, fail, listData, serveStatic, launch, watch, settled } = require('./lib');

const BIN = process.env.INCIDEX_BIN || fail('INCIDEX_BIN is not set: run these tests with `cargo test --features browser`');
// Four chunks of rows (200, 200, 200, 50); 2020 (366 days) is the oldest 366 reports, in the
// last three chunks only.
const COUNT = 650;
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'];
const LIMIT = { timeout: 180_000 };

let dir;
let all;
let server;
let browser;
let page;
let problems;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incidex-large-'));
  const content = path.join(dir, 'content');
  fs.mkdirSync(content);
  fs.writeFileSync(path.join(dir, 'incidex.yaml'), 'title: Large archive\nlanguage: en\ntimezone: UTC\n');
  for (let n = 0; n < COUNT; n++) {
    const day = new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
    const impact = n % 3 ? 'Yes - Slow answers' : 'No';
    const cost = n % 5 ? `\n### Cost impact\n- Downtime: ${n % 50 + 1} minutes\n- Lost: $${n}.50\n` : '';
    fs.writeFileSync(
      path.join(content, `report-${String(n).padStart(4, '0')}.md`),
      `## Incident ${day} 10:00 — Report number ${n}\n\n**Type:** Downtime\n**Severity:** ${SEVERITIES[n % 4]}\n` +
        `**Duration:** ${n % 50 + 1} minutes\n**User impact:** ${impact}\n\n### Root cause\nA cause, word${n}x${n === 3 ? ', zygote' : ''}.\n\n` +
        `### Symptoms\nAlerts tag${n}q, code${n}k, host${n}h.\n\n### Immediate actions\nActions.\n\n### Resolution\nFixed.\n\n### Prevention\nNothing.\n${cost}`,
    );
  }
  execFileSync(BIN, ['--root', dir, 'build', '--output', path.join(dir, 'public')], { env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
  all = JSON.parse(fs.readFileSync(path.join(dir, 'public', 'incidents.json'), 'utf8'));
  assert.equal(all.length, COUNT);
  server = await serveStatic(path.join(dir, 'public'));
  browser = await launch();
  page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  problems = watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const visible = () =>
  page.$$eval('#incidents [data-incident]', (rows) => rows.filter((r) => r.checkVisibility()).map((r) => r.getAttribute('data-incident')));
const count = () => page.$eval('#shown-count', (e) => e.textContent.trim());

test('the home page lists the newest 200 and says the list is partial', LIMIT, async () => {
  await page.goto(server.url, { waitUntil: 'networkidle' });
  const shown = await visible();
  assert.deepEqual(shown, all.slice(0, 200).map((i) => i.slug));
  assert.equal(await count(), `200 of ${COUNT} incidents shown`);
  assert.ok(await page.isVisible('#list-partial'), 'the note about the partial list');
  assert.ok(await page.isVisible('#show-all'), 'the "Show more" button');
  assert.equal((await page.textContent('#show-all')).trim(), 'Show 200 more');
  assert.deepEqual(problems, []);
});

const rowsInPage = () => page.$$eval('#incidents tr[data-incident]', (rows) => rows.length);

test('a filter leaves in the page only the rows it shows', LIMIT, async () => {
  await page.goto(`${server.url}?severity=low`, { waitUntil: 'networkidle' });
  await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
  const want = all.filter((i) => i.severity === 'low').length;
  assert.equal(await rowsInPage(), want);
  assert.equal(await page.getAttribute('#incidents', 'aria-busy'), null);
  assert.deepEqual(problems, []);
});

test('while the list data loads, the list says so instead of "no results"', LIMIT, async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/list/index.*.js', async (route) => { await held; await route.continue(); });
  try {
    await page.goto(server.url, { waitUntil: 'networkidle' });
    await page.fill('#search', 'word3x');
    // Once typing pauses, the search needs the list data, which is held back.
    await page.waitForFunction(() => document.querySelector('#shown-count').textContent.trim() === 'Loading the full list…');
    assert.equal(await page.getAttribute('#incidents', 'aria-busy'), 'true');
    assert.ok(!(await page.isVisible('#no-results')), 'no "no results" while loading');
    release();
    await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
    await settled(page);
    assert.deepEqual(await visible(), ['report-0003']);
  } finally {
    release();
    await page.unroute('**/list/index.*.js');
  }
  assert.deepEqual(problems, []);
});

test('a filter covers the whole archive: the rest of the list is loaded', LIMIT, async () => {
  await page.goto(server.url, { waitUntil: 'networkidle' });
  await page.click('a[data-filter="severity:low"]');
  await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
  const want = all.filter((i) => i.severity === 'low').map((i) => i.slug);
  assert.deepEqual(await visible(), want);
  assert.equal(await count(), `${want.length} of ${COUNT} incidents shown`);
  assert.ok(!(await page.isVisible('#list-partial')), 'no partial note while filtering');
  // Reset: back to the newest 200, the note again.
  await page.click('#reset-filters');
  assert.equal((await visible()).length, 200);
  assert.ok(await page.isVisible('#list-partial'));
  assert.deepEqual(problems, []);
});

test('the search finds an old report by a word of its cause', LIMIT, async () => {
  await page.goto(server.url, { waitUntil: 'networkidle' });
  await page.fill('#search', 'word3x');
  await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
  await settled(page);
  assert.deepEqual(await visible(), ['report-0003']);
  assert.deepEqual(problems, []);
});

test('a shared URL with several filters shows rows that lie beyond the first chunk', LIMIT, async () => {
  const asked = [];
  const onRequest = (request) => asked.push(new URL(request.url()).pathname);
  page.on('request', onRequest);
  await page.goto(`${server.url}?severity=low,high&year=2020`, { waitUntil: 'networkidle' });
  await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
  await settled(page);
  page.off('request', onRequest);
  // The rows come from the chunks of each severity's rows: one for the 162 low reports, one
  // for the 163 high ones.
  const data = listData(path.join(dir, 'public'));
  assert.deepEqual(
    asked.filter((p) => p.includes('/list/rows-')).sort(),
    [data.index.severity_rows.high[0], data.index.severity_rows.low[0]].map((name) => `/list/${name}`).sort(),
  );
  const want = all.filter((i) => ['low', 'high'].includes(i.severity) && i.start.startsWith('2020')).map((i) => i.slug);
  // 2020's reports are the 366 oldest: positions 284 to 649, none in the page's first 200.
  assert.equal(want.length, 183);
  assert.ok(all.slice(0, 200).every((i) => !want.includes(i.slug)));
  assert.deepEqual(await visible(), want.slice(0, 183));
  assert.equal(await count(), `183 of ${COUNT} incidents shown`);
  assert.deepEqual(problems, []);
});

test('a search loads only the words file of its word, here the last one', LIMIT, async () => {
  const data = listData(path.join(dir, 'public'));
  assert.ok(data.index.shards.length >= 3, `several words files: ${data.index.shards}`);
  const file = data.index.shards[data.index.words.zy];
  assert.equal(file, data.index.shards[data.index.shards.length - 1]);
  await page.goto(server.url, { waitUntil: 'networkidle' });
  const asked = [];
  const onRequest = (request) => asked.push(new URL(request.url()).pathname);
  page.on('request', onRequest);
  await page.fill('#search', 'ZYGO');
  await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
  await settled(page);
  page.off('request', onRequest);
  assert.deepEqual(await visible(), ['report-0003']);
  const words = asked.filter((p) => p.includes('/list/words-'));
  assert.deepEqual(words, [`/list/${file}`]);
  // Its row is in the last chunk: that chunk, and no other.
  const rows = asked.filter((p) => p.includes('/list/rows-'));
  assert.deepEqual(rows, [`/list/${data.index.rows[3]}`]);
  assert.deepEqual(problems, []);
});

test('a chunk that cannot be loaded: the note says so and points to the listings, no count, no "no results"', LIMIT, async () => {
  await page.route('**/list/rows-*', (route) => route.abort());
  try {
    await page.goto(`${server.url}?severity=low&year=2020`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
    await page.waitForFunction(() => !document.querySelector('#incidents[aria-busy]'));
    assert.equal(
      (await page.textContent('#list-partial p')).trim(),
      'The full list could not be loaded: use the listings by severity, type or year.',
    );
    assert.ok(await page.isVisible('#list-partial'));
    assert.equal((await count()), '');
    assert.ok(!(await page.isVisible('#no-results')), 'no "no results"');
  } finally {
    await page.unroute('**/list/rows-*');
    // The aborted requests were this test's own doing.
    problems.length = 0;
  }
});

test('"Show more" shows the next reports, and loaded rows read like the rows of the pages', LIMIT, async () => {
  await page.goto(server.url, { waitUntil: 'networkidle' });
  for (let shown = 400; shown <= COUNT + 150; shown += 200) {
    await page.click('#show-all');
    await page.waitForFunction((n) => document.querySelectorAll('#incidents tr[data-incident]').length === n, Math.min(shown, COUNT));
  }
  await settled(page);
  assert.deepEqual(await visible(), all.map((i) => i.slug));
  assert.equal(await count(), `${COUNT} of ${COUNT} incidents shown`);
  assert.ok(!(await page.isVisible('#show-all')), 'nothing more to show');
  // A row built by the script against the same row rendered by the template on a listing page.
  const cells = (selector) =>
    page.$$eval(selector, (rows) =>
      rows.map((r) => [...r.children].map((c) => [c.tagName, c.className, c.getAttribute('data-label'), c.textContent.trim(), c.innerHTML.replace(/href="[^"]*"/g, '')])),
    );
  const loaded = await cells('#incidents [data-incident="report-0000"], #incidents [data-incident="report-0001"], #incidents [data-incident="report-0002"]');
  // The oldest reports: the last page of the listing of their year.
  await page.goto(`${server.url}year/2020/page/4/`, { waitUntil: 'networkidle' });
  const rendered = await cells('#incidents [data-incident="report-0000"], #incidents [data-incident="report-0001"], #incidents [data-incident="report-0002"]');
  assert.equal(loaded.length, 3);
  assert.deepEqual(loaded, rendered);
  assert.deepEqual(problems, []);
});
