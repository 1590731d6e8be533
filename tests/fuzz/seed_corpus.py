#!/usr/bin/env python3
"""Regenerates the seed corpora tests/fuzz/corpus/<target>/ from the checked-in fixtures (tests/fixtures/**).

Each fixture file goes to the target whose parser reads it (by file name / directory); link fixtures (fd/, ns/,
map_files/, cwd, exe, root: files holding a link target) become "name\\ntarget" inputs for the fdinfo target.
Seeds are capped at 64 KiB (cut at a line boundary) so libFuzzer's max_len stays small, and deduplicated by
content. Archive seeds (import, manifest, json) are made by scripts/fuzz.sh --seed-archives (they need a built
collector); this script leaves those directories alone.

Usage: tests/fuzz/seed_corpus.py   (from anywhere; rewrites only the procfs targets' corpus directories)
"""
import hashlib
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
CAP = 64 * 1024

BY_NAME = {
    "proc_stat": {"statm", "schedstat", "syscall", "children"},
    "proc_status": {"status", "io", "sched", "timers", "stack", "uid_map", "gid_map", "projid_map", "cgroup",
                    "wchan", "comm", "timerslack_ns", "setgroups", "sessionid", "loginuid", "oom_score",
                    "oom_adj", "oom_score_adj", "ksm_stat", "ksm_merging_pages", "cpuset", "coredump_filter",
                    "autogroup", "arch_status", "personality", "timens_offsets"},
    "proc_maps": {"maps", "numa_maps"},
    "proc_smaps": {"smaps", "smaps_rollup"},
    "proc_mountinfo": {"mountinfo", "mounts", "mountstats", "mountinfo_escapes", "mounts_escapes"},
    "cmdline_environ": {"environ"},
    "limits": {"limits"},
    "auxv": {"auxv"},
    "net_inet": {"tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6", "udp_broken"},
    "net_unix": {"unix", "unix_without_inode", "packet", "netlink"},
    "net_other": {"arp", "route", "ipv6_route", "dev", "sockstat", "sockstat6", "snmp", "snmp6", "netstat",
                  "if_inet6", "fib_trie"},
    "system_stat": {"meminfo", "vmstat", "zoneinfo", "buddyinfo", "loadavg", "uptime", "version", "softirqs",
                    "interrupts"},
    "system_tables": {"cpuinfo", "devices", "diskstats", "filesystems", "keys", "locks", "misc", "modules",
                      "partitions", "swaps", "cgroups"},
}
LINK_DIRS = {"fd", "ns", "map_files"}
LINK_FILES = {"cwd", "exe", "root"}
SKIP_EXT = (".md", ".py", ".txt", ".sh")


def target_of(rel):
    parts = rel.split(os.sep)
    name, parent = parts[-1], (parts[-2] if len(parts) > 1 else "")
    if parent in LINK_DIRS or name in LINK_FILES:
        return "fdinfo-link"
    if parent == "fdinfo":
        return "fdinfo"
    if "pressure" in parts[:-1]:
        return "system_stat"
    if "sysvipc" in parts[:-1] or "sys" in parts[:-1]:
        return "system_tables"
    is_system = parts[0] == "system" or (parts[0] == "net")
    if name == "stat":
        return "system_stat" if is_system else "proc_stat"
    if name == "cmdline":
        return "cmdline_environ"
    if name in ("cpu", "memory", "io") and parent == "pressure":
        return "system_stat"
    for t, names in BY_NAME.items():
        if name in names:
            return t
    return None


def cap(data):
    if len(data) <= CAP:
        return data
    cut = data.rfind(b"\n", 0, CAP)
    return data[: cut + 1 if cut > 0 else CAP]


def main():
    seeds = {}
    per_dir = {}
    for dirpath, dirnames, filenames in os.walk(FIX, followlinks=False):
        dirnames.sort()
        for fn in sorted(filenames):
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, FIX)
            if fn.endswith(SKIP_EXT) or os.path.islink(path):
                continue
            t = target_of(rel)
            if t is None:
                continue
            with open(path, "rb") as f:
                data = f.read()
            if t == "fdinfo-link":
                # map_files/ alone has 100+ near-identical links: a few per directory are enough.
                per_dir[dirpath] = per_dir.get(dirpath, 0) + 1
                if per_dir[dirpath] > 8:
                    continue
                t, data = "fdinfo", fn.encode() + b"\n" + data
            data = cap(data)
            seeds.setdefault(t, {})[hashlib.sha1(data).hexdigest()] = (re.sub(r"[^A-Za-z0-9_.-]", "_", rel), data)
    for t in BY_NAME.keys() | {"fdinfo", "cmdline_environ"}:
        d = os.path.join(OUT, t)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for h, (name, data) in sorted(seeds.get(t, {}).items()):
            with open(os.path.join(d, f"{name}-{h[:8]}"), "wb") as f:
                f.write(data)
        print(f"{t}: {len(seeds.get(t, {}))} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
