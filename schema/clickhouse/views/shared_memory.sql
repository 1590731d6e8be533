-- osquery `shared_memory` on ClickHouse: schema/views/shared_memory.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.shared_memory AS
SELECT
  shmid AS shmid, uid AS owner_uid, cuid AS creator_uid, lpid AS pid, cpid AS creator_pid, atime AS atime,
  dtime AS dtime, ctime AS ctime,
  substring(concat('0000', replaceAll(perms, ' ', '')), -4) AS permissions,
  size AS size, nattch AS attached,
  if(length(perms) >= 4 AND bitAnd(toUInt8OrZero(substring(perms, -4, 1)), 1) != 0, 'dest', '') AS status,
  if(length(perms) >= 4 AND bitAnd(toUInt8OrZero(substring(perms, -4, 1)), 2) != 0, 1, 0) AS locked,
  snapshot_key AS snapshot_key, host AS host
FROM {database}.sys_sysvipc_shm
