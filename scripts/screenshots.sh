#!/usr/bin/env bash
# Regenerates the screenshots shown in README.md (home, an incident, stats; light, dark and 390 px wide)
# from the example archive, with the browser tests' tooling: headless Chromium through playwright-core.
# Needs `apt-get install chromium` and `npm ci --ignore-scripts --prefix tests/browser`.
# Usage: scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "playwright-core is not installed: run \`npm ci --ignore-scripts --prefix tests/browser\`" >&2
  exit 1
fi
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cargo run --quiet -- build --output "$site/public" 2>/dev/null
mkdir -p docs/screenshots
node tests/browser/screenshots.js "$site/public" docs/screenshots
echo "screenshots written to docs/screenshots/"
