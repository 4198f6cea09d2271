// A 390 × 844 phone in Chromium (issue 18): the filters fold behind one button counting the active
// ones, the first incident shows without scrolling (also under the ongoing banner), chart text
// reads at 11 px or more, and wide tables scroll inside their box.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { TIMEOUT, fail, siteDir, incidents, serveStatic, launch, watch, settled } = require('./lib');

const dir = siteDir();
const all = incidents(dir);
const ROOT = process.env.INCIDEX_ROOT || fail('INCIDEX_ROOT is not set: run these tests with `cargo test --features browser`');
const BIN = process.env.INCIDEX_BIN || fail('INCIDEX_BIN is not set: run these tests with `cargo test --features browser`');

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const LIMIT = { timeout: 300_000 };

/** Two ongoing incidents, newer than the example's reports: the banner names both. */
const ONGOING = {
  '2025-11-06-panne-api.md': `## Incident 2025-11-06 09:15 — Panne de l'API d'évaluation pendant la mise à jour du répartiteur de charge

**Type :** Downtime
**Sévérité :** Haute
**Durée :** En cours
**Impact utilisateurs :** Oui - API injoignable

### Cause
Inconnue pour l'instant.

### Symptômes
- Erreurs 502

### Actions Immédiates
1. Alerte

### Résolution
À venir.

### Prévention
À venir.
`,
  '2025-11-05-lenteurs.md': `## Incident 2025-11-05 18:40 — Lenteurs du paiement

**Type :** Performance
**Sévérité :** Moyenne
**Durée :** en cours
**Impact utilisateurs :** Non

### Cause
En cours d'analyse.

### Symptômes
- Temps de réponse

### Actions Immédiates
1. Alerte

### Résolution
À venir.

### Prévention
À venir.
`,
};

let server;
let ongoingServer;
let ongoingSite;
let browser;

before(async () => {
  // The example archive plus the two ongoing incidents, built by the binary under test.
  ongoingSite = fs.mkdtempSync(path.join(os.tmpdir(), 'incidex-phone-'));
  for (const name of ['incidex.yaml', 'content']) {
    fs.cpSync(path.join(ROOT, name), path.join(ongoingSite, name), { recursive: true });
  }
  for (const [name, text] of Object.entries(ONGOING)) fs.writeFileSync(path.join(ongoingSite, 'content', name), text);
  execFileSync(BIN, ['--root', ongoingSite, 'build', '--output', path.join(ongoingSite, 'public')], { stdio: 'pipe' });
  server = await serveStatic(dir);
  ongoingServer = await serveStatic(path.join(ongoingSite, 'public'));
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (ongoingServer) await ongoingServer.close();
  if (ongoingSite) fs.rmSync(ongoingSite, { recursive: true, force: true });
});

/** Runs `check(page, problems)` on `url` in a fresh context, then asserts no console error or failed request. */
async function onPage(url, options, check) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(TIMEOUT);
  try {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(url, { waitUntil: 'networkidle' });
    await check(page);
    assert.deepEqual(problems, [], `${url}: ${problems.join('; ')}`);
  } finally {
    await context.close();
  }
}

/** The filters' button and panel of the page, and whether each is shown. */
async function fold(page) {
  const button = page.locator('button.filters-toggle');
  const panel = page.locator(`#${await button.getAttribute('aria-controls')}`);
  return { button, panel };
}

test('on a phone the home filters fold behind one button, opened and closed by a tap, counting the active filters', LIMIT, async () => {
  await onPage(server.url, PHONE, async (page) => {
    const { button, panel } = await fold(page);
    assert.equal(await button.evaluate((b) => b.tagName), 'BUTTON');
    assert.ok(await button.isVisible(), 'the button shows');
    assert.equal(await button.textContent(), 'Filtres');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await button.getAttribute('aria-controls'), 'filters-panel');
    assert.ok(!(await panel.isVisible()), 'the panel is folded');
    assert.ok(!(await page.locator('a[data-filter]').first().isVisible()), 'no chip shows');

    await button.tap();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok(await panel.isVisible(), 'a tap opens the panel');
    const severity = all[0].severity;
    await page.locator(`a[data-filter="severity:${severity}"]`).tap();
    assert.equal(await button.textContent(), 'Filtres (1)');
    await page.locator('#search').fill('redis');
    await settled(page);
    assert.equal(await button.textContent(), 'Filtres (2)');
    await page.locator('#reset-filters').tap();
    assert.equal(await button.textContent(), 'Filtres');

    await button.tap();
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.ok(!(await panel.isVisible()), 'a second tap folds it');
  });
});

test('a shared URL\'s filters are counted on the folded button; a listing counts its own', LIMIT, async () => {
  const severities = [...new Set(all.map((i) => i.severity))].slice(0, 2);
  assert.equal(severities.length, 2, 'the example archive has two severities');
  // Two severities and a search: three active filters.
  await onPage(`${server.url}?severity=${severities.join(',')}&q=api`, PHONE, async (page) => {
    const { button, panel } = await fold(page);
    assert.equal(await button.textContent(), 'Filtres (3)');
    assert.ok(!(await panel.isVisible()));
    await button.tap();
    assert.equal(await page.locator('a[data-filter][aria-pressed="true"]').count(), 2);
  });
  await onPage(`${server.url}?type=${all[0].type}`, PHONE, async (page) => {
    assert.equal(await page.locator('button.filters-toggle').textContent(), 'Filtres (1)');
  });
  // A listing: its own chip is the active filter.
  await onPage(`${server.url}severity/${severities[0]}/`, PHONE, async (page) => {
    const { button, panel } = await fold(page);
    assert.equal(await button.textContent(), 'Filtres (1)');
    assert.ok(!(await panel.isVisible()));
    await button.tap();
    assert.ok(await page.locator('a.chip[aria-current="page"]').isVisible());
  });
});

test('on a desktop and without JavaScript the filters stay open and the button hidden', LIMIT, async () => {
  for (const [options, name] of [
    [DESKTOP, 'desktop'],
    [{ ...PHONE, javaScriptEnabled: false }, 'phone without JavaScript'],
  ]) {
    for (const url of [server.url, `${server.url}severity/${all[0].severity}/`]) {
      await onPage(url, options, async (page) => {
        assert.ok(!(await page.locator('button.filters-toggle').isVisible()), `${name}, ${url}: no button`);
        assert.ok(await page.locator('.filters-panel a.chip').first().isVisible(), `${name}, ${url}: the chips show`);
        assert.ok(!(await page.locator('#intro-toggle').isVisible()), `${name}, ${url}: the introduction is whole`);
      });
    }
  }
});

/** The top of the first incident shown, and the window's height. */
function firstRow(page) {
  return page.evaluate(() => {
    const row = document.querySelector('#incidents tbody tr:not([hidden])');
    return { top: row.getBoundingClientRect().top, height: window.innerHeight, slug: row.getAttribute('data-incident') };
  });
}

test('on a phone the first incident shows without scrolling, with and without the ongoing banner', LIMIT, async () => {
  await onPage(server.url, PHONE, async (page) => {
    const { top, height, slug } = await firstRow(page);
    assert.equal(slug, all[0].slug);
    assert.ok(top < height, `the first row starts at ${top} px, below the ${height} px window`);
    // The introduction is folded to its first lines; a tap shows it whole.
    const more = page.locator('#intro-toggle');
    assert.ok(await more.isVisible());
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    const cut = () => page.locator('#intro').evaluate((i) => i.scrollHeight - i.clientHeight);
    assert.ok((await cut()) > 0, 'the folded introduction hides its end');
    await more.tap();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.equal(await cut(), 0);
  });
  await onPage(ongoingServer.url, PHONE, async (page) => {
    const banner = page.locator('.ongoing-banner');
    assert.ok(await banner.isVisible(), 'the banner shows');
    assert.equal(await banner.locator('h2').textContent(), '2 incidents en cours');
    // One line per incident: each link and its start make a single line box.
    const lines = await banner.locator('li').evaluateAll((items) =>
      items.map((li) => [li.querySelector('a').getClientRects().length, li.getBoundingClientRect().height, li.querySelector('a').getBoundingClientRect().height]),
    );
    assert.equal(lines.length, 2);
    for (const [boxes, item, link] of lines) {
      assert.equal(boxes, 1);
      assert.ok(item < link * 1.5, `an incident of the banner takes ${item} px, its link ${link} px`);
    }
    const { top, height, slug } = await firstRow(page);
    assert.equal(slug, '2025-11-06-panne-api');
    assert.ok(top < height, `under the banner, the first row starts at ${top} px, below the ${height} px window`);
  });
});

/** Every shown chart text: its rendered size (computed font size × the SVG's scale) and its text. */
function chartText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('svg.chart-svg')]
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .flatMap((svg) => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map((text) => ({
          size: parseFloat(getComputedStyle(text).fontSize) * scale,
          height: text.getBoundingClientRect().height,
          text: text.textContent,
          chart: svg.getAttribute('class'),
        }));
      }),
  );
}

test('chart text on the statistics page reads at 11 px or more, on a phone and a desktop', LIMIT, async () => {
  for (const [options, name] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    await onPage(`${server.url}stats/`, options, async (page) => {
      const texts = await chartText(page);
      const charts = new Set(texts.map((t) => t.chart));
      // Severity, durations, type, the year's calendar and the trends (reports, downtime, a cost
      // chart per currency): one of each pair.
      const kinds = [...charts].map((c) => c.split(' ')[1]).sort();
      assert.deepEqual(
        kinds,
        ['chart-calendar', 'chart-durations', 'chart-severity', 'chart-trend-cost', 'chart-trend-downtime', 'chart-trend-severity', 'chart-type'],
        `${name}: each chart shown once, one of each pair: ${[...charts].join(', ')}`,
      );
      for (const chart of charts) assert.equal(chart.includes('chart-narrow'), name === 'phone', chart);
      // Every severity and type label is there.
      for (const label of ['Critique', 'Haute', 'Moyenne', 'Basse', 'Downtime', 'Sécurité']) {
        assert.ok(texts.some((t) => t.text === label), `${name}: ${label}`);
      }
      const small = texts.filter((t) => t.size < 11 || t.height < 11);
      assert.deepEqual(small, [], `${name}: chart text under 11 px`);
    });
  }
});

test('wide tables scroll inside their box, with a cue, and never widen the page', LIMIT, async () => {
  await onPage(`${server.url}stats/`, PHONE, async (page) => {
    const boxes = await page.locator('.table-scroll').evaluateAll((all) =>
      all.map((box) => ({
        scrolls: box.scrollWidth > box.clientWidth,
        right: box.getBoundingClientRect().right,
        overflow: getComputedStyle(box).overflowX,
        cue: getComputedStyle(box).backgroundImage,
        attachment: getComputedStyle(box).backgroundAttachment,
      })),
    );
    const sizes = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    assert.ok(sizes.scrollWidth <= sizes.width, `the page is ${sizes.scrollWidth} px wide in a ${sizes.width} px window`);
    const scrolling = boxes.filter((b) => b.scrolls);
    assert.ok(scrolling.length >= 2, `the severity and time tables are wider than a phone: ${JSON.stringify(boxes)}`);
    for (const box of boxes) {
      assert.ok(box.right <= sizes.width, `a table's box ends at ${box.right} px`);
      assert.equal(box.overflow, 'auto');
      // The cue: shadows at both sides under covers that scroll with the table.
      assert.equal((box.cue.match(/gradient\(/g) || []).length, 4, box.cue);
      assert.match(box.attachment, /local/);
    }
    // Scrolled to its end, a table that scrolls shows its last column inside the box.
    const last = await page.locator('.table-scroll').evaluateAll((all) => {
      const box = all.find((b) => b.scrollWidth > b.clientWidth);
      box.scrollLeft = box.scrollWidth;
      const cell = box.querySelector('thead th:last-child').getBoundingClientRect();
      return { cell: cell.right, box: box.getBoundingClientRect().right };
    });
    assert.ok(last.cell <= last.box + 1, `the last column ends at ${last.cell} px, its box at ${last.box} px`);
  });
  // The incident list of a listing: cards on a phone, a table in a scrolling box on a wider screen.
  for (const width of [390, 1000]) {
    const options = width === 390 ? PHONE : { viewport: { width, height: 900 } };
    await onPage(`${server.url}severity/${all[0].severity}/`, options, async (page) => {
      const sizes = await page.evaluate(() => {
        const box = document.querySelector('.incidents-scroll');
        return { right: box.getBoundingClientRect().right, scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
      });
      assert.ok(sizes.scrollWidth <= sizes.width, `${width} px: the page is ${sizes.scrollWidth} px wide`);
      assert.ok(sizes.right <= sizes.width, `${width} px: the list's box ends at ${sizes.right} px`);
    });
  }
});
