-- id: hidden-pid
-- title: Process ids seen through other sources but missing from the /proc listing
-- severity: high
-- mitre: T1014
-- why: Rootkits hide a process by filtering it out of the /proc directory listing (getdents hooks,
--   libprocesshider), but other kernel views still name it: the PPid of its children, the children list of
--   its parent (task/<tid>/children), the port id of its netlink sockets. A pid named there and absent from
--   the listing was hidden (or started/exited in the instant between the listing and the read). With
--   `procsnap-collect --hidden-scan` the collector also probed every pid number up to pid_max: a live process
--   the listing did not return is recorded (manifest kind 'hidden-scan', reason 'not-in-listing') and captured,
--   which is direct evidence (the collector scans only full captures, never with --pids). The other sources
--   are used only for captures of every process (with --pids the listing is deliberately partial); netlink
--   port ids only when the snapshot has a single pid namespace.
-- benign: Races: a child forked after the collector listed /proc (children source; children numbered above
--   every listed pid are skipped for that reason, until pid numbers wrap), a parent that exited after its
--   child was read. A second capture settles it: a hidden process stays hidden.
WITH full AS (
  SELECT id FROM snapshots
  WHERE id = :snapshot_id AND coalesce(collector_argv, '') NOT LIKE '%"--pids%'
),
scanned AS (
  -- pids the collector's --hidden-scan probe found alive but missing from the getdents listing
  SELECT pid FROM members
  WHERE snapshot_id = :snapshot_id AND kind = 'hidden-scan' AND reason = 'not-in-listing' AND pid IS NOT NULL
),
listed AS (
  SELECT pid FROM (
    SELECT pid FROM members WHERE snapshot_id = :snapshot_id AND kind = 'process' AND pid IS NOT NULL
    UNION SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id
  ) EXCEPT SELECT pid FROM scanned
),
tids AS (
  SELECT tid FROM task_stat WHERE snapshot_id = :snapshot_id
),
refs AS (
  SELECT pid AS hidden_pid, 'hidden-scan' AS source, NULL AS seen_via_pid FROM scanned
  UNION
  SELECT s.ppid AS hidden_pid, 'stat ppid' AS source, s.pid AS seen_via_pid FROM proc_stat s
  WHERE s.snapshot_id = :snapshot_id AND s.ppid > 0
  UNION
  SELECT st.ppid, 'status PPid', st.pid FROM proc_status st
  WHERE st.snapshot_id = :snapshot_id AND st.ppid > 0
  UNION
  SELECT c.child_pid, 'task children', c.pid FROM task_children c
  WHERE c.snapshot_id = :snapshot_id AND c.child_pid > 0
    -- pids are allocated upwards: a child above every listed pid was almost surely forked after the listing
    AND c.child_pid < (SELECT max(pid) FROM listed)
  UNION
  SELECT n.portid, 'netlink portid', n.source_pid FROM net_netlink n
  WHERE n.snapshot_id = :snapshot_id AND typeof(n.portid) = 'integer' AND n.portid > 0
    AND n.portid <= coalesce((SELECT pid_max FROM snapshots WHERE id = :snapshot_id), 4194304)
    AND (SELECT count(DISTINCT inode) FROM proc_namespaces
         WHERE snapshot_id = :snapshot_id AND name = 'pid') <= 1
    AND n.portid NOT IN (SELECT tid FROM tids)
),
g AS (
  SELECT r.hidden_pid, group_concat(DISTINCT r.source) AS sources, min(r.seen_via_pid) AS seen_via_pid
  FROM refs r
  WHERE (r.source = 'hidden-scan' OR EXISTS (SELECT 1 FROM full))
    AND r.hidden_pid NOT IN (SELECT pid FROM listed)
  GROUP BY r.hidden_pid
)
SELECT g.hidden_pid, g.sources, g.seen_via_pid,
       (SELECT s.comm FROM proc_stat s WHERE s.snapshot_id = :snapshot_id AND s.pid = g.seen_via_pid) AS seen_via_comm,
       (SELECT s.comm FROM proc_stat s WHERE s.snapshot_id = :snapshot_id AND s.pid = g.hidden_pid) AS hidden_comm
FROM g
ORDER BY g.hidden_pid
