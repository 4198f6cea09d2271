#!/bin/sh
# Copies the project's reports into the report and markdown corpora (run from anywhere).
# The markdown target reads its first byte as the raw-HTML switch, so each report is
# seeded twice: once with raw HTML off (\000) and once on (\001).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/report corpus/markdown corpus/duration corpus/money corpus/date
n=0
find ../content ../tests/fixtures -path '*content/*.md' -type f | sort > corpus/.seeds
while IFS= read -r f; do
    n=$((n + 1))
    cp "$f" "corpus/report/seed-$n"
    { printf '\000'; cat "$f"; } > "corpus/markdown/seed-$n-plain"
    { printf '\001'; cat "$f"; } > "corpus/markdown/seed-$n-raw"
done < corpus/.seeds
rm corpus/.seeds
echo "$n reports seeded into corpus/report and corpus/markdown"
