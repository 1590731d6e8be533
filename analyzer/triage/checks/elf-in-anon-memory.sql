-- id: elf-in-anon-memory
-- title: ELF image in executable memory not backed by a file (captured bytes)
-- severity: high
-- mitre: T1620
-- why: The captured bytes (procsnap-collect --mem) of an executable region that comes from no regular file
--   (anonymous, [anon:..], heap, stack, memfd, SysV shm, /dev/zero, deleted file) hold an ELF header: a whole
--   program or library was copied into memory and made executable, which is how reflective loaders, memfd
--   droppers and process injectors run code that never touches the disk. elf_offset is where the header sits
--   (0: the region starts with it); the bytes are in memory_chunks (procsnap mem extract).
-- benign: A library or program whose file was replaced or deleted after it was mapped (package upgrades leave
--   '/usr/lib/... (deleted)' mappings that start with their ELF header) - check the path and whether the
--   process predates the upgrade. Some JIT runtimes and sandboxes (e.g. Chrome, Wine) build ELF images in
--   memory. Only regions the --mem selection chose are seen.
SELECT r.pid, s.comm, r.start_hex, r.end_hex, r.perms, r.path, r.path_kind, r.elf_offset, r.size, r.selection,
       r.sha256, r.verified
FROM memory_regions r
LEFT JOIN proc_stat s ON s.snapshot_id = r.snapshot_id AND s.pid = r.pid
WHERE r.snapshot_id = :snapshot_id AND r.elf_in_anon_exec = 1
ORDER BY r.pid, r.start_addr
-- clickhouse:
SELECT r.snapshot_key AS snapshot_key, r.pid AS pid, s.comm AS comm, r.start_hex AS start_hex, r.end_hex AS end_hex,
       r.perms AS perms, r.path AS path, r.path_kind AS path_kind, r.elf_offset AS elf_offset, r.size AS size,
       r.selection AS selection, r.sha256 AS sha256, r.verified AS verified
FROM memory_regions AS r
LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = r.snapshot_key AND s.pid = r.pid
WHERE r.snapshot_key IN :snapshot_keys AND r.elf_in_anon_exec = 1
-- toUInt64: start_addr is a number whether the column is UInt64 or String
ORDER BY snapshot_key, pid, toUInt64(r.start_addr)
