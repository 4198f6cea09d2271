// An archive built for disk (`build --links file`) opened from file:// in Chromium, as a reader who unzipped it would: every page reached by its links (never a folder listing), the filters, the search and the list data, without a failed request or a console error.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { test, before, after } = require('node:test');
const { TIMEOUT, fail, siteDir, incidents, launch, watch, settled } = require('./lib');

const BIN = process.env.INCIDEX_BIN || fail('INCIDEX_BIN is not set: run these tests with `cargo test --features browser`');
const LIMIT = { timeout: 180_000 };

/** The example archive, built by tests/browser.rs with `--links file`. */
const dir = siteDir();
const all = incidents(dir);

let browser;
let page;
let problems;

before(async () => {
  assert.ok(all.length >= 3, 'these tests need an archive of at least three reports');
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
});

/** A fresh page watched for problems, at `file` of `site` (a path below it, with any query). */
async function open(site, file = 'index.html') {
  if (page) await page.context().close();
  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  problems = watch(page);
  const [name, query] = file.split('?');
  const url = pathToFileURL(path.join(site, name)).href + (query ? `?${query}` : '');
  await page.goto(url, { waitUntil: 'load' });
  await isAPage(site, name);
}

/** The page shown is the file `expected` (from the site's folder) of the archive, styled: not a folder's listing. */
async function isAPage(site, expected) {
  const url = new URL(page.url());
  assert.equal(url.protocol, 'file:');
  const root = pathToFileURL(site + path.sep).pathname;
  assert.equal(decodeURIComponent(url.pathname), decodeURIComponent(root) + expected, 'the page opened');
  assert.ok(await page.$('main#main'), `${expected} is one of the archive's pages`);
  // The skip link is placed out of sight by the stylesheet (its rules cannot be read from file://).
  const styled = await page.$eval('a.skip-link', (a) => getComputedStyle(a).position === 'absolute');
  assert.ok(styled, `${expected} has its stylesheet`);
  assert.equal(await page.getAttribute('html', 'data-links'), 'file');
}

/** Clicks `selector` (the first match) and waits for the page it leads to, which must be `expected`. */
async function follow(site, selector, expected) {
  const before = page.url();
  await page.locator(selector).first().click();
  await page.waitForURL((url) => url.href !== before);
  await page.waitForLoadState('load');
  await isAPage(site, expected);
}

const slugs = () =>
  page.$$eval('#incidents [data-incident]', (rows) => rows.filter((r) => r.checkVisibility()).map((r) => r.getAttribute('data-incident')));

test('the navigation, a listing, an incident and previous/next work from disk', LIMIT, async () => {
  await open(dir);
  await follow(dir, 'header nav a[href="./stats/index.html"]', 'stats/index.html');
  assert.equal(await page.getAttribute('header nav a[aria-current="page"]', 'href'), '../stats/index.html');
  await follow(dir, 'header nav a[href="../actions/index.html"]', 'actions/index.html');
  await follow(dir, 'header nav a[href="../index.html"]', 'index.html');
  // The services' index, then one service's listing, then its newest incident.
  await follow(dir, 'a.chip-all[href="./service/index.html"]', 'service/index.html');
  const service = await page.getAttribute('main a.chip[href^="../service/"]', 'href');
  await follow(dir, `main a.chip[href="${service}"]`, service.slice('../'.length));
  const first = await page.getAttribute('#incidents [data-incident]', 'data-incident');
  await follow(dir, `#incidents [data-incident="${first}"] a`, `incidents/${first}/index.html`);
  // Previous and next, in the order of incidents.json (newest first).
  const at = all.findIndex((i) => i.slug === first);
  const older = all[at + 1] || all[at - 1];
  const rel = all[at + 1] ? 'prev' : 'next';
  await follow(dir, `a[rel="${rel}"]`, `incidents/${older.slug}/index.html`);
  await follow(dir, `a[rel="${rel === 'prev' ? 'next' : 'prev'}"]`, `incidents/${first}/index.html`);
  // Back to the home page from the incident's own link.
  await follow(dir, 'p.back a', 'index.html');
  assert.deepEqual(problems, []);
});

test('the 404 page opened from disk leads back into the archive', LIMIT, async () => {
  await open(dir, '404.html');
  await follow(dir, 'main a[href="./stats/index.html"]', 'stats/index.html');
  assert.deepEqual(problems, []);
});

test('a severity chip and a search filter the rows, and a result opens its page', LIMIT, async () => {
  await open(dir);
  const severity = all[0].severity;
  await page.click(`a[data-filter="severity:${severity}"]`);
  assert.deepEqual(await slugs(), all.filter((i) => i.severity === severity).map((i) => i.slug));
  await page.click('#reset-filters');
  // The search loads the list data (a script, which file:// allows where fetch() is refused).
  const wanted = all[all.length - 1];
  const word = wanted.title.split(/\s+/).find((w) => w.length > 4);
  await page.fill('#search', word);
  await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
  await settled(page);
  const shown = await slugs();
  assert.ok(shown.includes(wanted.slug), `searching "${word}" shows ${wanted.slug}: ${shown}`);
  await follow(dir, `#incidents [data-incident="${wanted.slug}"] a`, `incidents/${wanted.slug}/index.html`);
  assert.deepEqual(problems, []);
});

/** A large archive built for disk: its home page lists the newest 200 reports, the script builds the other rows. */
function largeArchive() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'incidex-file-'));
  const content = path.join(root, 'content');
  fs.mkdirSync(content);
  fs.writeFileSync(path.join(root, 'incidex.yaml'), 'title: Large archive\nlanguage: en\nlinks: file\n');
  for (let n = 0; n < 230; n++) {
    const day = new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
    fs.writeFileSync(
      path.join(content, `report-${String(n).padStart(4, '0')}.md`),
      `## Incident ${day} 10:00 — Report number ${n}\n\n**Type:** Downtime\n**Severity:** High\n` +
        `**Duration:** 5 minutes\n**User impact:** No\n\n### Root cause\nA cause, word${n}x.\n\n` +
        '### Symptoms\nSymptoms.\n\n### Immediate actions\nActions.\n\n### Resolution\nFixed.\n\n### Prevention\nNothing.\n',
    );
  }
  execFileSync(BIN, ['--root', root, 'build'], { env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
  return root;
}

test('a large archive: rows the script builds and listing pages link to files too', LIMIT, async () => {
  const root = largeArchive();
  const site = path.join(root, 'public');
  try {
    await open(site);
    assert.equal((await slugs()).length, 200);
    // report-0005 is older than the newest 200: its row comes from the list data.
    await page.fill('#search', 'word5x');
    await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached' });
    await settled(page);
    assert.deepEqual(await slugs(), ['report-0005']);
    assert.equal(await page.getAttribute('[data-incident="report-0005"] a', 'href'), 'incidents/report-0005/index.html');
    await follow(site, '[data-incident="report-0005"] a', 'incidents/report-0005/index.html');
    // The year's listing holds 230 reports: 3 pages of 100.
    await open(site, 'year/2020/index.html');
    await follow(site, 'a[rel="next"]', 'year/2020/page/2/index.html');
    await follow(site, 'nav a[aria-label$=" 3"], nav a[aria-label$="3"]', 'year/2020/page/3/index.html');
    await follow(site, 'a[rel="prev"]', 'year/2020/page/2/index.html');
    await follow(site, 'a[rel="prev"]', 'year/2020/index.html');
    assert.deepEqual(problems, []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
