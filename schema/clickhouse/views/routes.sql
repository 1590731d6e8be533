-- osquery `routes` on ClickHouse: schema/views/routes.sql in ClickHouse 18.16's dialect (netmask: the prefix
-- length, 32 - log2(~mask + 1), as 18.16 has no bitCount).
CREATE VIEW IF NOT EXISTS {database}.routes AS
SELECT destination, netmask, gateway, source, flags, interface, mtu, metric, type, hopcount, snapshot_key, host
FROM (
  SELECT destination AS destination, toUInt64(32 - round(log2(toUInt64(bitNot(IPv4StringToNum(assumeNotNull(mask)))) + 1))) AS netmask,
         nullIf(gateway, '0.0.0.0') AS gateway, NULL AS source, flags AS flags, iface AS interface,
         toNullable(mtu) AS mtu, toNullable(toInt64(metric)) AS metric,
         if(bitAnd(assumeNotNull(flags), 512) != 0, 'other', 'gateway') AS type, NULL AS hopcount,
         snapshot_key AS snapshot_key, host AS host
  FROM {database}.net_route WHERE isNull(source_pid)
  UNION ALL
  SELECT destination AS destination, toUInt64(destination_prefix) AS netmask, nullIf(next_hop, '::') AS gateway,
         NULL AS source, flags AS flags, iface AS interface, NULL AS mtu, toNullable(toInt64(metric)) AS metric,
         multiIf(bitAnd(assumeNotNull(flags), 2147483648) != 0, 'local',
                 bitAnd(assumeNotNull(flags), 1048576) != 0, 'anycast',
                 bitAnd(assumeNotNull(flags), 512) != 0 OR destination LIKE 'ff%', 'other', 'gateway') AS type,
         NULL AS hopcount, snapshot_key AS snapshot_key, host AS host
  FROM {database}.net_ipv6_route WHERE isNull(source_pid)
)
