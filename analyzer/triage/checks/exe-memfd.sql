-- id: exe-memfd
-- title: Process executing from a memfd (fileless execution)
-- severity: high
-- mitre: T1620
-- why: The process's executable is an anonymous memory file (memfd_create + fexecve): the binary never
--   existed on disk, so no file scanner, package database or hash allow-list ever saw it. Droppers use this
--   to run payloads without leaving a file.
-- benign: Rare. Some container runtimes re-execute themselves from a memfd copy (runc's CVE-2019-5736
--   mitigation: exe "/memfd:runc_cloned:/proc/self/exe"), and a few self-updating tools do the same.
SELECT l.pid, s.comm, l.target AS exe, s.ppid,
       (SELECT a.arg FROM proc_cmdline_args a
         WHERE a.snapshot_id = l.snapshot_id AND a.pid = l.pid AND a.idx = 0) AS argv0
FROM proc_links l
LEFT JOIN proc_stat s ON s.snapshot_id = l.snapshot_id AND s.pid = l.pid
WHERE l.snapshot_id = :snapshot_id AND l.name = 'exe'
  AND (l.type = 'memfd' OR l.target LIKE '/memfd:%')
ORDER BY l.pid
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.exe AS exe, x.ppid AS ppid, a.argv0 AS argv0
FROM (
  SELECT l.snapshot_key AS snapshot_key, l.pid AS pid, s.comm AS comm, l.target AS exe, s.ppid AS ppid
  FROM proc_links AS l
  LEFT JOIN (SELECT snapshot_key, pid, comm, ppid FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = l.snapshot_key AND s.pid = l.pid
  WHERE l.snapshot_key IN :snapshot_keys AND l.name = 'exe'
    AND (l.type = 'memfd' OR lower(l.target) LIKE '/memfd:%')
) AS x
LEFT JOIN (SELECT snapshot_key, pid, any(arg) AS argv0 FROM proc_cmdline_args
           WHERE snapshot_key IN :snapshot_keys AND idx = 0 GROUP BY snapshot_key, pid) AS a
  ON a.snapshot_key = x.snapshot_key AND a.pid = x.pid
ORDER BY snapshot_key, pid
