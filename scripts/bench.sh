#!/usr/bin/env bash
# Whole-process benchmarks on generated sites, on tmpfs (/dev/shm) so disk noise stays out.
# Prints figures for BENCHMARKS.md. Usage: bash scripts/bench.sh [SIZES...] (default: 1000 10000)
# Hugo builds the same generated articles (gen_corpus --hugo, layouts in benches/hugo/) in the same
# hyperfine run as Continuum's clean build; without Hugo that comparison is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@"); [ $# -eq 0 ] && sizes=(1000 10000)
command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
if ! command -v hugo >/dev/null 2>&1; then
  { apt-get update -qq && apt-get install -y -qq hugo >/dev/null; } 2>/dev/null || true
fi
hugo=$(command -v hugo || true)
if [ -n "$hugo" ] && command -v python3 >/dev/null 2>&1; then
  echo "Hugo: $("$hugo" version)"
else
  echo "note: no Hugo (apt-get install hugo failed) or no python3: the Hugo comparison is skipped"
  hugo=""
fi
cargo build --release --quiet --examples
cargo build --release --quiet
target=${CARGO_TARGET_DIR:-target}/release
bin=$target/continuum
for n in "${sizes[@]}"; do
  site=/dev/shm/continuum-bench-$n
  floor=/dev/shm/continuum-floor-$n
  hsite=/dev/shm/hugo-bench-$n
  hout=/dev/shm/hugo-bench-$n-public
  echo "== $n articles ($site${hugo:+, Hugo: $hsite})"
  "$target/examples/gen_corpus" "$n" "$site" ${hugo:+--hugo "$hsite"} >/dev/null
  # A clean build has no output and no record of a last build (.public.build.json).
  rm -rf "$site/public" "$site/.public.build.json" "$floor"
  echo "-- full clean build, with stage timings and peak memory"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" build --root "$site" --timings 2>&1 | grep -vE '^\s*$'
  echo "-- full clean build vs no-change rebuild vs floor (pulldown-cmark alone)${hugo:+ vs Hugo (clean build)}"
  # hyperfine pairs the nth --prepare and -n with the nth command.
  runs=(--prepare "rm -rf $site/public $site/.public.build.json" -n "clean build" "$bin build --root $site"
    --prepare "true" -n "no-change rebuild" "$bin build --root $site"
    --prepare "rm -rf $floor" -n "floor" "$target/examples/floor $site $floor")
  if [ -n "$hugo" ]; then
    # A clean build each time: no output, no resources cache.
    runs+=(--prepare "rm -rf $hout $hsite/resources" -n "hugo clean build"
      "$hugo --quiet --source $hsite --destination $hout")
  fi
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine --warmup 1 --runs 5 --export-markdown "/tmp/continuum-bench-$n.md" \
    --export-json "/tmp/continuum-bench-$n.json" "${runs[@]}"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  cat "/tmp/continuum-bench-$n.md"
  if [ -n "$hugo" ]; then
    echo "-- Continuum vs Hugo, clean builds of the same articles (same hyperfine run)"
    python3 - "/tmp/continuum-bench-$n.json" \
      "$(find "$site/public" -name index.html | wc -l)" "$(find "$hout" -name index.html | wc -l)" <<'EOF'
import json, sys

results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
pages = {"clean build": int(sys.argv[2]), "hugo clean build": int(sys.argv[3])}
for name, label in (("clean build", "Continuum"), ("hugo clean build", "Hugo")):
    r = results[name]
    print(f"{label:9}  median {r['median']:.3f} s  min {r['min']:.3f} s  max {r['max']:.3f} s  "
          f"{pages[name]} index.html pages, {pages[name] / r['median']:.0f} pages/s")
c, h = results["clean build"], results["hugo clean build"]
print(f"ratio Continuum/Hugo: median {c['median'] / h['median']:.2f}, mean {c['mean'] / h['mean']:.2f}"
      f" (below 1: Continuum is faster)")
EOF
    rm -rf "$hsite" "$hout"
  fi
  echo "-- serve: edit one article, time until the rebuilt page is served"
  # Edits 0.2 s apart land while the last search index is still being rebuilt; 2.5 s apart
  # is an editor saving and reading.
  "$target/examples/bench_serve" "$site" 10 200
  "$target/examples/bench_serve" "$site" 8 2500
done
