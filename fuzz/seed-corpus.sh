#!/bin/sh
# Copies the project's reports into the report and markdown corpora (run from anywhere).
# The markdown target reads its first byte as its options, so each report is seeded twice,
# with the options of an incident page (heading offset 2): raw HTML off (\010) and on (\011).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/report corpus/markdown corpus/duration corpus/money corpus/date
n=0
find ../content ../tests/fixtures -path '*content/*.md' -type f | sort > corpus/.seeds
while IFS= read -r f; do
    n=$((n + 1))
    cp "$f" "corpus/report/seed-$n"
    { printf '\010'; cat "$f"; } > "corpus/markdown/seed-$n-plain"
    { printf '\011'; cat "$f"; } > "corpus/markdown/seed-$n-raw"
done < corpus/.seeds
rm corpus/.seeds
echo "$n reports seeded into corpus/report and corpus/markdown"
