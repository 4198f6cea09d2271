#!/usr/bin/env bash
# Writes everything a user sees from one incidex binary into one folder, so
# that two commits' outputs can be compared byte for byte with `diff -r`:
# the example archive (plain, --base-url, --public --drafts), check, stats,
# import, new and init (stdout, stderr and exit code of each), and generated
# archives of 1,000 reports (template and front matter) and 10,000 reports.
#
#   bench/outputs.sh target/release/incidex /dev/shm/after
#   bench/outputs.sh /tmp/incidex-before   /dev/shm/before
#   diff -r /dev/shm/before /dev/shm/after && echo IDENTICAL
#
# Run from the repository root; the generator is ../shared/bench/gen_corpus.py
# (or $GEN). The `new` command's date is given, so its report is the same on
# every run.
set -euo pipefail
bin=$(realpath "$1")
dest=$2
repo=$(pwd)
gen=${GEN:-$repo/../shared/bench/gen_corpus.py}
[ -e "$dest" ] && { echo "$dest exists: give a new folder" >&2; exit 2; }
mkdir -p "$dest"
dest=$(realpath "$dest")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME DIR ARGS...: runs the binary in DIR, keeps stdout, stderr, exit code.
run() {
  local name=$1 dir=$2
  shift 2
  local code=0
  (cd "$dir" && "$bin" "$@") >"$dest/$name.out" 2>"$dest/$name.err" || code=$?
  echo "$code" >"$dest/$name.code"
  # The folders and the build's duration change from run to run.
  sed -i -e "s#$dest#DEST#g" -e "s#$work#WORK#g" -e "s#$repo#REPO#g" -e 's/ in [0-9.]* s$/ in N s/' \
    "$dest/$name.out" "$dest/$name.err"
}

site() { # site NAME: a fresh copy of the example archive
  mkdir -p "$work/$1"
  cp -r "$repo/content" "$repo/incidex.yaml" "$work/$1/"
  echo "$work/$1"
}

s=$(site example)
run build-example "$s" build -o "$dest/example"
s=$(site base-url)
run build-base-url "$s" build -o "$dest/example-base-url" --base-url https://incidents.example.org/archive/
s=$(site public)
run build-public "$s" build -o "$dest/example-public" --public --drafts
s=$(site checks)
run check-human "$s" check
run check-json "$s" check --format json
run check-github "$s" check --format github
run stats-text "$s" stats
run stats-json "$s" stats --json
for fixture in invalid bad-config trust-reading no-content site-stats; do
  [ -d "$repo/tests/fixtures/$fixture" ] || continue
  cp -r "$repo/tests/fixtures/$fixture" "$work/$fixture"
  run "check-$fixture" "$work/$fixture" check
  run "check-$fixture-json" "$work/$fixture" check --format json
  run "build-$fixture" "$work/$fixture" build -o "$work/$fixture-out"
  run "stats-$fixture" "$work/$fixture" stats
done
for doc in "$repo"/tests/fixtures/import/*.md; do
  name=$(basename "$doc" .md)
  s=$(site "import-$name")
  rm -rf "$s/content" && mkdir "$s/content"
  run "import-$name" "$s" import "$doc"
  run "import-$name-again" "$s" import "$doc"
  cp -r "$s/content" "$dest/import-$name"
done
s=$(site new)
run new "$s" new --title "Panne du réseau" --severity Haute --type Downtime --date "2025-03-04 05:06"
run new-again "$s" new --title "Panne du réseau" --severity Haute --type Downtime --date "2025-03-04 05:06"
cp -r "$s/content" "$dest/new-content"
for lang in fr en; do
  run "init-$lang" "$work" init "$work/init-$lang" --language "$lang"
  cp -r "$work/init-$lang" "$dest/init-$lang"
done
run init-not-empty "$work" init "$work/init-fr"

for spec in 1000:seed 1000:frontmatter 10000:seed; do
  count=${spec%%:*} format=${spec##*:}
  g="$work/gen-$count-$format"
  python3 "$gen" --count "$count" --format "$format" --out "$g/content" >/dev/null
  extra=()
  [ "$format" = frontmatter ] && extra=(--base-url https://example.org/)
  run "build-$count-$format" "$g" build -o "$dest/gen-$count-$format" "${extra[@]}"
  run "check-$count-$format" "$g" check --format json
done
echo "wrote $dest"
