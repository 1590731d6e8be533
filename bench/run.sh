#!/usr/bin/env bash
# Runs every procsnap benchmark; each reports its figures next to a baseline measured in the same run.
#
#   bash bench/run.sh [BUILD_DIR]        # default build dir: build (the CMake preset's); builds what it needs
#   BENCH_ONLY=collect bash bench/run.sh # just one section
#
# Structure: one function per benchmark, named bench_<name>; `main` runs them in order. To add a benchmark,
# write bench/<name>_bench.cpp (built automatically by bench/CMakeLists.txt), add a bench_<name> function below,
# and add its name to BENCHES. Exit status: non-zero when any benchmark missed its target.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${1:-build}"
BENCHES=(collect import diff mem fleet timeline yara)

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ] && [ ! -f "$BUILD_DIR/Makefile" ]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || return 1
  fi
  cmake --build "$BUILD_DIR" -j2 --target "$@" >/dev/null || return 1
}

# procsnap-collect (--compress none, the zstd default, and --gentle) against the two floors of any capture, all in the
# same run, interleaved, median of N, with 200 and 1000 idle processes: the full walk (every per-pid file and link
# once at every pid and every task/<tid>/, single thread, discarded) and the capture walk (exactly the items the
# collector's manifest lists, single thread, discarded). Wall, user, sys and peak RSS per row; the ratios to both.
# Targets: none and zstd within 1.1x of the capture walk's wall time; peak RSS <= 32 MB at 1000 processes, and
# while the collector copies a 40 MiB deleted file one process holds open (--pids that process).
# --gentle is reported, not judged (its time is the price of SCHED_IDLE and the read-rate bound).
# COLLECT_BENCH_COMPARE=PATH adds another collector build (e.g. an older tree's) to the same rounds.
bench_collect() {
  echo "== collect: procsnap-collect vs the full walk and the capture walk (same run)"
  build procsnap-collect collect_bench || { echo "build failed"; return 1; }
  local compare=()
  if [ -n "${COLLECT_BENCH_COMPARE:-}" ]; then
    compare=(--compare "$COLLECT_BENCH_COMPARE")
  fi
  "$BUILD_DIR/bench/collect_bench" --collector "$BUILD_DIR/collector/procsnap-collect" "${compare[@]}" \
    --procs "${COLLECT_BENCH_PROCS:-200,1000}" --repeat "${COLLECT_BENCH_REPEAT:-5}"
}

# procsnap import of a capture of 1000 idle processes vs a baseline inserting the same rows with prepared
# statements in one transaction (no archive, no parsing), measured in the same run.
# Target: import >= 0.5x baseline rows/s (judged on CPU time; wall time printed next to it).
bench_import() {
  echo "== import: procsnap import vs prepared-INSERT baseline of the same rows"
  build procsnap-collect import_bench || { echo "build failed"; return 1; }
  "$BUILD_DIR/bench/import_bench" --collector "$BUILD_DIR/collector/procsnap-collect" \
    --procs "${IMPORT_BENCH_PROCS:-1000}" --repeat "${IMPORT_BENCH_REPEAT:-3}"
}

# procsnap diff engine (load both snapshots with SQL, compare) on two synthetic snapshots of 1000 and 10000
# processes inserted directly (known differences; the bench checks the diff finds exactly them).
# Targets: < 1 s at 10000 processes and linear growth (per-process time at 10000 <= 1.5x that at 1000),
# judged on CPU time; wall time printed next to it.
bench_diff() {
  echo "== diff: procsnap diff engine on synthetic snapshots"
  build diff_bench || { echo "build failed"; return 1; }
  "$BUILD_DIR/bench/diff_bench" --procs "${DIFF_BENCH_PROCS:-1000,10000}" --repeat "${DIFF_BENCH_REPEAT:-3}"
}

# procsnap-collect --mem capture of a child holding 512 MiB of filled anonymous memory vs a plain pread loop over
# /proc/<child>/mem over the same regions (4 MiB buffer), plus a pread + SHA-256 loop (the floor of any capture that
# hashes what it stores), best of N each, in the same run; the first capture is verified byte for byte.
# Targets: collect none >= 0.90x pread+write+fsync, collect null >= 1.00x pread+SHA-256 (wall time, same
# run; CPU ratios and the CPUs the collector used printed too). Needs root (skipped otherwise).
bench_mem() {
  echo "== mem: procsnap-collect --mem (512 MiB anonymous region) vs pread loop over /proc/<pid>/mem"
  build procsnap-collect mem_bench || { echo "build failed"; return 1; }
  "$BUILD_DIR/bench/mem_bench" --collector "$BUILD_DIR/collector/procsnap-collect" \
    --mb "${MEM_BENCH_MB:-512}" --repeat "${MEM_BENCH_REPEAT:-5}"
}

# On a throwaway clickhouse-server (loopback, free ports, temp dir). 1. procsnap push of a capture of this host (plus
# 200 idle processes) vs clickhouse-client loading the same rows (RowBinary exported from the server after the
# push), one INSERT per table for both, best of N interleaved; target: push >= 0.8x clickhouse-client rows/s.
# 2. 1000 snapshots (the two samples, relabeled as distinct hosts and times) pushed, then procsnap fleet stack
# (every kind) and fleet triage over all of them, best of N; target: fleet stack exe < 2 s.
# Skipped when clickhouse-server is not installed. FLEET_BENCH_SNAPSHOTS=50 for a quick run.
bench_fleet() {
  echo "== fleet: procsnap push vs clickhouse-client; fleet stack / triage over many snapshots (ClickHouse)"
  build procsnap procsnap-collect fleet_bench || { echo "build failed"; return 1; }
  "$BUILD_DIR/bench/fleet_bench" --procsnap "$BUILD_DIR/analyzer/procsnap" \
    --collector "$BUILD_DIR/collector/procsnap-collect" --samples samples \
    --procs "${FLEET_BENCH_PROCS:-200}" --snapshots "${FLEET_BENCH_SNAPSHOTS:-1000}" \
    --repeat "${FLEET_BENCH_REPEAT:-3}"
}

# procsnap timeline (build_timeline + Timesketch JSONL) on a synthetic snapshot of 10000 processes vs one SELECT of
# the same rows formatted as JSON lines with fmt, best of N each, interleaved in the same run.
# Target: timeline < 1 s CPU at 10000 processes; the ratio to the baseline is printed.
bench_timeline() {
  echo "== timeline: procsnap timeline --format timesketch vs a plain SELECT + fmt of the same rows"
  build timeline_bench || { echo "build failed"; return 1; }
  "$BUILD_DIR/bench/timeline_bench" --procs "${TIMELINE_BENCH_PROCS:-10000}" --repeat "${TIMELINE_BENCH_REPEAT:-3}"
}

# procsnap mem yara over a 256 MiB region stored in a database (64 pieces of 4 MiB) vs the yara command (the same
# libyara) scanning the same bytes as one file, best of N each, interleaved in the same run; both must report the same
# string matches. Target: procsnap >= 0.5x yara's MB/s (wall time). Skipped when the yara command is not installed.
bench_yara() {
  echo "== yara: procsnap mem yara (captured memory in SQLite) vs yara -s on the same bytes as a file"
  build procsnap yara_bench || { echo "build failed"; return 1; }
  "$BUILD_DIR/bench/yara_bench" --procsnap "$BUILD_DIR/analyzer/procsnap" --mb "${YARA_BENCH_MB:-256}" \
    --repeat "${YARA_BENCH_REPEAT:-3}"
}

main() {
  local status=0
  for b in "${BENCHES[@]}"; do
    if [ -n "${BENCH_ONLY:-}" ] && [ "$BENCH_ONLY" != "$b" ]; then
      continue
    fi
    "bench_$b" || status=1
    echo
  done
  return $status
}

main
