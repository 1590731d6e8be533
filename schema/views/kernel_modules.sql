-- osquery `kernel_modules` (specs/linux/kernel_modules.table): loaded modules from /proc/modules. Like osquery:
-- used_by is the printed list without its trailing comma ('-' when unused), address is the printed '0x' + 16 hex
-- digits (all zeros when kptr_restrict hides it). osquery also describes modules that are only on disk; a
-- snapshot holds only the loaded ones. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS kernel_modules AS
SELECT
  name AS name,                          -- module name
  size AS size,                          -- module memory size, bytes
  CASE WHEN used_by = '-' THEN used_by
       ELSE rtrim(used_by, ',') END AS used_by,  -- modules using this one, comma-separated ('-' for none)
  state AS status,                       -- 'Live', 'Loading' or 'Unloading'
  CASE typeof(address)
    WHEN 'integer' THEN printf('0x%016x', address)
    -- above 2^63-1 the column holds exact decimal text: print d - 2^64 as 64-bit two's complement hex
    WHEN 'text' THEN printf('0x%016x',
      (CAST(substr(address, 1, length(address) - 10) AS INTEGER) - 1844674407) * 10000000000
      + (CAST(substr(address, -10) AS INTEGER) - 3709551616))
  END AS address,                        -- load address of the module, '0x' + 16 hex digits
  snapshot_id AS snapshot_id             -- snapshot (procsnap addition)
FROM sys_modules;
