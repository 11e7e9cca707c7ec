#!/usr/bin/env bash
# Fuzzes every target, seeded with the test fixtures and the inputs of past failures
# (fuzz/regressions/TARGET, which libFuzzer replays first). Fails on any crash, hang
# (10 s per input) or memory blow-up (2 GB).
#
#   bash fuzz/run.sh            the CI pass: a fixed seed and a fixed number of runs per
#                               target, so every machine explores the same inputs and a
#                               green run stays green (regressions are still caught)
#   bash fuzz/run.sh explore 600  exploration: a random seed, ten minutes a target; commit
#                               any input it finds to fuzz/regressions/TARGET with the fix
#
# Needs cargo-fuzz (installed if missing); libFuzzer needs nightly features, which
# RUSTC_BOOTSTRAP unlocks on the stable toolchain.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-ci}"
seconds="${2:-600}"
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
# Runs per target in the CI pass: about 30 s each on the 2-core reference machine.
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
    bounds=(-seed=1 -runs="$(runs "$target")" -max_total_time=300)
    corpus=("$(mktemp -d)")
  fi
  mkdir -p "artifacts/$target"
  echo "-- fuzz $target (${bounds[*]})"
  # shellcheck disable=SC2046
  cargo fuzz run -s none "$target" "${corpus[@]}" $(seeds "$target") -- \
    "${bounds[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" 2>"artifacts/$target.log" \
    || { tail -40 "artifacts/$target.log"; echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "artifacts/$target.log" | tr '\n' ' '
  echo
done
