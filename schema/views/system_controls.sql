-- osquery `system_controls` (specs/posix/system_controls.table, Linux): the /proc/sys values the collector
-- captured (sys_sysctl: a chosen set, not the whole tree), named as sysctl(8) and osquery name them
-- ('kernel.randomize_va_space'). subsystem is the first component of the name, type is 'string' (as osquery on
-- Linux). oid is a BSD/macOS MIB and config_value the value in /etc/sysctl.conf: neither is in /proc, NULL.
-- snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS system_controls AS
SELECT
  name AS name,                                                       -- full sysctl name
  NULL AS oid,                                                        -- control MIB: not on Linux, NULL
  CASE WHEN instr(name, '.') > 0 THEN substr(name, 1, instr(name, '.') - 1) ELSE name
  END AS subsystem,                                                   -- first component: kernel, net, vm, fs, ...
  value AS current_value,                                             -- the value as read (tabs between fields)
  NULL AS config_value,                                               -- /etc/sysctl.conf value: not captured, NULL
  'string' AS type,                                                   -- data type ('string', as osquery on Linux)
  NULL AS field_name,                                                 -- attribute of an opaque type: not on Linux
  snapshot_id AS snapshot_id                                          -- snapshot (procsnap addition)
FROM sys_sysctl;
