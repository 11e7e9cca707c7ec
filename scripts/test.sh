#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs what it needs first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The disk a run starts with: a full run needs about 5 GB (build, fuzz build, Chromium).
df -h . | tail -1 | awk '{print "== disk: " $4 " free on " $6}'

# Installed first: the Rust tests use them too (PDF handouts through Chromium), and a test that
# skips for want of a tool would pass without testing anything.
echo "== tools (chromium, poppler-utils)"
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium poppler-utils >/dev/null
fi

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings

echo "== Rust tests (unit, integration, CLI, bundled site, hostile corpus, reliability)"
cargo test --locked --all-targets

echo "== fuzzing (libFuzzer: regressions replayed, then a fixed seed for 45 s a target; bash fuzz/run.sh explore SECONDS to explore)"
bash fuzz/run.sh

echo "== browser and JavaScript tests (headless Chromium, node:test)"
npm ci --no-audit --no-fund
cargo build --locked --quiet
CONTINUUM_BIN="${CARGO_TARGET_DIR:-target}/debug/continuum" node --test tests/browser/ tests/js/
