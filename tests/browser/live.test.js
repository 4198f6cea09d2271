// `incidex serve` in Chromium: a saved report reloads the open page by itself; a broken one shows the error overlay until fixed.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { test, before, after } = require('node:test');
const { TIMEOUT, fail, launch, watch } = require('./lib');

/** The site to copy (tests/browser.rs gives the repository root) and the incidex binary. */
const ROOT = process.env.INCIDEX_ROOT || fail('INCIDEX_ROOT is not set: run these tests with `cargo test --features browser`');
const BIN = process.env.INCIDEX_BIN || fail('INCIDEX_BIN is not set: run these tests with `cargo test --features browser`');

/** A rebuild after a save must show within this: a hang, not a speed, fails the test. */
const RELOAD = 60_000;

let site;
let serve;
let url;
let browser;

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'incidex-live-'));
  for (const name of ['incidex.yaml', 'content', 'themes']) {
    if (fs.existsSync(path.join(ROOT, name))) fs.cpSync(path.join(ROOT, name), path.join(site, name), { recursive: true });
  }
  serve = spawn(BIN, ['serve', '--port', '0', '--root', site], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  serve.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = readline.createInterface({ input: serve.stdout });
  const first = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`incidex serve printed no URL within ${TIMEOUT} ms\n${stderr}`)), TIMEOUT);
    lines.once('line', (line) => { clearTimeout(timer); resolve(line); });
    serve.once('exit', (code) => reject(new Error(`incidex serve exited (${code}) before serving\n${stderr}`)));
  });
  url = (first.match(/http:\/\/\S+/) || fail(`no URL in the first line of incidex serve: ${first}`))[0].replace(/\/?$/, '/');
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (serve && serve.exitCode === null) serve.kill();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

/** Saves as editors do: the whole text into a hidden temporary file, then renamed over the report. */
function save(file, text) {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

test('saving a report reloads its open page; a broken save shows the error overlay, fixing it clears it', { timeout: 300_000 }, async () => {
  // The newest report, found through the preview's own incidents.json.
  const reports = await (await fetch(url + 'incidents.json')).json();
  assert.ok(reports.length > 0, 'the archive has a report');
  const report = reports[0];
  const file = path.join(site, 'content', report.source);
  const original = fs.readFileSync(file, 'utf8');
  const cause = /^###[ \t]+(cause|root cause)[ \t]*$/im;
  assert.match(original, cause, `${report.source} has a Cause section to write into`);

  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url + report.path);
  await page.waitForLoadState('networkidle');
  const overlay = page.locator('[role="alertdialog"]');
  assert.equal(await overlay.count(), 0, 'no overlay after a good build');

  // A first save: the new sentence shows without any reload from the test.
  const first = `Saved while the page was open ${Date.now()}.`;
  const edited = original.replace(cause, (heading) => `${heading}\n${first}\n`);
  save(file, edited);
  await page.getByText(first).waitFor({ timeout: RELOAD });

  // A mistake: a second incident in the file. The overlay names the report; the page stays underneath.
  save(file, `${edited}\n\n## Incident 2025-01-15 14:30\n`);
  await overlay.waitFor({ state: 'visible', timeout: RELOAD });
  const said = await overlay.innerText();
  assert.match(said, /error/i, 'the overlay says there is an error');
  assert.ok(said.includes(path.basename(report.source)), `the overlay names ${report.source}:\n${said}`);
  assert.ok(await page.getByText(first).isVisible(), 'the last good page stays underneath');

  // Fixed: the overlay goes, and the fixed text shows.
  const second = `Fixed while the page was open ${Date.now()}.`;
  save(file, original.replace(cause, (heading) => `${heading}\n${second}\n`));
  await page.getByText(second).waitFor({ timeout: RELOAD });
  await overlay.waitFor({ state: 'detached', timeout: RELOAD });

  assert.deepEqual(problems, [], 'console errors or failed requests');
  await context.close();
});
