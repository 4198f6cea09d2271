#!/usr/bin/env node
// bench/reader/run.mjs — the reader side of a large archive in Chromium (issue 22's budgets).
//
// What it measures, per corpus of N generated reports (gen_corpus.py --format seed, built by incidex):
//   1. Shared filter URL: open /?severity=critical&year=Y (Y: the year with the most critical
//      reports). Time from navigation start until the rows are shown (#shown-count gives the
//      expected number, a matching row is visible, #incidents is not aria-busy="true"), the
//      transfer, the rows (`tbody tr`) and elements in the DOM, the renderer's memory.
//   2. Search: open /, fill #search with a word of the causes (the 20th most frequent word of 6+
//      letters in the Cause sections, by number of reports). Time from the input event until
//      the count is the expected one (computed from the list data as README says the search works).
//   3. Show more: open /, click #show-all ("Afficher 200 de plus"; "Tout afficher" before it
//      became that); time until the page counts the rows it should then hold, rows, memory.
//   4. Filter change with data loaded: after 1, in the same page, click the `high` severity chip.
//   5. Search keystroke with data loaded: after 2, in the same page, type one more letter.
//   6. Phone (10,000 only): 1 with slow 4G (150 ms, 200,000 B/s down, 93,750 B/s up) and a
//      4x CPU slowdown through CDP, in a 390x844 touch viewport.
// Each run opens a fresh browser context (no cache); each figure is the median of --runs.
// Times are measured in the page (performance.now()): a requestAnimationFrame loop notices the
// condition, and the time is taken after that frame was rendered (a message posted from it).
// Interactions are timed from the input/click event as the page receives it.
// Transfer: the bytes of response bodies the local server writes (text types gzip-compressed,
// level 6, when the request accepts gzip, as a CDN would), from the start of a scenario to its
// end (the condition met, then no request for 500 ms); headers are not counted. 1 KB = 1000 B.
// The search's transfer counts the home page too (the JSON also has the part after the typing,
// and each step's requests). A scenario that passes its timeout (--timeout) is reported as one.
// Renderer memory: private memory (Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup)
// of the largest renderer process of the browser (the page's own: each context is closed after
// its run); Pss is in the JSON too. 1 MB = 1,000,000 B.
// It is a benchmark, not a test: it prints a Markdown table per corpus, each figure against its
// budget (✓/✗), and exits 0 unless a tool is missing (2) or a step fails outright (1).
//
// Run (Node 20; playwright-core from tests/browser: `npm ci --ignore-scripts --no-audit
// --no-fund --prefix tests/browser` once; Chromium at /usr/bin/chromium or $CHROMIUM):
//   node bench/reader/run.mjs --incidex /path/to/release/incidex [--counts 10000,100000]
//        [--runs 3] [--out /dev/shm/incidex-reader-bench] [--json figures.json] [--rebuild]
//        [--timeout 120]
// Corpora (<out>/cN/content) and sites (<out>/cN/public) are reused when present; --rebuild
// builds the sites again (after a new binary). $GEN_CORPUS overrides the generator's path.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The generator lives beside the repository (../shared/bench), as the developers' brief has it.
const GEN = process.env.GEN_CORPUS || path.resolve(ROOT, '../shared/bench/gen_corpus.py');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const { values: opt } = parseArgs({
  options: {
    incidex: { type: 'string', default: process.env.INCIDEX_BIN },
    counts: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: '/dev/shm/incidex-reader-bench' },
    json: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '120' },
  },
});
const COUNTS = opt.counts.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
const RUNS = Math.max(1, Number(opt.runs));
const TIMEOUT = Number(opt.timeout) * 1000;

function missing(message) {
  console.error(`missing tool: ${message}`);
  process.exit(2);
}
const log = (...a) => console.error('#', ...a);
// The list data read as the page reads it, and the files a static host answers with
// (tests/browser/lib.js, shared with the browser tests).
const { listData, staticFile } = createRequire(import.meta.url)(path.join(ROOT, 'tests/browser/lib.js'));

function playwright() {
  const req = createRequire(path.join(ROOT, 'tests/browser/package.json'));
  try {
    return req('playwright-core');
  } catch {
    return missing(`playwright-core: run \`npm ci --ignore-scripts --no-audit --no-fund --prefix tests/browser\` in ${ROOT}`);
  }
}

// ---- Corpus, site and the expected figures ----

function fold(s) {
  return String(s || '').toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

function prepare(n) {
  const dir = path.join(opt.out, `c${n}`);
  const content = path.join(dir, 'content');
  const site = path.join(dir, 'public');
  if (!fs.existsSync(content) || fs.readdirSync(content).length === 0) {
    if (!fs.existsSync(GEN)) missing(`the corpus generator ${GEN}`);
    fs.mkdirSync(dir, { recursive: true });
    log(`generating ${n} reports in ${content}`);
    execFileSync('python3', [GEN, '--count', String(n), '--format', 'seed', '--out', content], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.rmSync(path.join(dir, 'cause-word.json'), { force: true });
  }
  const config = 'title: Bench\nlanguage: fr\ntimezone: Europe/Paris\n';
  const yaml = path.join(dir, 'incidex.yaml');
  if (!fs.existsSync(yaml) || fs.readFileSync(yaml, 'utf8') !== config) fs.writeFileSync(yaml, config);
  if (opt.rebuild || !fs.existsSync(path.join(site, 'incidents.json'))) {
    if (!opt.incidex || !fs.existsSync(opt.incidex)) missing(`an incidex binary (--incidex; given: ${opt.incidex})`);
    log(`building ${dir} with ${opt.incidex}`);
    const t = Date.now();
    execFileSync(opt.incidex, ['build'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
    log(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return { dir, content, site };
}

/** The 20th most frequent word (6+ letters, folded) of the Cause sections, by number of reports. */
function causeWord(dir, content) {
  const cache = path.join(dir, 'cause-word.json');
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8'));
  const freq = new Map();
  for (const name of fs.readdirSync(content).sort()) {
    if (!name.endsWith('.md')) continue;
    const text = fs.readFileSync(path.join(content, name), 'utf8');
    const m = /^###\s*Cause\s*$([\s\S]*?)(?=^#{1,3}\s|(?![\s\S]))/m.exec(text);
    if (!m) continue;
    const words = new Set((m[1].match(/\p{L}+/gu) || []).map(fold).filter((w) => w.length >= 6));
    for (const w of words) freq.set(w, (freq.get(w) || 0) + 1);
  }
  const ranked = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (!ranked.length) throw new Error(`no Cause section in ${content}`);
  const [word, reports] = ranked[Math.min(19, ranked.length - 1)];
  const found = { word, reports, rank: Math.min(20, ranked.length) };
  fs.writeFileSync(cache, JSON.stringify(found));
  return found;
}

function expectations(prep) {
  const all = JSON.parse(fs.readFileSync(path.join(prep.site, 'incidents.json'), 'utf8'));
  const yearOf = (i) => String(i.start).slice(0, 4);
  const perYear = new Map();
  for (const i of all) if (i.severity === 'critical') perYear.set(yearOf(i), (perYear.get(yearOf(i)) || 0) + 1);
  const [year, critical] = [...perYear.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0];
  const high = all.filter((i) => ['critical', 'high'].includes(i.severity) && yearOf(i) === year).length;
  // The search as README describes it: every folded word of the query begins a word of the
  // report (its title's, and the summary, cause and symptom words the list data gives it).
  const data = listData(prep.site);
  const slugAt = data.index.columns.indexOf('slug');
  const reports = data.rows.map((r) => data.words[r[slugAt]]);
  const searchCount = (q) => {
    const words = fold(q).split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
    return reports.filter((own) => words.every((w) => own.some((o) => o.startsWith(w)))).length;
  };
  const cw = causeWord(prep.dir, prep.content);
  const found = searchCount(cw.word);
  if (!found) throw new Error(`the search word ${cw.word} finds nothing in ${prep.site}`);
  // One more letter: the first that still finds something and changes the count, else the first that changes it.
  let letter = null;
  let after = null;
  for (const pass of [true, false]) {
    for (const c of 'abcdefghijklmnopqrstuvwxyz') {
      const k = searchCount(cw.word + c);
      if (k !== found && (!pass || k > 0)) { letter = c; after = k; break; }
    }
    if (letter) break;
  }
  return { total: all.length, year, critical, high, word: cw.word, wordReports: cw.reports, found, letter, after };
}

// ---- The static server: gzip as a CDN would, body bytes counted ----

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.xml': 'application/xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.woff2': 'font/woff2',
};
const TEXT = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.xml']);

function serve(dir) {
  const root = fs.realpathSync(dir);
  const gz = new Map();
  const stats = { bytes: 0, requests: 0, active: 0, last: Date.now(), log: [] };
  const gzipped = (file, stat) => {
    const hit = gz.get(file);
    if (hit && hit.mtime === stat.mtimeMs && hit.size === stat.size) return hit.body;
    const body = zlib.gzipSync(fs.readFileSync(file), { level: 6 });
    gz.set(file, { mtime: stat.mtimeMs, size: stat.size, body });
    return body;
  };
  const server = http.createServer((req, res) => {
    stats.active++;
    stats.requests++;
    stats.last = Date.now();
    res.on('close', () => { stats.active--; stats.last = Date.now(); });
    const found = staticFile(root, req.url);
    if (found.reply) return res.writeHead(found.reply, found.headers).end();
    const { file, stat, status, pathname } = found;
    const ext = path.extname(file).toLowerCase();
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
    let body;
    if (TEXT.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipped(file, stat);
      headers['Content-Encoding'] = 'gzip';
    } else {
      body = fs.readFileSync(file);
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    stats.bytes += body.length;
    stats.log.push([pathname, body.length]);
    res.end(body);
  });
  // Compress the big files once before measuring: a CDN serves them from its cache.
  for (const name of fs.readdirSync(root)) {
    const file = path.join(root, name);
    if (name.endsWith('.html')) gzipped(file, fs.statSync(file));
  }
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, stats, close: () => new Promise((d) => server.close(d)) }));
  });
}

/** Resolves once no request has been open for `quiet` ms (at most `max` ms). */
async function networkQuiet(stats, quiet = 500, max = 15_000) {
  const end = Date.now() + max;
  while (Date.now() < end) {
    if (stats.active === 0 && Date.now() - stats.last >= quiet) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- The renderer's memory ----

/** The pid of the browser process launched with `tag` on its command line. */
function browserPid(tag) {
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd.includes(tag) && !cmd.some((a) => a.startsWith('--type='))) return pid;
    } catch { /* gone */ }
  }
  return null;
}

function rendererMemory(browserPid) {
  const parent = new Map();
  const renderers = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid);
    } catch { /* gone */ }
  }
  const descends = (pid) => { for (let p = pid; p && p !== '0'; p = parent.get(p)) if (p === String(browserPid)) return true; return false; };
  let best = null;
  for (const pid of renderers.filter(descends)) {
    try {
      const t = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(t) || [0, 0])[1]) * 1024;
      const m = { pid: Number(pid), private: kb('Private_Clean') + kb('Private_Dirty'), pss: kb('Pss'), rss: kb('Rss') };
      if (!best || m.private > best.private) best = m;
    } catch { /* gone */ }
  }
  return best;
}

// ---- In the page ----

/** Installed before the page's scripts: notes input and click times, and when `want` first holds (after its frame). */
function instrument(want) {
  const b = (window.__bench = { want, done: null, cond: null, event: null });
  document.addEventListener('input', () => { b.event = performance.now(); }, true);
  document.addEventListener('click', () => { b.event = performance.now(); }, true);
  const digits = (el) => { const m = /\d+/.exec((el && el.textContent) || ''); return m ? Number(m[0]) : -1; };
  function holds(w) {
    const list = document.getElementById('incidents');
    if (!list || digits(document.getElementById('shown-count')) !== w.count) return false;
    if (list.getAttribute('aria-busy') === 'true') return false;
    if (w.count === 0) { const none = document.getElementById('no-results'); return !!none && none.checkVisibility(); }
    for (const row of list.querySelectorAll('tbody tr')) {
      if (row.hidden) continue;
      if (w.severity && !w.severity.includes(row.getAttribute('data-severity'))) continue;
      if (w.year && row.getAttribute('data-year') !== w.year) continue;
      return row.checkVisibility();
    }
    return false;
  }
  function loop() {
    if (b.want && b.cond === null && holds(b.want)) {
      b.cond = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { b.done = performance.now(); };
      ch.port2.postMessage(0);
    }
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
}

const arm = (page, want) => page.evaluate((w) => Object.assign(window.__bench, { want: w, done: null, cond: null, event: null }), want);
const settled = (page) => page.waitForFunction(() => window.__bench.done !== null, null, { timeout: TIMEOUT, polling: 100 });
const domCounts = (page) => page.evaluate(() => ({ rows: document.querySelectorAll('#incidents tbody tr').length, elements: document.getElementsByTagName('*').length }));

class Timeout extends Error {}

async function withTimeout(promise) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Timeout('timeout')), TIMEOUT + 5000); });
  try { return await Promise.race([promise, t]); } finally { clearTimeout(timer); }
}

// ---- Scenarios ----

/** Runs `action` (arming `want` first, unless it is a navigation the init script armed) and waits
 *  for the page; the step's figures: its time (from navigation start, or from the input or click
 *  event), transfer and requests, the DOM's rows and elements, the renderer's memory. */
async function step(ctx, page, want, action) {
  const { stats } = ctx.server;
  const start = stats.bytes;
  const first = stats.log.length;
  if (want) await arm(page, want);
  await withTimeout((async () => { await action(); await settled(page); })());
  const ms = await page.evaluate((nav) => window.__bench.done - (nav ? 0 : window.__bench.event), !want);
  await networkQuiet(stats);
  return { ms, transfer: stats.bytes - start, requests: stats.log.slice(first), ...(await domCounts(page)), memory: rendererMemory(ctx.browserPid) };
}

/** A fresh context (no cache) for `fn`; a timeout ends it, leaving out the figures not taken. */
async function inContext(ctx, options, fn) {
  const context = await ctx.browser.newContext(options);
  const out = {};
  try {
    await fn(context, out);
  } catch (e) {
    if (!(e instanceof Timeout || e.name === 'TimeoutError')) throw e;
  } finally {
    await context.close().catch(() => {});
  }
  return out;
}

async function newPage(context, want) {
  await context.addInitScript(instrument, want);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  return page;
}

/** 1 (and 4 in the same page), or 6 on a throttled phone. */
const scenarioFilterUrl = (ctx, exp, phone = false) => inContext(ctx, phone ? PHONE : {}, async (context, out) => {
  const page = await newPage(context, { count: exp.critical, severity: ['critical'], year: exp.year });
  if (phone) {
    // A page of the site first, so that the throttled renderer is the one the site's pages use.
    await page.goto(`${ctx.server.url}robots.txt`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  await networkQuiet(ctx.server.stats, 100);
  out.filter = await step(ctx, page, null, () => page.goto(`${ctx.server.url}?severity=critical&year=${exp.year}`, { waitUntil: 'commit' }));
  if (phone) return;
  out.change = await step(ctx, page, { count: exp.high, severity: ['critical', 'high'], year: exp.year }, () => page.click('a[data-filter="severity:high"]'));
});

async function openHome(ctx, context) {
  const page = await newPage(context, null);
  await page.goto(ctx.server.url, { waitUntil: 'load' });
  await page.waitForSelector('#search', { state: 'visible' });
  await networkQuiet(ctx.server.stats);
  return page;
}

/** 2, then 5 in the same page. The search's transfer counts the home page too. */
const scenarioSearch = (ctx, exp) => inContext(ctx, {}, async (context, out) => {
  const start = ctx.server.stats.bytes;
  const page = await openHome(ctx, context);
  out.search = await step(ctx, page, { count: exp.found }, () => page.fill('#search', exp.word));
  out.search.typing = out.search.transfer;
  out.search.transfer = ctx.server.stats.bytes - start;
  out.keystroke = await step(ctx, page, { count: exp.after }, async () => {
    await page.press('#search', 'End');
    await page.keyboard.type(exp.letter);
  });
});

/** 3. */
const scenarioShowAll = (ctx, exp) => inContext(ctx, {}, async (context, out) => {
  const page = await openHome(ctx, context);
  if (!(await page.isVisible('#show-all'))) out.showAll = { absent: true };
  else {
    // "Afficher N de plus" shows a page more (the count: rows held); "Tout afficher", everything.
    const label = (await page.textContent('#show-all')) || '';
    const count = /\d/.test(label) ? Math.min(400, exp.total) : exp.total;
    out.showAll = await step(ctx, page, { count }, () => page.click('#show-all'));
  }
});

// ---- Figures ----

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmtMs = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const fmtKB = (v) => `${(v / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;
const fmtMB = (v) => `${(v / 1e6).toFixed(0)} MB`;
const fmtN = (v) => Math.round(v).toLocaleString('en-US');

/** Median of a figure over the runs; 'timeout' when a run timed out. */
function figure(runs, scenario, key) {
  const got = runs.map((r) => r[scenario]);
  if (got.some((s) => !s)) return { timeout: true, runs: got.length };
  const vals = got.map((s) => (key === 'memory' ? s.memory && s.memory.private : key === 'pss' ? s.memory && s.memory.pss : s[key]));
  if (vals.some((v) => typeof v !== 'number')) return { na: true };
  return { value: median(vals), all: vals };
}

function table(n, exp, runs) {
  const transferBudget = n <= 10_000 ? 150_000 : n <= 100_000 ? 500_000 : null;
  const lines = [];
  const row = (scenario, what, f, fmt, budget, budgetText) => {
    let value;
    let mark = '';
    if (f.timeout) { value = `timeout (> ${TIMEOUT / 1000} s)`; mark = budget != null ? '✗' : ''; }
    else if (f.na) value = 'n/a';
    else {
      value = fmt(f.value);
      if (budget != null) mark = f.value <= budget ? '✓' : '✗';
    }
    lines.push(`| ${scenario} | ${what} | ${value} | ${budgetText || (budget != null ? `≤ ${fmt(budget)}` : '—')} | ${mark} |`);
  };
  const common = (name, s) => {
    row(name, 'rows in the DOM (`tbody tr`)', figure(runs, s, 'rows'), fmtN, 2000, '≤ ~2,000');
    row(name, 'elements in the DOM', figure(runs, s, 'elements'), fmtN, null);
    row(name, 'renderer private memory', figure(runs, s, 'memory'), fmtMB, 200e6);
  };
  lines.push(`### ${fmtN(n)} reports`, '',
    `Shared URL: \`?severity=critical&year=${exp.year}\` (${fmtN(exp.critical)} critical reports in ${exp.year}); search word: \`${exp.word}\` (20th most frequent 6+-letter cause word, in the causes of ${fmtN(exp.wordReports)} reports; the search finds ${fmtN(exp.found)}); one more letter: \`${exp.word}${exp.letter}\` (${fmtN(exp.after)}). Median of ${RUNS} run(s).`, '',
    '| Scenario | Figure | Value | Budget | |', '|---|---|---|---|---|');
  const s1 = '1. shared filter URL';
  row(s1, 'rows shown (from navigation start)', figure(runs, 'filter', 'ms'), fmtMs, 300);
  row(s1, 'transfer (gzip)', figure(runs, 'filter', 'transfer'), fmtKB, transferBudget);
  common(s1, 'filter');
  const s2 = '2. search a cause word';
  row(s2, 'results shown (from the input event)', figure(runs, 'search', 'ms'), fmtMs, 300);
  row(s2, 'transfer (gzip): home page + search', figure(runs, 'search', 'transfer'), fmtKB, 300_000);
  row(s2, 'transfer (gzip): after typing', figure(runs, 'search', 'typing'), fmtKB, null);
  common(s2, 'search');
  const s3 = '3. show more (show all before)';
  if (runs.some((r) => r.showAll && r.showAll.absent)) lines.push(`| ${s3} | no "Tout afficher" button | — | — | |`);
  else {
    row(s3, 'all shown (from the click)', figure(runs, 'showAll', 'ms'), fmtMs, null);
    row(s3, 'transfer (gzip) after the click', figure(runs, 'showAll', 'transfer'), fmtKB, null);
    common(s3, 'showAll');
  }
  const s4 = '4. second severity chip, data loaded';
  row(s4, 'count final (from the click)', figure(runs, 'change', 'ms'), fmtMs, null);
  common(s4, 'change');
  const s5 = '5. one more letter, data loaded';
  row(s5, 'count updated (from the input event)', figure(runs, 'keystroke', 'ms'), fmtMs, null);
  common(s5, 'keystroke');
  if (runs.some((r) => 'phone' in r)) {
    const s6 = '6. phone (slow 4G, CPU ×4): shared filter URL';
    row(s6, 'rows shown (from navigation start)', figure(runs, 'phone', 'ms'), fmtMs, 2500);
    row(s6, 'transfer (gzip)', figure(runs, 'phone', 'transfer'), fmtKB, null);
    common(s6, 'phone');
  }
  return lines.join('\n');
}

// ---- Main ----

async function main() {
  if (!fs.existsSync(CHROMIUM)) missing(`Chromium at ${CHROMIUM} (apt-get install -y chromium, or set $CHROMIUM)`);
  const { chromium } = playwright();
  const report = { binary: opt.incidex || null, date: new Date().toISOString(), runs: RUNS, timeoutSeconds: TIMEOUT / 1000, units: { transfer: 'bytes, gzip bodies', time: 'ms', memory: 'bytes, renderer Private_Clean+Private_Dirty' }, corpora: {} };
  const tables = [];
  for (const n of COUNTS) {
    const prep = prepare(n);
    const exp = expectations(prep);
    log(`${n}: year ${exp.year} (${exp.critical} critical), word "${exp.word}" (${exp.found} found), letter "${exp.letter}" (${exp.after})`);
    const server = await serve(prep.site);
    // A switch Chromium ignores marks its browser process, whose renderers are measured.
    const tag = `--incidex-reader-bench=${process.pid}-${n}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 60_000, args: [tag] });
    report.chromium = browser.version();
    const ctx = { server, browser, browserPid: browserPid(tag) };
    const runs = [];
    const timedOut = new Set();
    try {
      for (let i = 0; i < RUNS; i++) {
        // A scenario that timed out is not run again: its figure is reported as a timeout.
        const r = {};
        if (!timedOut.has('filter')) Object.assign(r, await scenarioFilterUrl(ctx, exp));
        if (!timedOut.has('search')) Object.assign(r, await scenarioSearch(ctx, exp));
        if (!timedOut.has('showAll')) Object.assign(r, await scenarioShowAll(ctx, exp));
        if (n <= 10_000 && !timedOut.has('phone')) r.phone = (await scenarioFilterUrl(ctx, exp, true)).filter;
        for (const k of ['filter', 'change', 'search', 'keystroke', 'showAll', 'phone']) {
          if (k === 'phone' && n > 10_000) continue;
          if (!r[k]) timedOut.add(k);
        }
        log(`${n} run ${i + 1}: ` + Object.entries(r).map(([k, v]) => `${k} ${v && v.ms != null ? fmtMs(v.ms) : v && v.absent ? 'absent' : 'timeout'}`).join(', '));
        runs.push(r);
      }
    } finally {
      await browser.close();
      await server.close();
    }
    report.corpora[n] = { expected: exp, runs };
    tables.push(table(n, exp, runs));
  }
  console.log(tables.join('\n\n'));
  if (opt.json) fs.writeFileSync(opt.json, JSON.stringify(report, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
