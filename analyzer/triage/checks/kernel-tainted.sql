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
-- clickhouse:
SELECT snapshot_key, tainted,
       -- bit b set in v, b = 0..18 (no lambda: a column only a lambda reads is 'Unknown identifier' on 18.16)
       nullIf(concat(if(bitAnd(v, 1) != 0, 'P', ''), if(bitAnd(v, 2) != 0, 'F', ''), if(bitAnd(v, 4) != 0, 'S', ''),
              if(bitAnd(v, 8) != 0, 'R', ''), if(bitAnd(v, 16) != 0, 'M', ''), if(bitAnd(v, 32) != 0, 'B', ''),
              if(bitAnd(v, 64) != 0, 'U', ''), if(bitAnd(v, 128) != 0, 'D', ''), if(bitAnd(v, 256) != 0, 'A', ''),
              if(bitAnd(v, 512) != 0, 'W', ''), if(bitAnd(v, 1024) != 0, 'C', ''), if(bitAnd(v, 2048) != 0, 'I', ''),
              if(bitAnd(v, 4096) != 0, 'O', ''), if(bitAnd(v, 8192) != 0, 'E', ''),
              if(bitAnd(v, 16384) != 0, 'L', ''), if(bitAnd(v, 32768) != 0, 'K', ''),
              if(bitAnd(v, 65536) != 0, 'X', ''), if(bitAnd(v, 131072) != 0, 'T', ''),
              if(bitAnd(v, 262144) != 0, 'N', '')), '') AS flags,
       nullIf(arrayStringConcat(arrayFilter(x -> x != '', [
         if(bitAnd(v, 1) != 0, 'proprietary module', ''), if(bitAnd(v, 2) != 0, 'module force-loaded', ''),
         if(bitAnd(v, 4) != 0, 'out-of-spec system', ''), if(bitAnd(v, 8) != 0, 'module force-unloaded', ''),
         if(bitAnd(v, 16) != 0, 'machine check', ''), if(bitAnd(v, 32) != 0, 'bad page', ''),
         if(bitAnd(v, 64) != 0, 'taint requested by user', ''), if(bitAnd(v, 128) != 0, 'kernel died (oops)', ''),
         if(bitAnd(v, 256) != 0, 'ACPI table overridden', ''), if(bitAnd(v, 512) != 0, 'kernel warning', ''),
         if(bitAnd(v, 1024) != 0, 'staging driver', ''), if(bitAnd(v, 2048) != 0, 'firmware workaround', ''),
         if(bitAnd(v, 4096) != 0, 'out-of-tree module', ''), if(bitAnd(v, 8192) != 0, 'unsigned module', ''),
         if(bitAnd(v, 16384) != 0, 'soft lockup', ''), if(bitAnd(v, 32768) != 0, 'live patched', ''),
         if(bitAnd(v, 65536) != 0, 'auxiliary', ''), if(bitAnd(v, 131072) != 0, 'struct randomization', ''),
         if(bitAnd(v, 262144) != 0, 'test', '')]), '; '), '') AS meaning
FROM (
  -- SQLite's CAST(value AS INTEGER): the leading integer (0 when none); trim(value) drops spaces only
  SELECT snapshot_key, value AS tainted, toInt64OrZero(extract(value, '^[[:space:]]*(-?[0-9]+)')) AS v
  FROM sys_sysctl
  WHERE snapshot_key IN :snapshot_keys AND name = 'kernel.tainted' AND replaceRegexpAll(value, '^ +| +$', '') != '0'
)
ORDER BY snapshot_key
