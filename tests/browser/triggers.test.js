// The home page's trigger filter on tests/fixtures/triggers-site: its chips, what they show, the URL, and with the severity chips.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { TIMEOUT, siteDir, siteSession, watch } = require('./lib');

const dir = siteDir();

/** Each test's limit: it catches a hang, it does not measure speed. */
const LIMIT = { timeout: 120_000 };

// Written by hand from the fixture's reports (tests/fixtures/triggers-site/content).
const DEPLOY = ['2025-01-15-mise-en-production', '2025-03-01-migration'];
const CAPACITY = ['2025-02-10-pic-de-trafic'];
const NONE = ['2025-03-20-disque'];
const ALL = [...DEPLOY, ...CAPACITY, ...NONE];

const session = siteSession(dir);

/** A fresh page at `path` of the site, with its problems recorded. */
async function open(path) {
  const context = await session.browser.newContext();
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(session.server.url + path, { waitUntil: 'networkidle' });
  return { context, page, problems };
}

/** Slugs of the rows a user sees, sorted. */
async function visible(page) {
  const rows = await page.$$eval('#incidents [data-incident]', (rows) =>
    rows.filter((r) => r.checkVisibility()).map((r) => r.getAttribute('data-incident')),
  );
  return rows.sort();
}

const chip = (group, value) => `a[data-filter="${group}:${value}"]`;

test('the trigger chips name the triggers given, with their counts, in the fixed order', LIMIT, async () => {
  const { context, page, problems } = await open('');
  const chips = await page.$$eval('a[data-filter^="trigger:"]', (chips) =>
    chips.map((c) => [c.getAttribute('data-filter'), c.querySelector('.chip-label').textContent, c.querySelector('.chip-count').textContent]),
  );
  assert.deepEqual(chips, [
    ['trigger:deploy', 'Déploiement', '2'],
    ['trigger:capacity', 'Capacité', '1'],
  ]);
  assert.equal(await page.textContent('#group-trigger'), 'Déclencheur');
  assert.deepEqual(await visible(page), [...ALL].sort());
  assert.deepEqual(problems, []);
  await context.close();
});

test('a trigger chip shows its reports, says so in the URL, and a second press clears it', LIMIT, async () => {
  const { context, page, problems } = await open('');
  await page.click(chip('trigger', 'deploy'));
  assert.deepEqual(await visible(page), [...DEPLOY].sort());
  assert.equal(new URL(await page.evaluate(() => location.href)).searchParams.get('trigger'), 'deploy');
  assert.equal(await page.getAttribute(chip('trigger', 'deploy'), 'aria-pressed'), 'true');
  assert.equal((await page.textContent('#shown-count')).trim(), '2 incidents affichés sur 4');
  // Two triggers: either one.
  await page.click(chip('trigger', 'capacity'));
  assert.deepEqual(await visible(page), [...DEPLOY, ...CAPACITY].sort());
  assert.equal(new URL(await page.evaluate(() => location.href)).searchParams.get('trigger'), 'deploy,capacity');
  // With a severity: both must hold (high: the migration and the traffic peak).
  await page.click(chip('severity', 'high'));
  assert.deepEqual(await visible(page), ['2025-02-10-pic-de-trafic', '2025-03-01-migration']);
  await page.click(chip('trigger', 'capacity'));
  assert.deepEqual(await visible(page), ['2025-03-01-migration']);
  await page.click('#reset-filters');
  assert.deepEqual(await visible(page), [...ALL].sort());
  assert.deepEqual(problems, []);
  await context.close();
});

test('a shared URL opens filtered by trigger', LIMIT, async () => {
  const { context, page, problems } = await open('?trigger=capacity');
  assert.deepEqual(await visible(page), CAPACITY);
  assert.equal(await page.getAttribute(chip('trigger', 'capacity'), 'aria-pressed'), 'true');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without the script, a trigger chip opens its listing', LIMIT, async () => {
  const { context, page, problems } = await open('trigger/deploy/');
  const rows = await page.$$eval('#incidents [data-incident]', (rows) => rows.map((r) => r.getAttribute('data-incident')).sort());
  assert.deepEqual(rows, [...DEPLOY].sort());
  assert.equal(await page.textContent('h1'), 'Déclencheur : Déploiement');
  assert.deepEqual(problems, []);
  await context.close();
});

const AXE = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical axe-core violations of the page, and what sticks out of its window. */
async function pageProblems(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  const found = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (scrollWidth > clientWidth) found.push(`overflow: ${scrollWidth} px in ${clientWidth} px`);
  return found;
}

test('the pages that show triggers pass axe and fit a phone', LIMIT, async () => {
  const failures = [];
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const context = await session.browser.newContext({ viewport });
    for (const path of ['', 'stats/', 'trigger/deploy/', 'incidents/2025-01-15-mise-en-production/']) {
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(session.server.url + path, { waitUntil: 'networkidle' });
      problems.push(...(await pageProblems(page)));
      if (problems.length) failures.push(`/${path} at ${viewport.width} px: ${problems.join('; ')}`);
      await page.close();
    }
    await context.close();
  }
  assert.deepEqual(failures, []);
});
