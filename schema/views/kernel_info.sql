-- osquery `kernel_info` (specs/kernel_info.table): the running kernel, one row per snapshot. As osquery does:
-- version is the third word of /proc/version (the release, e.g. '6.1.0-18-amd64'; the header's uname release
-- when /proc/version was not captured); path is the BOOT_IMAGE= value and device the root= value of
-- /proc/cmdline; arguments are the other parameters, space-separated, in order (parameters after '--', which the
-- kernel passes to init, follow a ' -- '). NULL when /proc/cmdline was not captured. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS kernel_info AS
SELECT
  COALESCE((SELECT v.release FROM sys_version v WHERE v.snapshot_id = s.id LIMIT 1),
           s.kernel_release) AS version,  -- kernel release
  CASE WHEN EXISTS (SELECT 1 FROM sys_cmdline c WHERE c.snapshot_id = s.id) THEN
    COALESCE((SELECT group_concat(raw, ' ') FROM (
                SELECT p.raw FROM sys_cmdline_params p
                WHERE p.snapshot_id = s.id AND p.init_arg = 0 AND p.key NOT IN ('BOOT_IMAGE', 'root')
                ORDER BY p.position)), '')
    || COALESCE(' -- ' || (SELECT group_concat(raw, ' ') FROM (
                SELECT p.raw FROM sys_cmdline_params p
                WHERE p.snapshot_id = s.id AND p.init_arg = 1
                ORDER BY p.position)), '')
  END AS arguments,                        -- kernel command line without BOOT_IMAGE= and root=
  (SELECT p.value FROM sys_cmdline_params p WHERE p.snapshot_id = s.id AND p.key = 'BOOT_IMAGE'
   AND p.init_arg = 0 ORDER BY p.position LIMIT 1) AS path,    -- kernel image path (BOOT_IMAGE=)
  (SELECT p.value FROM sys_cmdline_params p WHERE p.snapshot_id = s.id AND p.key = 'root'
   AND p.init_arg = 0 ORDER BY p.position LIMIT 1) AS device,  -- root device (root=)
  s.id AS snapshot_id                      -- snapshot (procsnap addition)
FROM snapshots s;
