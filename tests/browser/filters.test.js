// The home page's filters (themes/default/static/filter.js) in Chromium, checked against incidents.json.
'use strict';

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { TIMEOUT, siteDir, incidents, listData, yearOf, serveStatic, launch, watch, settled } = require('./lib');

const dir = siteDir();
const all = incidents(dir);

/** Each report's search words (title, summary, cause, symptoms) from the list data the page loads. */
const wordsOf = listData(dir).words;
const GROUPS = ['severity', 'type', 'year'];
const valueOf = { severity: (i) => i.severity, type: (i) => i.type, year: yearOf };

/** The search as the README describes it: every word, in any case, with or without accents,
 *  begins a word of the title or of the summary, cause and symptoms. */
function fold(s) {
  return String(s).toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** The slugs a filter state must show: any chip of a group, every group, every word of the search. */
function expected(state) {
  const words = fold(state.q || '').split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
  const own = (i) => [...fold(i.title).split(/[^\p{Alphabetic}\p{N}]+/u), ...(wordsOf[i.slug] || [])];
  return all
    .filter((i) => GROUPS.every((g) => !(state[g] || []).length || state[g].includes(valueOf[g](i))))
    .filter((i) => words.every((w) => own(i).some((o) => o.startsWith(w))))
    .map((i) => i.slug);
}

/** Values of `group` among `reports`, the most frequent first. */
function byFrequency(group, reports) {
  const counts = new Map();
  for (const i of reports) counts.set(valueOf[group](i), (counts.get(valueOf[group](i)) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map((e) => e[0]);
}

/** Each test's limit: it catches a hang, it does not measure speed. */
const LIMIT = { timeout: 180_000 };

let server;
let browser;
let context;
let page;
let problems;

before(async () => {
  assert.ok(all.length >= 2, 'the filter tests need an archive of at least two reports');
  server = await serveStatic(dir);
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

async function open(query = '', options = {}) {
  if (context) await context.close();
  context = await browser.newContext(options);
  context.setDefaultTimeout(TIMEOUT);
  page = await context.newPage();
  problems = watch(page);
  await page.goto(server.url + query, { waitUntil: 'networkidle' });
  return page;
}

/** The address bar as the page sees it now (page.url() may lag behind history.replaceState). */
const location = () => page.evaluate(() => window.location.href);

const chip = (group, value) => `a[data-filter="${group}:${value}"]`;

/** Slugs of the rows a user sees. */
function visibleRows() {
  return page.$$eval('#incidents [data-incident]', (rows) =>
    rows.filter((r) => r.checkVisibility()).map((r) => r.getAttribute('data-incident')),
  );
}

/** Asserts what the user sees and what the URL says for a filter state. */
async function assertShows(state, label) {
  const want = expected(state);
  // The search loads the list data once; filters alone never need it on a small archive.
  if ((state.q || '').trim()) await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached', timeout: 10_000 });
  await settled(page);
  const seen = await visibleRows();
  assert.deepEqual([...seen].sort(), [...want].sort(), `${label}: visible rows`);

  const count = await page.$eval('#shown-count', (el) => ({
    text: el.textContent.trim(),
    one: el.getAttribute('data-one'),
    other: el.getAttribute('data-other'),
  }));
  // The site's language decides the singular: French says "0 incident affiché", English "0 incidents shown".
  const lang = await page.evaluate(() => document.documentElement.lang);
  const pattern = new Intl.PluralRules(lang).select(want.length) === 'one' ? count.one : count.other;
  const text = pattern.replace('{shown}', want.length).replace('{total}', all.length);
  assert.equal(count.text, text, `${label}: count text`);

  // Each chip counts what it would show with the other groups' chips and the search.
  for (const group of GROUPS) {
    for (const value of byFrequency(group, all)) {
      const shown = (await page.textContent(`${chip(group, value)} .chip-count`)).trim();
      const would = expected({ ...state, [group]: [value] }).length;
      assert.equal(shown, String(would), `${label}: the count of chip ${group}:${value}`);
    }
  }

  const noResults = await page.isVisible('#no-results');
  assert.equal(noResults, want.length === 0, `${label}: the "no incident" message is shown iff nothing matches`);

  const params = new URL(await location()).searchParams;
  for (const group of GROUPS) {
    const inUrl = (params.get(group) || '').split(',').filter(Boolean).sort();
    assert.deepEqual(inUrl, [...(state[group] || [])].map(String).sort(), `${label}: ${group} in the URL`);
    for (const value of byFrequency(group, all)) {
      const pressed = await page.getAttribute(chip(group, value), 'aria-pressed');
      const on = (state[group] || []).includes(value);
      assert.equal(pressed, String(on), `${label}: aria-pressed of chip ${group}:${value}`);
    }
  }
  assert.equal(params.get('q') || '', (state.q || '').trim(), `${label}: search in the URL`);
  assert.equal(await page.inputValue('#search'), state.q || '', `${label}: search box`);
}

function assertNoProblems() {
  assert.deepEqual(problems, [], 'console errors or failed requests');
}

test('the home page lists every report and each chip counts its reports', LIMIT, async () => {
  await open();
  await assertShows({}, 'no filter');
  for (const group of GROUPS) {
    const counts = await page.$$eval(`a[data-filter^="${group}:"]`, (chips) =>
      chips.map((c) => [c.getAttribute('data-filter').split(':').slice(1).join(':'), c.querySelector('.chip-count').textContent.trim()]),
    );
    const values = byFrequency(group, all);
    const chipValues = counts.map((c) => c[0]);
    for (const value of values) assert.ok(chipValues.includes(value), `a chip for ${group} ${value}`);
    for (const [value, text] of counts) {
      const n = all.filter((i) => String(valueOf[group](i)) === value).length;
      assert.equal(text, String(n), `count on chip ${group}:${value}`);
    }
  }
  assert.ok(await page.isVisible('#search'), 'the search box is shown when JavaScript runs');
  assertNoProblems();
});

test('each chip shows only its reports, and a second click clears it', LIMIT, async () => {
  await open();
  for (const group of GROUPS) {
    for (const value of byFrequency(group, all)) {
      await page.click(chip(group, value));
      await assertShows({ [group]: [value] }, `chip ${group}:${value}`);
      await page.click(chip(group, value));
      await assertShows({}, `chip ${group}:${value} clicked again`);
    }
  }
  // The chip is a button for the keyboard too: Space toggles it.
  const first = byFrequency('severity', all)[0];
  await page.focus(chip('severity', first));
  await page.keyboard.press(' ');
  await assertShows({ severity: [first] }, 'Space on a chip');
  assertNoProblems();
});

test('several severity chips combine: a report of any of them is shown', LIMIT, async () => {
  await open();
  const severities = byFrequency('severity', all);
  const state = { severity: [] };
  for (const severity of severities) {
    state.severity.push(severity);
    await page.click(chip('severity', severity));
    await assertShows(state, `severities ${state.severity.join('+')}`);
  }
  assertNoProblems();
});

/** A filter state of two severities, a type, a year and a search word that still shows a report. */
function narrowing() {
  const severity = byFrequency('severity', all).slice(0, 2);
  let left = all.filter((i) => severity.includes(i.severity));
  const type = [byFrequency('type', left)[0]];
  left = left.filter((i) => type.includes(i.type));
  const year = [byFrequency('year', left)[0]];
  left = left.filter((i) => year.includes(yearOf(i)));
  // A word of the first title left (one with an accent if any, the longest), typed upper-case.
  const accented = (w) => (w.normalize('NFD') !== w ? 1 : 0);
  const word = left[0].title
    .split(/[^\p{L}\p{N}]+/u)
    .sort((a, b) => accented(b) - accented(a) || b.length - a.length)[0];
  const q = word.toUpperCase();
  return [
    ['severity', severity],
    ['type', type],
    ['year', year],
    ['q', q],
  ];
}

async function applyStep(state, key, value) {
  if (key === 'q') {
    await page.fill('#search', value);
    state.q = value;
  } else {
    for (const v of value) await page.click(chip(key, v));
    state[key] = [...value];
  }
}

test('type, year and title search narrow the severity filter down', LIMIT, async () => {
  await open();
  const state = {};
  for (const [key, value] of narrowing()) {
    await applyStep(state, key, value);
    await assertShows(state, `after ${key}=${value}`);
  }
  assert.ok(expected(state).length >= 1, 'the narrowed state still shows a report');
  // The same word typed without its accents finds the same reports.
  await applyStep(state, 'q', state.q.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  await assertShows(state, `after q=${state.q}`);
  assertNoProblems();
});

test('back and forward restore each filter state', LIMIT, async () => {
  await open();
  const states = [{}];
  const state = {};
  for (const [key, value] of narrowing().filter(([key]) => key !== 'q')) {
    for (const v of value) {
      await page.click(chip(key, v));
      state[key] = [...(state[key] || []), v];
      states.push(JSON.parse(JSON.stringify(state)));
    }
  }
  for (let i = states.length - 2; i >= 0; i--) {
    await page.goBack();
    await assertShows(states[i], `back to state ${i}`);
  }
  for (let i = 1; i < states.length; i++) {
    await page.goForward();
    await assertShows(states[i], `forward to state ${i}`);
  }
  assertNoProblems();
});

test('a shared filtered URL opens filtered', LIMIT, async () => {
  await open();
  const state = {};
  for (const [key, value] of narrowing()) await applyStep(state, key, value);
  const shared = await location();
  await open(new URL(shared).search);
  await assertShows(state, `opening ${shared}`);
  assertNoProblems();
});

test('the search finds a report by a word of its cause or symptoms, not only by its title', LIMIT, async () => {
  await open();
  // A word of some report's text that no title has.
  const word = Object.values(wordsOf)
    .flat()
    .find((w) => w.length > 4 && !all.some((i) => fold(i.title).includes(w)));
  assert.ok(word, 'the example archive has such a word');
  await page.fill('#search', word);
  await assertShows({ q: word }, `search ${word}`);
  assert.ok(expected({ q: word }).length > 0, 'it shows a report');
  assertNoProblems();
});

test('when nothing matches, a message says so and reset shows every report again', LIMIT, async () => {
  await open();
  let q = 'zz';
  while (expected({ q }).length) q += 'z';
  const severity = byFrequency('severity', all)[0];
  await page.click(chip('severity', severity));
  await page.fill('#search', q);
  await assertShows({ severity: [severity], q }, `search ${q}`);
  assert.ok(await page.isVisible('#reset-filters'), 'reset is offered');
  await page.click('#reset-filters');
  await assertShows({}, 'after reset');
  assert.ok(!(await page.isVisible('#reset-filters')), 'reset is hidden when no filter is on');
  assertNoProblems();
});

test('without JavaScript, each chip opens its listing with the same reports', LIMIT, async () => {
  await open('', { javaScriptEnabled: false });
  for (const group of GROUPS) {
    for (const value of byFrequency(group, all)) {
      await page.goto(server.url, { waitUntil: 'networkidle' });
      await Promise.all([page.waitForURL((url) => url.href !== server.url), page.click(chip(group, value))]);
      const seen = await page.$$eval('#incidents [data-incident]', (rows) => rows.map((r) => r.getAttribute('data-incident')));
      assert.deepEqual(seen.sort(), expected({ [group]: [value] }).sort(), `listing of ${group} ${value} at ${page.url()}`);
      assertNoProblems();
    }
  }
});
