// Shared helpers of the browser tests: the built site, a static server for it, Chromium, page watchers.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

/** Chromium's path: $CHROMIUM, or Debian's package. */
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Generous limits: they catch hangs, they never measure speed. */
const TIMEOUT = 30_000;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function playwright() {
  try {
    return require('playwright-core');
  } catch (e) {
    return fail('playwright-core is not installed: run `npm ci --ignore-scripts --prefix tests/browser`');
  }
}

/** The built site's folder, given by tests/browser.rs in $INCIDEX_SITE. */
function siteDir() {
  const dir = process.env.INCIDEX_SITE;
  if (!dir) fail('INCIDEX_SITE is not set: run these tests with `cargo test --features browser`');
  if (!fs.existsSync(path.join(dir, 'incidents.json'))) fail(`${dir} holds no built archive (no incidents.json)`);
  return dir;
}

/** The published reports, newest first, as incidents.json gives them. */
function incidents(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'incidents.json'), 'utf8'));
}

/** The year of a report, in the site's time zone (incidents.json's `start` is written in it). */
/** The list data of the site in `dir` as the page gets it (list/: the index, every chunk of
 *  rows and every file of words), each file run with the function it calls stubbed:
 *  `{ index, rows, words }`, `rows` newest first as arrays of the index's columns, `words`
 *  each report's searched words by slug (its title's and those the words files give it). */
function listData(dir) {
  const vm = require('node:vm');
  const home = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const indexPath = /data-list="\.\/([^"]+)"/.exec(home)[1];
  const got = { index: null, chunks: [], shards: [] };
  const sandbox = {
    incidexIndex: (d) => { got.index = d; },
    incidexRows: (key, rows) => { if (key.startsWith('/')) got.chunks[Number(key.slice(1))] = rows; },
    incidexWords: (n, words) => { got.shards[n] = words; },
  };
  const run = (file) => vm.runInNewContext(fs.readFileSync(path.join(dir, file), 'utf8'), sandbox);
  run(indexPath);
  const folder = path.dirname(indexPath);
  got.index.rows.forEach((name) => run(path.join(folder, name)));
  got.index.shards.forEach((name) => run(path.join(folder, name)));
  const rows = got.chunks.flat();
  const slug = got.index.columns.indexOf('slug');
  const words = rows.map(() => []);
  for (const shard of got.shards) {
    for (const [word, gaps] of Object.entries(shard)) {
      let at = 0;
      for (const gap of gaps.split(',')) {
        at += parseInt(gap, 36);
        words[at++].push(word);
      }
    }
  }
  return { index: got.index, rows, words: Object.fromEntries(rows.map((r, n) => [r[slug], words[n]])) };
}

function yearOf(incident) {
  return incident.start.slice(0, 4);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/** The file a static host answers `url` with, below `root` (a real path): `{ file, stat, status }`
 *  (404.html with 404 for a missing path, a folder's index.html), or `{ reply, headers }` for an
 *  answer without a body (400 for an undecodable path, 403 outside `root`, 301 to a folder's
 *  address with its slash, 404 with no 404.html). Shared with bench/reader/run.mjs. */
function staticFile(root, url) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch (e) {
    return { reply: 400 };
  }
  let file = path.join(root, path.normalize(pathname));
  if (!file.startsWith(root)) return { reply: 403 };
  let stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat && stat.isDirectory()) {
    if (!pathname.endsWith('/')) return { reply: 301, headers: { Location: pathname + '/' } };
    file = path.join(file, 'index.html');
    stat = fs.statSync(file, { throwIfNoEntry: false });
  }
  if (stat && stat.isFile()) return { file, stat, status: 200, pathname };
  file = path.join(root, '404.html');
  stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? { file, stat, status: 404, pathname } : { reply: 404 };
}

/**
 * Serves `dir` on loopback as a plain static host does: `x/` is `x/index.html`, `x` redirects to `x/`
 * when it is a folder, and any missing path gets 404.html with status 404. Resolves to { url, close }.
 */
function serveStatic(dir) {
  const root = fs.realpathSync(dir);
  const server = http.createServer((req, res) => {
    const found = staticFile(root, req.url);
    if (found.reply) return res.writeHead(found.reply, found.headers).end();
    const type = TYPES[path.extname(found.file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(found.status, { 'Content-Type': type });
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(found.file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Headless Chromium, through playwright-core. */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    fail(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM to its path)`);
  }
  return playwright().chromium.launch({ executablePath: CHROMIUM, timeout: TIMEOUT });
}

/**
 * Records what a user's browser would complain about on `page`: console errors, uncaught
 * exceptions, failed requests and error responses (except `expectedStatus` for the page itself).
 */
function watch(page, expectedStatus = 200) {
  const problems = [];
  page.on('console', (msg) => {
    // Chromium logs the expected 404 of the 404 page itself as an error: that one is the test's own doing.
    const own = expectedStatus !== 200 && msg.location().url === page.url() && msg.text().includes(`status of ${expectedStatus}`);
    if (msg.type() === 'error' && !own) {
      problems.push(`console ${msg.type()}: ${msg.text()} (${msg.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A request cut short by the next navigation (the favicon, when a test clicks at once) is no fault of the page.
    if (request.failure() && request.failure().errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} (${request.failure() && request.failure().errorText})`);
  });
  page.on('response', (response) => {
    const isPage = response.request().isNavigationRequest() && response.frame() === page.mainFrame();
    const expected = isPage ? expectedStatus : 200;
    if (response.status() >= 400 && response.status() !== expected) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    } else if (isPage && response.status() !== expected && response.status() < 300) {
      problems.push(`HTTP ${response.status()} for the page, expected ${expected}: ${response.url()}`);
    }
  });
  return problems;
}

/**
 * Serves the built site in `dir` and launches Chromium for the tests of the calling file:
 * `server` and `browser` of the returned object are set before the first test and closed
 * after the last.
 */
function siteSession(dir) {
  const { before, after } = require('node:test');
  const session = { server: null, browser: null };
  before(async () => {
    session.server = await serveStatic(dir);
    session.browser = await launch();
  });
  after(async () => {
    if (session.browser) await session.browser.close();
    if (session.server) await session.server.close();
  });
  return session;
}

/**
 * Waits until the home page's list has taken the last change: the search is applied once typing
 * pauses, and the list data may be loading; meanwhile `#incidents` is `aria-busy`.
 */
async function settled(page) {
  await page.waitForFunction(() => {
    const list = document.querySelector('#incidents');
    return !list || !list.hasAttribute('aria-busy');
  });
}

module.exports = { CHROMIUM, TIMEOUT, fail, siteDir, incidents, listData, staticFile, yearOf, serveStatic, launch, siteSession, watch, playwright, settled };
