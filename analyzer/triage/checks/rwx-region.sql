-- id: rwx-region
-- title: Memory that is writable and executable at once (rwx)
-- severity: high
-- mitre: T1055
-- why: A region mapped read-write-execute lets code be written and run in place, the hallmark of injected
--   shellcode and self-modifying loaders (malfind's PAGE_EXECUTE_READWRITE). W^X toolchains never create
--   one for ordinary code.
-- benign: Older or unhardened JITs (LuaJIT, some JVM configurations, Mono, Wine, emulators such as QEMU
--   TCG), programs linked with an executable stack (execstack), libffi on systems without W^X support.
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path_kind, m.path, m.size
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.perm_read = 1 AND m.perm_write = 1 AND m.perm_exec = 1
ORDER BY m.pid, m.line
-- clickhouse:
SELECT m.snapshot_key AS snapshot_key, m.pid AS pid, s.comm AS comm, m.start_hex AS start_hex, m.end_hex AS end_hex,
       m.perms AS perms, m.path_kind AS path_kind, m.path AS path, m.size AS size
FROM proc_maps AS m
LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = m.snapshot_key AND s.pid = m.pid
WHERE m.snapshot_key IN :snapshot_keys AND m.perm_read = 1 AND m.perm_write = 1 AND m.perm_exec = 1
ORDER BY snapshot_key, pid, m.line
