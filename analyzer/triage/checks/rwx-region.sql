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
