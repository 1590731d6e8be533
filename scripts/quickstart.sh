#!/usr/bin/env bash
# The main job in one command: install dependencies, build, capture this host, import the capture, and show a
# first query. Works as root (full capture) or as a normal user (own processes fully, others as the kernel allows;
# dependency installation then needs sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target procsnap procsnap-collect
mkdir -p out
archive="out/$(hostname)-$(date -u +%Y%m%dT%H%M%SZ).tar.zst"
rc=0
build/collector/procsnap-collect -o "$archive" || rc=$?
# 3 = partial capture (processes exited or caps were reached): the archive is still complete and importable.
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "quickstart: collector failed with exit code $rc" >&2
  exit "$rc"
fi
# A database left by an earlier procsnap version (another schema) is refused by this one: keep it aside, start anew.
if [ -f out/procsnap.db ] && ! build/analyzer/procsnap ls --db out/procsnap.db >/dev/null 2>&1; then
  kept="out/procsnap.db.$(date -u +%Y%m%dT%H%M%SZ)"
  mv out/procsnap.db "$kept"
  echo "quickstart: out/procsnap.db was not usable by this procsnap (another version?); kept as $kept"
fi
build/analyzer/procsnap import --db out/procsnap.db "$archive"
build/analyzer/procsnap ls --db out/procsnap.db
build/analyzer/procsnap query --db out/procsnap.db \
  "SELECT pid, name, path, cmdline FROM processes WHERE snapshot_id = (SELECT max(id) FROM snapshots)
   ORDER BY resident_size DESC LIMIT 15"
echo
echo "Archive: $archive   Database: out/procsnap.db   Try: build/analyzer/procsnap --help"
