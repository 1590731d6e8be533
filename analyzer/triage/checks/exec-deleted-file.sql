-- id: exec-deleted-file
-- title: Executable mapping of a deleted file (library removed after loading)
-- severity: medium
-- mitre: T1070.004
-- why: Code is mapped from a file that has since been unlinked: an injected library deleted after loading
--   leaves only this mapping. The process's own deleted executable is reported by exe-deleted instead.
-- benign: Package upgrades replace libraries under running processes (libc, libssl "(deleted)" until the
--   service restarts: the needrestart / checkrestart case), and so do rebuilt development trees.
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.perm_exec = 1 AND m.path_kind = 'deleted'
  AND m.path IS NOT (SELECT l.target FROM proc_links l
                      WHERE l.snapshot_id = m.snapshot_id AND l.pid = m.pid AND l.name = 'exe')
ORDER BY m.pid, m.line
