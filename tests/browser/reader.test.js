// What a reader sees on tests/fixtures/reader-site: the ongoing incidents' banner, titles derived from untitled reports in rows and search results, related incidents linked both ways.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { TIMEOUT, siteDir, siteSession, watch, settled } = require('./lib');

const dir = siteDir();

/** Each test's limit: it catches a hang, it does not measure speed. */
const LIMIT = { timeout: 120_000 };

// Written by hand from the fixture's reports (tests/fixtures/reader-site/content), not from the build.
const ONGOING = [
  { slug: '2026-12-07-panne-api', title: "Panne de l'API publique", since: 'depuis le 7 déc. 2026, 09:15' },
  { slug: '2026-12-06-lenteurs-paiement', title: 'Le pool de connexions du paiement sature aux heures de pointe.', since: 'depuis le 6 déc. 2026, 18:40' },
];
// Untitled reports: the first sentence of the Cause, cut at the last space before 72 characters.
const DERIVED = {
  '2025-06-03-disque-plein': 'Disque de la base plein après une rotation de journaux désactivée par…',
  '2025-04-18-cuda-oom': 'Instance Vast.ai crashée suite à erreur CUDA OOM (Out of Memory) lors…',
  '2026-12-06-lenteurs-paiement': 'Le pool de connexions du paiement sature aux heures de pointe.',
};

const session = siteSession(dir);

/** A fresh page at `path` of the site, with its problems recorded. */
async function open(path, options = {}) {
  const context = await session.browser.newContext(options);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(session.server.url + path, { waitUntil: 'networkidle' });
  return { context, page, problems };
}

/** Title text of the visible rows, by slug, in the order shown. */
function visibleTitles(page) {
  return page.$$eval('#incidents [data-incident]', (rows) =>
    rows
      .filter((r) => r.checkVisibility())
      .map((r) => [r.getAttribute('data-incident'), r.querySelector('.c-title').textContent.trim()]),
  );
}

test('the home page opens with a banner naming each ongoing incident, newest first, linked', LIMIT, async () => {
  const { context, page, problems } = await open('');
  const banner = page.locator('section.ongoing-banner');
  assert.ok(await banner.isVisible(), 'the banner is shown');
  assert.equal((await banner.locator('h2').textContent()).trim(), '2 incidents en cours');
  const items = await banner.locator('li').evaluateAll((lis) =>
    lis.map((li) => ({ href: li.querySelector('a').getAttribute('href'), text: li.querySelector('a').textContent, since: li.querySelector('time').textContent })),
  );
  assert.deepEqual(
    items,
    ONGOING.map((o) => ({ href: `./incidents/${o.slug}/`, text: o.title, since: o.since })),
  );
  // The banner comes before the list of incidents, and its first link opens that incident.
  const bannerTop = (await banner.boundingBox()).y;
  const tableTop = (await page.locator('#incidents').boundingBox()).y;
  assert.ok(bannerTop < tableTop, `banner at ${bannerTop} px, list at ${tableTop} px`);
  await banner.locator('a').first().click();
  await page.waitForURL(`**/incidents/${ONGOING[0].slug}/`);
  const own = page.locator('p.ongoing-banner');
  assert.equal((await own.textContent()).trim(), 'Incident en cours depuis le 7 déc. 2026, 09:15');
  assert.deepEqual(problems, []);
  await context.close();
});

test('untitled reports are told apart in the rows by their derived titles', LIMIT, async () => {
  const { context, page, problems } = await open('');
  const titles = Object.fromEntries(await visibleTitles(page));
  for (const [slug, title] of Object.entries(DERIVED)) assert.equal(titles[slug], title, `row of ${slug}`);
  // No row falls back to "Incident du <date> · <type>".
  for (const [slug, title] of Object.entries(titles)) assert.ok(!title.startsWith('Incident du'), `${slug}: ${title}`);
  // The derived title is the incident page's heading and its tab title too.
  await page.click(`#incidents [data-incident="2025-04-18-cuda-oom"] .c-title a`);
  await page.waitForURL('**/incidents/2025-04-18-cuda-oom/');
  assert.equal((await page.locator('h1').textContent()).trim(), DERIVED['2025-04-18-cuda-oom']);
  assert.ok((await page.title()).startsWith(DERIVED['2025-04-18-cuda-oom']), await page.title());
  assert.deepEqual(problems, []);
  await context.close();
});

test('a search shows the matching untitled reports under their derived titles', LIMIT, async () => {
  const { context, page, problems } = await open('');
  // "rotation" is written only in the disk report's Cause; "pointe" only in the payment report's.
  for (const [query, slug] of [['rotation', '2025-06-03-disque-plein'], ['pointe', '2026-12-06-lenteurs-paiement'], ['cuda oom', '2025-04-18-cuda-oom']]) {
    await page.fill('#search', query);
    await page.waitForSelector('#incidents[data-list-loaded]', { state: 'attached', timeout: 10_000 });
    await page.waitForFunction((want) => new URL(window.location.href).searchParams.get('q') === want, query);
    await settled(page);
    assert.deepEqual(await visibleTitles(page), [[slug, DERIVED[slug]]], `search "${query}"`);
  }
  // A shared search link shows the same result.
  const shared = await open('?q=rotation');
  assert.deepEqual(await visibleTitles(shared.page), [['2025-06-03-disque-plein', DERIVED['2025-06-03-disque-plein']]]);
  assert.deepEqual(shared.problems, []);
  await shared.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a related incident is linked both ways: from the report naming it and back', LIMIT, async () => {
  // 2025-06-03-disque-plein names 2025-02-11-certificat.md on its **Liés :** line.
  const { context, page, problems } = await open('incidents/2025-06-03-disque-plein/');
  const related = (p) =>
    p.locator('section.related').evaluate((section) => ({
      title: section.querySelector('h2').textContent.trim(),
      links: [...section.querySelectorAll('li a')].map((a) => [a.getAttribute('href'), a.textContent]),
    }));
  assert.deepEqual(await related(page), {
    title: 'Incidents liés',
    links: [['../../incidents/2025-02-11-certificat/', 'Certificat TLS expiré']],
  });
  await page.click('section.related a');
  await page.waitForURL('**/incidents/2025-02-11-certificat/');
  // The named report lists the one naming it, under its derived title.
  assert.deepEqual(await related(page), {
    title: 'Incidents liés',
    links: [['../../incidents/2025-06-03-disque-plein/', DERIVED['2025-06-03-disque-plein']]],
  });
  await page.click('section.related a');
  await page.waitForURL('**/incidents/2025-06-03-disque-plein/');
  // A report nobody names and that names none has no such block.
  await page.goto(session.server.url + 'incidents/2025-04-18-cuda-oom/', { waitUntil: 'networkidle' });
  assert.equal(await page.locator('section.related').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
