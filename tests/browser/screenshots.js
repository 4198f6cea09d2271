// Takes README's screenshots (home, an incident, stats; light, dark, 390 px) of a built site: run by scripts/screenshots.sh.
'use strict';

const path = require('node:path');
const { incidents, serveStatic, launch, fail } = require('./lib');
const { pageKinds } = require('./pages');

const [dir, out] = process.argv.slice(2);
if (!dir || !out) fail('usage: node tests/browser/screenshots.js <built site> <output folder>');

const SHOTS = ['home', 'incident', 'stats'];
const VARIANTS = [
  { suffix: '', colorScheme: 'light', viewport: { width: 1280, height: 1100 } },
  { suffix: '-dark', colorScheme: 'dark', viewport: { width: 1280, height: 1100 } },
  { suffix: '-phone', colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

(async () => {
  const kinds = pageKinds(dir, incidents(dir));
  const server = await serveStatic(dir);
  const browser = await launch();
  try {
    for (const { suffix, ...options } of VARIANTS) {
      const context = await browser.newContext({ ...options, reducedMotion: 'reduce' });
      for (const name of SHOTS) {
        const kind = kinds.find((k) => k.kind === name);
        const page = await context.newPage();
        await page.goto(server.url + kind.path, { waitUntil: 'networkidle' });
        const file = path.join(out, `${name}${suffix}.png`);
        await page.screenshot({ path: file });
        console.log(`${file}: /${kind.path}`);
        await page.close();
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
})().catch((error) => fail(error.stack || String(error)));
