#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 40 s each), seeded with the test
# fixtures, and fails on any crash, hang (10 s per input) or memory blow-up (2 GB).
# `bash fuzz/run.sh 600` runs each for ten minutes. Needs cargo-fuzz (installed if missing);
# libFuzzer needs nightly features, which RUSTC_BOOTSTRAP unlocks on the stable toolchain.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-40}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
# No sanitizer: Rust is memory-safe without it here, and the build is twice as fast.
cargo fuzz build -s none >/dev/null
fixtures=../tests/fixtures
seeds() {
  case "$1" in
    config) find "$fixtures" -name config.toml -printf '%h\n' | sort -u ;;
    # libFuzzer takes folders of seed files, not single files.
    search) echo "$fixtures/features/content" "$fixtures/hostile" "$fixtures/checks/content" ;;
    *) echo "$fixtures/hostile" "$fixtures/features/content" "$fixtures/checks/content" ../content ;;
  esac
}
for target in front_matter config markdown raw_html search; do
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "-- fuzz $target for ${seconds}s"
  # shellcheck disable=SC2046
  cargo fuzz run -s none "$target" "corpus/$target" $(seeds "$target") -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" 2>"artifacts/$target.log" \
    || { tail -40 "artifacts/$target.log"; echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "artifacts/$target.log" | tr '\n' ' '
  echo
done
