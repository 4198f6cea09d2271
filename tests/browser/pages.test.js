// Every page kind (pages.js) in Chromium, light and dark, desktop and 390 px: no error, no failed request, no overflow, no serious axe violation.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { test } = require('node:test');
const { TIMEOUT, siteDir, incidents, siteSession, watch } = require('./lib');
const { pageKinds } = require('./pages');

const dir = siteDir();
const kinds = pageKinds(dir, incidents(dir));
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Each test's limit: it catches a hang, it does not measure speed. */
const LIMIT = { timeout: 300_000 };

const VIEWS = [
  { name: 'light, desktop', colorScheme: 'light', viewport: { width: 1280, height: 900 } },
  { name: 'dark, desktop', colorScheme: 'dark', viewport: { width: 1280, height: 900 } },
  { name: 'light, 390 px', colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'dark, 390 px', colorScheme: 'dark', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

const session = siteSession(dir);

/** Opens each page kind in the view, and returns { kind → result of check(page) } after asserting no problem. */
async function eachPage(view, check) {
  const { name, ...options } = view;
  const context = await session.browser.newContext(options);
  context.setDefaultTimeout(TIMEOUT);
  const failures = [];
  try {
    for (const { kind, path, status } of kinds) {
      const page = await context.newPage();
      const problems = watch(page, status);
      const response = await page.goto(session.server.url + path, { waitUntil: 'networkidle' });
      if (response.status() !== status) problems.push(`HTTP ${response.status()} for the page, expected ${status}`);
      problems.push(...(await check(page)));
      if (problems.length) failures.push(`${kind} (/${path}), ${name}:\n    ${problems.join('\n    ')}`);
      await page.close();
    }
  } finally {
    await context.close();
  }
  assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
}

/** What sticks out horizontally: [] when the page fits its window. */
async function overflow(page) {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const root = document.documentElement;
    // The outermost elements that stick out of the window, to say what to fix.
    const out = (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => out(el) && !(el.parentElement && out(el.parentElement)))
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right edge at ${Math.round(el.getBoundingClientRect().right)} px`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  return scrollWidth <= clientWidth
    ? []
    : [`overflow: the page is ${scrollWidth} px wide in a ${clientWidth} px window: ${wide.join('; ') || 'no element found'}`];
}

/** The serious and critical axe-core violations of the page, one line (and a few nodes) each. */
async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not block.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `axe ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n      ` +
        v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\n\s*/g, ' ')}`)
          .join('\n      '),
    );
}

for (const view of VIEWS) {
  test(`every page kind, ${view.name}: no console error or failed request, no horizontal overflow, no serious axe violation`, LIMIT, async () => {
    await eachPage(view, async (page) => [...(await overflow(page)), ...(await axeViolations(page))]);
  });
}

test('dark mode is really dark: the pages follow the system colour scheme', LIMIT, async () => {
  const luminance = async (colorScheme) => {
    const context = await session.browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(session.server.url);
    const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await context.close();
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const light = await luminance('light');
  const dark = await luminance('dark');
  assert.ok(dark < 128 && light > 128, `body background luminance: light ${light}, dark ${dark}`);
});

test('the actions page marks the items due before the reader\'s today as overdue', LIMIT, async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const problems = watch(page, 200);
  await page.goto(session.server.url + 'actions/');
  const dues = await page.$$eval('[data-due]', (items) => items.map((i) => i.getAttribute('data-due')));
  const distinct = [...new Set(dues)].sort();
  assert.ok(distinct.length >= 2, `the example archive has items due on several days: ${distinct}`);
  // "Today" between two due dates: only the earlier items are overdue.
  const today = distinct[1];
  await page.clock.setFixedTime(new Date(`${today}T12:00:00`));
  await page.reload();
  const marked = await page.$$eval('[data-due]', (items) =>
    items.map((i) => [i.getAttribute('data-due'), i.classList.contains('overdue')]),
  );
  for (const [due, overdue] of marked) {
    assert.equal(overdue, due < today, `an item due ${due}, today ${today}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
