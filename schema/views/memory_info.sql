-- osquery `memory_info` (specs/linux/memory_info.table): main memory figures from /proc/meminfo, in bytes, one
-- row per snapshot that captured meminfo. osquery multiplies the kB figures by 1024; so does sys_meminfo.bytes.
-- A key the kernel did not print (MemAvailable before 3.14) is NULL, never 0. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS memory_info AS
SELECT
  max(CASE WHEN key = 'MemTotal' THEN bytes END) AS memory_total,          -- MemTotal: total usable RAM, bytes
  max(CASE WHEN key = 'MemFree' THEN bytes END) AS memory_free,            -- MemFree: RAM left unused, bytes
  max(CASE WHEN key = 'MemAvailable' THEN bytes END) AS memory_available,  -- MemAvailable: RAM available for new programs without swapping, bytes
  max(CASE WHEN key = 'Buffers' THEN bytes END) AS buffers,                -- Buffers: RAM used for block device buffers, bytes
  max(CASE WHEN key = 'Cached' THEN bytes END) AS cached,                  -- Cached: page cache (excluding SwapCached), bytes
  max(CASE WHEN key = 'SwapCached' THEN bytes END) AS swap_cached,         -- SwapCached: swapped-out memory also still in RAM, bytes
  max(CASE WHEN key = 'Active' THEN bytes END) AS active,                  -- Active: memory used recently (not reclaimed unless needed), bytes
  max(CASE WHEN key = 'Inactive' THEN bytes END) AS inactive,              -- Inactive: memory less recently used (reclaim candidates), bytes
  max(CASE WHEN key = 'SwapTotal' THEN bytes END) AS swap_total,           -- SwapTotal: total swap space, bytes
  max(CASE WHEN key = 'SwapFree' THEN bytes END) AS swap_free,             -- SwapFree: unused swap space, bytes
  snapshot_id AS snapshot_id                                               -- snapshot (procsnap addition)
FROM sys_meminfo
GROUP BY snapshot_id;
