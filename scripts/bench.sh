#!/usr/bin/env bash
# Whole-process benchmarks on generated sites, on tmpfs (/dev/shm) so disk noise stays out.
# Prints figures for BENCHMARKS.md. Usage: bash scripts/bench.sh [SIZES...] (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@"); [ $# -eq 0 ] && sizes=(1000 10000)
command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --quiet --examples
cargo build --release --quiet
bin=target/release/continuum
for n in "${sizes[@]}"; do
  site=/dev/shm/continuum-bench-$n
  echo "== $n articles ($site)"
  target/release/examples/gen_corpus "$n" "$site" >/dev/null
  rm -rf "$site/public" /dev/shm/continuum-floor-$n
  echo "-- full clean build, with stage timings and peak memory"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" build --root "$site" --timings 2>&1 | grep -vE '^\s*$'
  echo "-- full clean build vs no-change rebuild vs floor (pulldown-cmark alone)"
  hyperfine --warmup 1 --runs 5 --export-markdown "/tmp/continuum-bench-$n.md" \
    --prepare "rm -rf $site/public" --prepare "true" --prepare "rm -rf /dev/shm/continuum-floor-$n" \
    -n "clean build" "$bin build --root $site" \
    -n "no-change rebuild" "$bin build --root $site" \
    -n "floor" "target/release/examples/floor $site /dev/shm/continuum-floor-$n"
  cat "/tmp/continuum-bench-$n.md"
  echo "-- serve: edit one article, time until the rebuilt page is served"
  target/release/examples/bench_serve "$site" 10
done
