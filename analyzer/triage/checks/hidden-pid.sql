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
  -- sources: the distinct sources, comma-separated, in a fixed (alphabetical) order
  SELECT r.hidden_pid,
         substr(CASE WHEN max(r.source = 'hidden-scan') THEN ',hidden-scan' ELSE '' END
                || CASE WHEN max(r.source = 'netlink portid') THEN ',netlink portid' ELSE '' END
                || CASE WHEN max(r.source = 'stat ppid') THEN ',stat ppid' ELSE '' END
                || CASE WHEN max(r.source = 'status PPid') THEN ',status PPid' ELSE '' END
                || CASE WHEN max(r.source = 'task children') THEN ',task children' ELSE '' END, 2) AS sources,
         min(r.seen_via_pid) AS seen_via_pid
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
-- clickhouse:
SELECT h.snapshot_key AS snapshot_key, h.hidden_pid AS hidden_pid, h.sources AS sources,
       h.seen_via_pid AS seen_via_pid, h.seen_via_comm AS seen_via_comm, c2.hidden_comm AS hidden_comm
FROM (
  SELECT g.snapshot_key AS snapshot_key, g.hidden_pid AS hidden_pid, g.sources AS sources,
         g.seen_via_pid AS seen_via_pid, c1.seen_via_comm AS seen_via_comm
  FROM (
    -- sources: the distinct sources, comma-separated, in a fixed (alphabetical) order
    SELECT r.snapshot_key AS snapshot_key, r.hidden_pid AS hidden_pid,
           substring(concat(if(countIf(r.source = 'hidden-scan') > 0, ',hidden-scan', ''),
                            if(countIf(r.source = 'netlink portid') > 0, ',netlink portid', ''),
                            if(countIf(r.source = 'stat ppid') > 0, ',stat ppid', ''),
                            if(countIf(r.source = 'status PPid') > 0, ',status PPid', ''),
                            if(countIf(r.source = 'task children') > 0, ',task children', '')), 2) AS sources,
           min(r.seen_via_pid) AS seen_via_pid
    FROM (
      -- pids the collector's --hidden-scan probe found alive but missing from the getdents listing
      SELECT snapshot_key, assumeNotNull(pid) AS hidden_pid, 'hidden-scan' AS source,
             CAST(NULL AS Nullable(Int64)) AS seen_via_pid
      FROM members
      WHERE snapshot_key IN :snapshot_keys AND kind = 'hidden-scan' AND reason = 'not-in-listing' AND isNotNull(pid)
      UNION ALL
      SELECT snapshot_key, assumeNotNull(ppid), 'stat ppid', toNullable(pid) FROM proc_stat
      WHERE snapshot_key IN :snapshot_keys AND ppid > 0
      UNION ALL
      SELECT snapshot_key, assumeNotNull(ppid), 'status PPid', toNullable(pid) FROM proc_status
      WHERE snapshot_key IN :snapshot_keys AND ppid > 0
      UNION ALL
      -- pids are allocated upwards: a child above every listed pid was almost surely forked after the listing
      SELECT c.snapshot_key, assumeNotNull(c.child_pid), 'task children', toNullable(c.pid)
      FROM task_children AS c
      INNER JOIN (
        -- the listed pids' maximum: the listing (members' process pids and proc_stat) less the hidden-scan pids
        SELECT snapshot_key, max(listed_pid) AS max_listed
        FROM (SELECT snapshot_key, assumeNotNull(pid) AS listed_pid FROM members
              WHERE snapshot_key IN :snapshot_keys AND kind = 'process' AND isNotNull(pid)
              UNION ALL
              SELECT snapshot_key, pid FROM proc_stat WHERE snapshot_key IN :snapshot_keys)
        WHERE (snapshot_key, listed_pid) NOT IN (SELECT snapshot_key, assumeNotNull(pid) FROM members
                                          WHERE snapshot_key IN :snapshot_keys AND kind = 'hidden-scan'
                                            AND reason = 'not-in-listing' AND isNotNull(pid))
        GROUP BY snapshot_key
      ) AS ml ON ml.snapshot_key = c.snapshot_key
      WHERE c.snapshot_key IN :snapshot_keys AND c.child_pid > 0 AND c.child_pid < ml.max_listed
      UNION ALL
      -- SQLite's typeof(portid) = 'integer': at most 2^63-1 (implied by portid <= pid_max)
      SELECT n.snapshot_key, toInt64(n.portid), 'netlink portid', n.source_pid
      FROM net_netlink AS n
      INNER JOIN (SELECT snapshot_key, ifNull(pid_max, 4194304) AS pid_limit FROM snapshots
                  WHERE snapshot_key IN :snapshot_keys) AS sn
        ON sn.snapshot_key = n.snapshot_key
      WHERE n.snapshot_key IN :snapshot_keys AND n.portid > 0 AND n.portid <= sn.pid_limit
        AND n.snapshot_key NOT IN (SELECT snapshot_key FROM proc_namespaces
                                   WHERE snapshot_key IN :snapshot_keys AND name = 'pid'
                                   GROUP BY snapshot_key HAVING count(DISTINCT inode) > 1)
        AND (n.snapshot_key, toInt64(n.portid)) NOT IN (SELECT snapshot_key, tid FROM task_stat
                                                        WHERE snapshot_key IN :snapshot_keys)
    ) AS r
    -- only a full capture (no --pids) says that a pid is missing; the hidden-scan probe always does
    WHERE (r.source = 'hidden-scan'
           OR r.snapshot_key IN (SELECT snapshot_key FROM snapshots
                                 WHERE snapshot_key IN :snapshot_keys
                                   AND lower(ifNull(collector_argv, '')) NOT LIKE '%"--pids%'))
      AND (r.snapshot_key, r.hidden_pid) NOT IN (
            SELECT snapshot_key, listed_pid
            FROM (SELECT snapshot_key, assumeNotNull(pid) AS listed_pid FROM members
                  WHERE snapshot_key IN :snapshot_keys AND kind = 'process' AND isNotNull(pid)
                  UNION ALL
                  SELECT snapshot_key, pid FROM proc_stat WHERE snapshot_key IN :snapshot_keys)
            WHERE (snapshot_key, listed_pid) NOT IN (SELECT snapshot_key, assumeNotNull(pid) FROM members
                                              WHERE snapshot_key IN :snapshot_keys AND kind = 'hidden-scan'
                                                AND reason = 'not-in-listing' AND isNotNull(pid)))
    GROUP BY r.snapshot_key, r.hidden_pid
  ) AS g
  LEFT JOIN (SELECT snapshot_key, pid AS seen_via_pid, any(comm) AS seen_via_comm FROM proc_stat
             WHERE snapshot_key IN :snapshot_keys GROUP BY snapshot_key, pid) AS c1
    ON c1.snapshot_key = g.snapshot_key AND c1.seen_via_pid = g.seen_via_pid
) AS h
LEFT JOIN (SELECT snapshot_key, pid AS hidden_pid, any(comm) AS hidden_comm FROM proc_stat
           WHERE snapshot_key IN :snapshot_keys GROUP BY snapshot_key, pid) AS c2
  ON c2.snapshot_key = h.snapshot_key AND c2.hidden_pid = h.hidden_pid
ORDER BY snapshot_key, hidden_pid
