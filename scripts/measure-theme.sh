#!/usr/bin/env bash
# Page weight, layout shift and Lighthouse scores of the default theme on the bundled site, as
# recorded in BENCHMARKS.md ("Theme: page weight and Lighthouse"). Not part of the test suite.
#
# Builds the site (release), serves it on 127.0.0.1 the way a host would (the site's _headers,
# gzip), loads each page in headless Chromium with an empty cache, then runs Lighthouse.
#
# Usage: bash scripts/measure-theme.sh [OUT_DIR]
#   RUNS=3            Lighthouse runs per page (the median is reported; default 1)
#   LIGHTHOUSE=0      skip Lighthouse (it is fetched with npx, about 185 MB, not a devDependency)
#   CHROME_PATH=...   the Chromium to use (default /usr/bin/chromium; nothing is downloaded)
set -euo pipefail
cd "$(dirname "$0")/.."

# Lighthouse 13 needs Node 22.19 or later; 12.8.2 is the newest that runs on Node 20.
LIGHTHOUSE_PACKAGE=lighthouse@12.8.2
FLAGS="--no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/continuum-measure.XXXXXX")}
mkdir -p "$out"

if [ ! -x "$CHROME_PATH" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund

echo "== build (release) into $out/site"
rm -rf "$out/site"
cargo run --release --quiet -- build --output "$out/site"

rm -f "$out/port"
node scripts/measure-theme.mjs serve "$out/site" "$out/port" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$out/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$out/port")/"

echo "== page weight and layout shift (Chromium $("$CHROME_PATH" --version 2>/dev/null | grep -o '[0-9.]*' | head -1))"
node scripts/measure-theme.mjs weight "$base" | tee "$out/weight.md"

if [ "${LIGHTHOUSE:-1}" != 0 ]; then
  echo "== Lighthouse ($LIGHTHOUSE_PACKAGE, mobile emulation, simulated throttling)"
  rm -f "$out"/lh-*.json
  for run in $(seq "${RUNS:-1}"); do
    for page in home: article:levels-of-care/intensive-outpatient/ faq:faq/ search:search/; do
      name=${page%%:*}
      npx --yes "$LIGHTHOUSE_PACKAGE" "$base${page#*:}" --quiet \
        --chrome-flags="--headless=new $FLAGS" \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$out/lh-$name-$run.json"
    done
  done
  node scripts/measure-theme.mjs lighthouse "$out"/lh-*.json | tee "$out/lighthouse.md"
fi
echo "== reports in $out"
