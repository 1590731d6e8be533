-- id: exe-deleted
-- title: Process whose executable was deleted from disk
-- severity: medium
-- mitre: T1070.004
-- why: The binary the process runs has been unlinked ("(deleted)" exe link). Malware often deletes itself
--   after start so the file cannot be collected; the running image is still reachable only through the
--   process (copy /proc/<pid>/exe on the live host before it exits).
-- benign: A package upgrade replaced the binary while the old version keeps running (daemons not restarted
--   after apt/dnf upgrade), software updaters, and build trees rebuilt under a running test binary.
SELECT l.pid, s.comm, l.target AS exe, s.ppid, st.uid_real AS uid
FROM proc_links l
LEFT JOIN proc_stat s ON s.snapshot_id = l.snapshot_id AND s.pid = l.pid
LEFT JOIN proc_status st ON st.snapshot_id = l.snapshot_id AND st.pid = l.pid
WHERE l.snapshot_id = :snapshot_id AND l.name = 'exe' AND l.deleted = 1
  AND l.type <> 'memfd' AND l.target NOT LIKE '/memfd:%'
ORDER BY l.pid
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.exe AS exe, x.ppid AS ppid,
       st.uid_real AS uid
FROM (
  SELECT l.snapshot_key AS snapshot_key, l.pid AS pid, s.comm AS comm, l.target AS exe, s.ppid AS ppid
  FROM proc_links AS l
  LEFT JOIN (SELECT snapshot_key, pid, comm, ppid FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = l.snapshot_key AND s.pid = l.pid
  WHERE l.snapshot_key IN :snapshot_keys AND l.name = 'exe' AND l.deleted = 1
    AND l.type != 'memfd' AND lower(l.target) NOT LIKE '/memfd:%'
) AS x
LEFT JOIN (SELECT snapshot_key, pid, uid_real FROM proc_status WHERE snapshot_key IN :snapshot_keys) AS st
  ON st.snapshot_key = x.snapshot_key AND st.pid = x.pid
ORDER BY snapshot_key, pid
