#!/usr/bin/env bash
# Fuzzes every target, seeded with the test fixtures and the inputs of past failures
# (fuzz/regressions/TARGET). Fails on any crash, hang (10 s per input) or memory blow-up
# (2 GB).
#
#   bash fuzz/run.sh [ci [SECONDS]]   the CI pass: first every regression input is replayed
#                               on its own (each file run once, whatever the budget); then
#                               a fixed seed, at most a fixed number of runs and at most
#                               SECONDS (default 45) per target, so a slow or shared machine
#                               still ends in a few minutes (5 targets: under 4 minutes)
#   bash fuzz/run.sh explore 600  exploration: a random seed, ten minutes a target; commit
#                               any input it finds to fuzz/regressions/TARGET with the fix
#
# Needs cargo-fuzz (installed if missing); libFuzzer needs nightly features, which
# RUSTC_BOOTSTRAP unlocks on the stable toolchain. The fuzz crate builds in its own target
# folder (fuzz/target): cargo-fuzz compiles everything with coverage instrumentation and
# `--cfg fuzzing`, so nothing of the main target/ could be reused anyway.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-ci}"
if [ "$mode" = explore ]; then seconds="${2:-600}"; else seconds="${2:-45}"; fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
# No sanitizer: Rust is memory-safe without it here, and the build is twice as fast.
cargo fuzz build -s none >/dev/null
fixtures=../tests/fixtures
seeds() {
  if [ -d "regressions/$1" ]; then echo "regressions/$1"; fi
  case "$1" in
    config) find "$fixtures" -name config.toml -printf '%h\n' | sort -u ;;
    # libFuzzer takes folders of seed files, not single files.
    search) echo "$fixtures/features/content" "$fixtures/hostile" "$fixtures/checks/content" ;;
    *) echo "$fixtures/hostile" "$fixtures/features/content" "$fixtures/checks/content" ../content ;;
  esac
}
# Most runs per target in the CI pass (about 30 s each on an idle 2-core machine); the time
# budget ends a run earlier on a slower one.
runs() {
  case "$1" in
    front_matter) echo 500000 ;;
    config) echo 800000 ;;
    markdown) echo 6000 ;;
    raw_html) echo 80000 ;;
    search) echo 200000 ;;
  esac
}
for target in front_matter config markdown raw_html search; do
  if [ "$mode" = explore ]; then
    # A corpus folder that grows across exploration runs (ignored by git).
    mkdir -p "corpus/$target"
    bounds=(-max_total_time="$seconds")
    corpus=("corpus/$target")
  else
    bounds=(-seed=1 -runs="$(runs "$target")" -max_total_time="$seconds")
    corpus=("$(mktemp -d)")
  fi
  mkdir -p "artifacts/$target"
  # Past failures, each file run once: libFuzzer given files (not folders) replays exactly
  # them and stops, so a short budget can never skip one.
  if [ -n "$(ls -A "regressions/$target" 2>/dev/null)" ]; then
    echo "-- replay regressions/$target ($(ls "regressions/$target" | wc -l) inputs)"
    cargo fuzz run -s none "$target" "regressions/$target"/* -- \
      -timeout=10 -rss_limit_mb=2048 2>"artifacts/$target.replay.log" \
      || { tail -40 "artifacts/$target.replay.log"; echo "regression input of $target fails again"; exit 1; }
  fi
  echo "-- fuzz $target (${bounds[*]})"
  # shellcheck disable=SC2046
  cargo fuzz run -s none "$target" "${corpus[@]}" $(seeds "$target") -- \
    "${bounds[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" 2>"artifacts/$target.log" \
    || { tail -40 "artifacts/$target.log"; echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "artifacts/$target.log" | tr '\n' ' '
  echo
done
