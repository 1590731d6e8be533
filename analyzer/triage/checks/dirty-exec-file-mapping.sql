-- id: dirty-exec-file-mapping
-- title: Executable mapping of a file with private dirty pages (code patched in memory)
-- severity: medium
-- mitre: T1055
-- why: A private executable mapping of a regular file (a library's or program's code) normally holds only
--   pages of the file's page cache. A page written since mapping becomes a private anonymous copy: smaps
--   counts it in Private_Dirty and Anonymous (Swap once swapped out; Shared_Dirty after a fork). Code
--   patched in memory looks like this: an injector that mprotects a library's text writable, hooks or
--   overwrites functions and restores r-x leaves the file on disk untouched, so hashing the library finds
--   nothing (Volatility 3 checks for the same thing). The check asks for Anonymous or Swap, not for
--   Private_Dirty alone: a file written shortly before it was mapped (a library just compiled or copied)
--   shows Private_Dirty for its page-cache pages until they are written back, with Anonymous 0. The
--   evidence names the region: capture it with procsnap-collect --mem "path='<path>' and x" and compare it
--   with the file.
-- benign: JITs and runtimes that write their own code cache files and map them executable (some JVM
--   and .NET configurations, emulators); old non-PIC libraries with text relocations (TEXTREL), which
--   the dynamic loader patches at load time; breakpoints set by a debugger (gdb, ptrace POKETEXT) or
--   uprobes; live-patching and instrumentation tools (Frida, DynamoRIO).
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path, m.private_dirty_kb, m.anonymous_kb, m.swap_kb
FROM proc_smaps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND substr(m.perms, 3, 2) = 'xp' AND m.path_kind = 'file'
  AND (coalesce(m.anonymous_kb, 0) > 0 OR coalesce(m.swap_kb, 0) > 0)
ORDER BY m.pid, m.line
-- clickhouse:
SELECT m.snapshot_key AS snapshot_key, m.pid AS pid, s.comm AS comm, m.start_hex AS start_hex, m.end_hex AS end_hex,
       m.perms AS perms, m.path AS path, m.private_dirty_kb AS private_dirty_kb, m.anonymous_kb AS anonymous_kb,
       m.swap_kb AS swap_kb
FROM proc_smaps AS m
LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = m.snapshot_key AND s.pid = m.pid
WHERE m.snapshot_key IN :snapshot_keys AND substring(m.perms, 3, 2) = 'xp' AND m.path_kind = 'file'
  AND (ifNull(m.anonymous_kb, 0) > 0 OR ifNull(m.swap_kb, 0) > 0)
ORDER BY snapshot_key, pid, m.line
