-- id: kernel-tainted
-- title: Kernel tainted (kernel.tainted non-zero)
-- severity: medium
-- mitre: T1547.006
-- why: The kernel records events that make it untrustworthy: an unsigned (E) or out-of-tree (O) module
--   loaded, a module force-loaded (F) or force-unloaded (R), an oops (D) or warning (W). Kernel rootkits
--   are out-of-tree, usually unsigned modules, so a taint that the host's known drivers do not explain is
--   worth a look at sys_modules.
-- benign: Proprietary or out-of-tree drivers (NVIDIA: P O E; VirtualBox, ZFS, DKMS modules: O E), a
--   kernel warning (W) from a driver bug, live patching (K).
WITH RECURSIVE bits(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM bits WHERE b < 18),
t AS (
  SELECT value, CAST(value AS INTEGER) AS v FROM sys_sysctl
  WHERE snapshot_id = :snapshot_id AND name = 'kernel.tainted' AND trim(value) <> '0'
)
SELECT t.value AS tainted,
       (SELECT group_concat(substr('PFSRMBUDAWCIOELKXTN', b + 1, 1), '') FROM bits WHERE (t.v >> b) & 1) AS flags,
       (SELECT group_concat(CASE b WHEN 0 THEN 'proprietary module' WHEN 1 THEN 'module force-loaded'
                                   WHEN 2 THEN 'out-of-spec system' WHEN 3 THEN 'module force-unloaded'
                                   WHEN 4 THEN 'machine check' WHEN 5 THEN 'bad page'
                                   WHEN 6 THEN 'taint requested by user' WHEN 7 THEN 'kernel died (oops)'
                                   WHEN 8 THEN 'ACPI table overridden' WHEN 9 THEN 'kernel warning'
                                   WHEN 10 THEN 'staging driver' WHEN 11 THEN 'firmware workaround'
                                   WHEN 12 THEN 'out-of-tree module' WHEN 13 THEN 'unsigned module'
                                   WHEN 14 THEN 'soft lockup' WHEN 15 THEN 'live patched'
                                   WHEN 16 THEN 'auxiliary' WHEN 17 THEN 'struct randomization'
                                   ELSE 'test' END, '; ') FROM bits WHERE (t.v >> b) & 1) AS meaning
FROM t
