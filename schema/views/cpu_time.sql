-- osquery `cpu_time` (specs/linux/cpu_time.table): time each CPU spent in each mode, from the per-CPU 'cpuN'
-- lines of /proc/stat (the aggregate 'cpu' line is left out, as osquery does), in USER_HZ clock ticks
-- (snapshots.clk_tck per second). Where osquery writes 0 for a column an old kernel does not print (steal, guest,
-- guest_nice), this view keeps NULL. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS cpu_time AS
SELECT
  cpu_index AS core,          -- CPU number (N of 'cpuN')
  user AS user,               -- ticks in user mode (includes guest time)
  nice AS nice,               -- ticks in user mode with low priority (nice)
  system AS system,           -- ticks in kernel mode
  idle AS idle,               -- ticks in the idle task
  iowait AS iowait,           -- ticks idle waiting for I/O to complete
  irq AS irq,                 -- ticks servicing hardware interrupts
  softirq AS softirq,         -- ticks servicing softirqs
  steal AS steal,             -- ticks stolen by the hypervisor (other guests ran)
  guest AS guest,             -- ticks running a virtual CPU for a guest OS
  guest_nice AS guest_nice,   -- ticks running a niced guest
  snapshot_id AS snapshot_id  -- snapshot (procsnap addition)
FROM sys_stat_cpu
WHERE cpu_index IS NOT NULL;
