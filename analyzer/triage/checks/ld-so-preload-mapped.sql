-- id: ld-so-preload-mapped
-- title: /etc/ld.so.preload held open or mapped by a process
-- severity: high
-- mitre: T1574.006
-- why: /etc/ld.so.preload makes the dynamic linker load the listed libraries into every dynamically linked
--   program: the system-wide LD_PRELOAD used by userland rootkits (Jynx, Azazel, libprocesshider). ld.so
--   reads and unmaps it at start-up, so a process still mapping it or holding it open is unusual, and so is
--   one writing it.
-- benign: Rarely legitimate: some EDR/monitoring agents install a preload and keep the file open; an
--   administrator editing the file at capture time.
SELECT m.pid, s.comm, 'map' AS via, m.perms AS detail, m.path
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.path IN ('/etc/ld.so.preload', '/etc/ld.so.preload (deleted)')
UNION ALL
SELECT f.pid, s.comm, 'fd' AS via, CAST(f.fd AS TEXT) AS detail, f.target
FROM proc_fds f
LEFT JOIN proc_stat s ON s.snapshot_id = f.snapshot_id AND s.pid = f.pid
WHERE f.snapshot_id = :snapshot_id AND f.target IN ('/etc/ld.so.preload', '/etc/ld.so.preload (deleted)')
ORDER BY 1, 3, 4, 5, 2
-- clickhouse:
SELECT snapshot_key, pid, comm, via, detail, path
FROM (
  SELECT m.snapshot_key AS snapshot_key, m.pid AS pid, s.comm AS comm, 'map' AS via, m.perms AS detail,
         m.path AS path
  FROM proc_maps AS m
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = m.snapshot_key AND s.pid = m.pid
  WHERE m.snapshot_key IN :snapshot_keys AND m.path IN ('/etc/ld.so.preload', '/etc/ld.so.preload (deleted)')
  UNION ALL
  SELECT f.snapshot_key, f.pid, s.comm, 'fd', toString(f.fd), f.target
  FROM proc_fds AS f
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = f.snapshot_key AND s.pid = f.pid
  WHERE f.snapshot_key IN :snapshot_keys AND f.target IN ('/etc/ld.so.preload', '/etc/ld.so.preload (deleted)')
)
ORDER BY snapshot_key, pid, via, detail NULLS FIRST, path NULLS FIRST, comm NULLS FIRST
