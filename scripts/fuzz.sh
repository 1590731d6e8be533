#!/usr/bin/env bash
# Fuzzes every libFuzzer target (tests/fuzz/<target>.cpp) for a given time each, then prints one line per target:
# executions, coverage (cov = edges, ft = features, from libFuzzer's final status line), corpus size, and the
# crash artifact if one was found.
#
#   scripts/fuzz.sh 600                 # every target, 10 minutes each
#   scripts/fuzz.sh 60 proc_maps json   # only these targets
#   JOBS=2 scripts/fuzz.sh 600          # two fuzzers at a time (default 1)
#
# Builds in build-fuzz/ with clang (-DPROCSNAP_FUZZ=ON: libFuzzer + ASan + UBSan). Each target reads its seed
# corpus tests/fuzz/corpus/<target>/ and the regression inputs tests/crashers/<target>/ (both left untouched)
# and keeps what it learns in build-fuzz/fuzz-corpus/<target>/ (reused by the next run). Logs go to
# build-fuzz/fuzz-logs/<target>.log, crash/leak/timeout inputs to build-fuzz/fuzz-artifacts/<target>/: copy a
# crash input to tests/crashers/<target>/ (see the README there) so CTest replays it forever.
# Exit status: 0 when no target crashed, 1 otherwise, 2 on a usage or build error.
set -euo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then usage >&2; exit 2; fi
seconds=$1; shift
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-fuzz}
jobs=${JOBS:-1}

all_targets=$(sed -n '/^set(PROCSNAP_FUZZ_TARGETS/,/)/p' "$src/tests/fuzz/CMakeLists.txt" |
  sed 's/set(PROCSNAP_FUZZ_TARGETS//; s/)//' | tr -s ' \n' ' ')
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then read -r -a targets <<<"$all_targets"; fi
for t in "${targets[@]}"; do
  if [[ " $all_targets " != *" $t "* ]]; then echo "unknown target '$t' (known: $all_targets)" >&2; exit 2; fi
done

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPROCSNAP_FUZZ=ON -DPROCSNAP_STATIC_COLLECTOR=OFF >/dev/null || exit 2
fi
cmake --build "$build" -j"${BUILD_JOBS:-2}" --target $(printf 'fuzz_%s ' "${targets[@]}") || exit 2

mkdir -p "$build/fuzz-logs"
run_one() {
  local t=$1 dirs=()
  mkdir -p "$build/fuzz-corpus/$t" "$build/fuzz-artifacts/$t"
  # The first directory receives new inputs: the scratch corpus, never the checked-in seeds.
  dirs+=("$build/fuzz-corpus/$t" "$src/tests/fuzz/corpus/$t")
  [[ -d "$src/tests/crashers/$t" ]] && dirs+=("$src/tests/crashers/$t")
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 -rss_limit_mb=2560 \
    -max_len=1048576 -dict="$src/tests/fuzz/procfs.dict" -artifact_prefix="$build/fuzz-artifacts/$t/" \
    "${dirs[@]}" >"$build/fuzz-logs/$t.log" 2>&1 || true
}

running=0
for t in "${targets[@]}"; do
  echo "fuzzing $t for ${seconds}s" >&2
  run_one "$t" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then wait -n || true; running=$((running - 1)); fi
done
wait

status=0
printf '%-16s %12s %8s %8s %7s  %s\n' target executions cov ft corpus result
for t in "${targets[@]}"; do
  log=$build/fuzz-logs/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  if [[ -n "$artifact" ]]; then
    result="CRASH $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|deadly signal' "$log" || true) -> $artifact"
    status=1
  elif grep -q 'Done [0-9]* runs' "$log"; then
    result=ok
  else
    result="did not finish (see $log)"
    status=1
  fi
  printf '%-16s %12s %8s %8s %7s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
exit $status
