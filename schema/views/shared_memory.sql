-- osquery `shared_memory` (specs/linux/shared_memory.table): System V shared memory segments, from
-- /proc/sysvipc/shm of the IPC namespace the collector ran in. permissions is osquery's lsperms() of the kernel's
-- mode: its last four octal digits, so the SHM_DEST (01000) and SHM_LOCKED (02000) bits show in the first one
-- ('1600' for a segment marked for destruction), as status and locked also say. Departure: owner_uid and creator_uid
-- are the numeric uids even when the analysing machine has no such user (osquery leaves them empty when
-- getpwuid() fails on the live host). snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS shared_memory AS
SELECT
  shmid AS shmid,                 -- segment id
  uid AS owner_uid,               -- uid of the owner
  cuid AS creator_uid,            -- uid of the creator
  lpid AS pid,                    -- pid of the last shmat/shmdt
  cpid AS creator_pid,            -- pid of the creator
  atime AS atime,                 -- last attach, epoch seconds (0 = never)
  dtime AS dtime,                 -- last detach, epoch seconds (0 = never)
  ctime AS ctime,                 -- last change, epoch seconds
  substr('0000' || trim(perms), -4) AS permissions,  -- the mode's last 4 octal digits (lsperms), e.g. '0600'
  size AS size,                   -- size in bytes
  nattch AS attached,             -- current attaches
  CASE WHEN length(perms) >= 4 AND CAST(substr(perms, -4, 1) AS INTEGER) & 1 THEN 'dest' ELSE ''
  END AS status,                  -- 'dest' when marked for destruction (SHM_DEST), else ''
  CASE WHEN length(perms) >= 4 AND CAST(substr(perms, -4, 1) AS INTEGER) & 2 THEN 1 ELSE 0
  END AS locked,                  -- 1 when locked in memory (SHM_LOCKED), else 0
  snapshot_id AS snapshot_id      -- snapshot (procsnap addition)
FROM sys_sysvipc_shm;
