#!/bin/sh
# Corpora and outputs: $OUT, /dev/shm/tax unless set.
# taxonomy_measure.sh BINARY CORPUS RUNS: each run a clean build into ${OUT:-/dev/shm/tax}/out; prints
# elapsed (s), peak RSS (KiB), output bytes, files.
bin=$1; corpus=$2; runs=${3:-3}
for r in $(seq 1 $runs); do
  rm -rf ${OUT:-/dev/shm/tax}/out
  /usr/bin/time -v "$bin" --root "$corpus" build --output ${OUT:-/dev/shm/tax}/out > /dev/null 2> ${OUT:-/dev/shm/tax}/time.log
  rc=$?
  el=$(grep "Elapsed (wall" ${OUT:-/dev/shm/tax}/time.log | awk '{print $NF}')
  rss=$(grep "Maximum resident" ${OUT:-/dev/shm/tax}/time.log | awk '{print $NF}')
  bytes=$(du -sb ${OUT:-/dev/shm/tax}/out | cut -f1)
  files=$(find ${OUT:-/dev/shm/tax}/out -type f | wc -l)
  echo "$(basename $bin) $(basename $corpus) run=$r rc=$rc elapsed=$el rss_kib=$rss bytes=$bytes files=$files"
done
rm -rf ${OUT:-/dev/shm/tax}/out
