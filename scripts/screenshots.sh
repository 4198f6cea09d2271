#!/usr/bin/env bash
# Regenerates the screenshots shown in README.md from the example archive, with headless
# Chromium (Debian: `apt-get install chromium`). Usage: scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
  echo "chromium is not installed: apt-get install chromium" >&2
  exit 1
fi
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cargo run --quiet -- build --output "$site/public" 2>/dev/null
shoot() { # page file, width, height
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$site/profile" --window-size="$3,$4" \
    --screenshot="docs/screenshots/$2" "file://$site/public/$1" 2>/dev/null
}
shoot index.html home.png 1280 1100
shoot incidents/2025-03-02-certificat-tls-expire/index.html incident.png 1280 1100
shoot stats/index.html stats.png 1280 1100
shoot index.html home-phone.png 390 844
echo "screenshots written to docs/screenshots/"
