#!/usr/bin/env bash
# Sets up dependencies, builds, and runs every test. Usage: scripts/test.sh [default|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash scripts/setup-deps.sh
cmake --workflow --preset "$preset"
