#!/usr/bin/env bash
# clang-tidy over the product sources with the checks in .clang-tidy (the naming convention of ARCHITECTURE.md,
# "Conventions"). Not part of the test run (it parses every file again: minutes on two cores); the constant-name part
# is checked cheaply by the NamingRule test.
#
#   bash scripts/lint.sh            # report; exit 1 on any finding
#   FIX=1 bash scripts/lint.sh      # apply clang-tidy's renames (review the diff, then build and test)
#
# It configures its own build directory (build-lint: no unity build, so each file has its own compile command).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${LINT_BUILD_DIR:-build-lint}"
tidy="$(command -v run-clang-tidy || command -v run-clang-tidy-14 || true)"
if [ -z "$tidy" ]; then
  echo "lint: run-clang-tidy not found (Debian: apt-get install clang-tidy)" >&2
  exit 2
fi
cmake -S . -B "$dir" -G Ninja -DPROCSNAP_UNITY_BUILD=OFF -DPROCSNAP_BUILD_TESTS=OFF -DPROCSNAP_BUILD_BENCH=OFF \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
# Generated sources (the embedded schema, checks and views) are compiled files of their own; nothing includes them.
mapfile -t files < <(git ls-files 'common/*.cpp' 'procfs/*.cpp' 'collector/*.cpp' 'analyzer/*.cpp' | sed "s|^|$PWD/|")
args=(-p "$dir" -quiet -j "${LINT_JOBS:-2}")
[ -n "${FIX:-}" ] && args+=(-fix)
"$tidy" "${args[@]}" "${files[@]}" 2>&1 | grep -v -E "^[0-9]+ warnings? generated|^Suppressed|^Use -header-filter|^Use -system-headers" \
  | tee "$dir/lint.log" || true
if grep -q -E "(warning|error): .*\[readability-identifier-naming" "$dir/lint.log"; then
  echo "lint: $(grep -c -E '(warning|error): .*\[readability-identifier-naming' "$dir/lint.log") naming findings (log: $dir/lint.log)"
  exit 1
fi
echo "lint: clean"
