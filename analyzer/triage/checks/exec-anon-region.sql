-- id: exec-anon-region
-- title: Executable memory not backed by a file on disk (anonymous or memfd)
-- severity: medium
-- mitre: T1055
-- why: Executable regions that come from no file (anonymous, heap, stack, memfd, SysV shm, /dev/zero) hold
--   code that was written at run time: shellcode, reflectively loaded libraries, unpacked payloads
--   (malfind's first question). memfd mappings are listed here too (fileless libraries loaded with
--   dlopen("/proc/self/fd/N")).
-- benign: JIT compilers (Java HotSpot, V8 in node/Chrome/Electron, .NET, LuaJIT, PyPy, browsers' wasm),
--   libffi closures, some debuggers and emulators. Judge by the process: a JIT runtime is expected to have
--   many; sshd or bash should have none.
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path_kind, m.path, m.size
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.perm_exec = 1
  AND m.path_kind IN ('anon', 'anon_named', 'anon_shmem', 'memfd', 'sysv_shm', 'dev_zero', 'heap', 'stack',
                      'stack_tid')
ORDER BY m.pid, m.line
-- clickhouse:
SELECT m.snapshot_key AS snapshot_key, m.pid AS pid, s.comm AS comm, m.start_hex AS start_hex, m.end_hex AS end_hex,
       m.perms AS perms, m.path_kind AS path_kind, m.path AS path, m.size AS size
FROM proc_maps AS m
LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = m.snapshot_key AND s.pid = m.pid
WHERE m.snapshot_key IN :snapshot_keys AND m.perm_exec = 1
  AND m.path_kind IN ('anon', 'anon_named', 'anon_shmem', 'memfd', 'sysv_shm', 'dev_zero', 'heap', 'stack',
                      'stack_tid')
ORDER BY snapshot_key, pid, m.line
