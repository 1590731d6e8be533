#include "fleet/fleet_queries.hpp"

#include "fleet/clickhouse_client.hpp"

#include <array>
#include <charconv>
#include <ctime>

namespace procsnap::fleet {

std::vector<std::pair<std::string, std::string>> fleet_query_settings() {
  return {{"join_use_nulls", "1"}, {"distributed_product_mode", "local"}};
}

std::string glob_to_regex(std::string_view glob) {
  std::string re = "^";
  for (std::size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if (c == '*') {
      re += ".*";
    } else if (c == '?') {
      re += '.';
    } else if (c == '[') {
      const auto close = glob.find(']', i + 2);
      if (close == std::string_view::npos) {
        re += "\\[";
        continue;
      }
      std::string_view set = glob.substr(i + 1, close - i - 1);
      re += '[';
      if (!set.empty() && set[0] == '!') {
        re += '^';
        set.remove_prefix(1);
      }
      for (const char s : set) {
        if (s == '\\' || s == '[' || s == ']' || s == '^') re += '\\';
        re += s;
      }
      re += ']';
      i = close;
    } else if (std::string_view(".+()|{}^$\\]").find(c) != std::string_view::npos) {
      re += '\\';
      re += c;
    } else {
      re += c;
    }
  }
  return re + "$";
}

std::string snapshot_keys_subquery(const SnapshotFilter& f) {
  std::string where;
  const auto add = [&](const std::string& cond) { where += (where.empty() ? " WHERE " : " AND ") + cond; };
  if (!f.hosts.empty()) add("match(host, " + quote(glob_to_regex(f.hosts)) + ")");
  if (f.since) add("capture_time >= toDateTime(" + std::to_string(*f.since) + ")");
  if (f.until) add("capture_time < toDateTime(" + std::to_string(*f.until) + ")");
  return "(SELECT snapshot_key FROM snapshots" + where + ")";
}

std::optional<std::int64_t> parse_time_arg(std::string_view s, std::int64_t now) {
  if (s.size() >= 2) {
    const char unit = s.back();
    std::int64_t n = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size() - 1, n);
    if (ec == std::errc() && p == s.data() + s.size() - 1 && n >= 0 && n < 100000000) {
      if (unit == 'm') return now - n * 60;
      if (unit == 'h') return now - n * 3600;
      if (unit == 'd') return now - n * 86400;
    }
  }
  // YYYY-MM-DD[THH:MM[:SS]][Z]
  if (!s.empty() && s.back() == 'Z') s.remove_suffix(1);
  const auto num = [&](std::size_t at, std::size_t len, int& out) {
    if (at + len > s.size()) return false;
    const auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
    return ec == std::errc() && p == s.data() + at + len;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!(s.size() == 10 || s.size() == 16 || s.size() == 19)) return std::nullopt;
  if (!num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d)) return std::nullopt;
  if (s.size() >= 16) {
    if ((s[10] != 'T' && s[10] != ' ') || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi)) return std::nullopt;
  }
  if (s.size() == 19 && (s[16] != ':' || !num(17, 2, sec))) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<std::int64_t>(timegm(&tm));
}

namespace {

constexpr std::array k_kinds{
    StackKind{"exe", "executables: the exe link target and the SHA-256 of the captured binary where one was copied"},
    StackKind{"listen", "listening TCP/UDP sockets: protocol, address, port, with the process holding them"},
    StackKind{"parent-child", "parent -> child process name pairs (comm of ppid -> comm)"},
    StackKind{"modules", "loaded kernel modules (/proc/modules name, taints)"},
    StackKind{"ld-preload", "LD_PRELOAD values in process environments, with the process name"},
    StackKind{"libs", "executable file mappings named like shared objects outside /lib*, /usr/lib*, /usr/local/lib"},
};

/// hosts, snapshots, [processes,] examples (up to 3 sorted "host" or "host:pid" strings).
std::string counts(bool processes, std::string_view example) {
  std::string s = "uniqExact(host) AS hosts, uniqExact(snapshot_key) AS snapshots";
  if (processes) s += ", count() AS processes";
  s += ", arrayStringConcat(arraySlice(arraySort(groupUniqArray(" + std::string(example) +
       ")), 1, 3), ' ') AS examples";
  return s;
}

std::string tail(std::string_view group_by, std::size_t limit) {
  return "\nGROUP BY " + std::string(group_by) + "\nORDER BY hosts, snapshots, " + std::string(group_by) +
         "\nLIMIT " + std::to_string(limit);
}

}  // namespace

std::span<const StackKind> stack_kinds() { return k_kinds; }

std::optional<std::string> stack_sql(std::string_view kind, const SnapshotFilter& f, std::size_t limit) {
  const std::string keys = snapshot_keys_subquery(f);
  const std::string in = " snapshot_key IN " + keys;
  const std::string host_pid = "concat(host, ':', toString(pid))";
  if (kind == "exe") {
    return "SELECT exe, sha256, " + counts(true, host_pid) +
           "\nFROM (SELECT snapshot_key, host, pid, target AS exe FROM proc_links WHERE name = 'exe' AND" + in +
           ")\nALL LEFT JOIN (SELECT snapshot_key, pid, sha256 FROM captured_executables WHERE sha256 IS NOT NULL AND" +
           in + ") USING (snapshot_key, pid)" + tail("exe, sha256", limit);
  }
  if (kind == "listen") {
    return "SELECT proto, address, port, comm, " + counts(true, "concat(host, ':', toString(ifNull(pid, -1)))") +
           "\nFROM (\n"
           "  SELECT snapshot_key, host, proto, address, port, pid, comm\n"
           "  FROM (\n"
           "    SELECT snapshot_key, host, proto, address, port, pid\n"
           "    FROM (\n"
           "      SELECT snapshot_key, host, 'tcp' AS proto, local_address AS address, local_port AS port, inode\n"
           "      FROM net_tcp WHERE state_name = 'LISTEN' AND" + in + "\n"
           "      UNION ALL\n"
           "      SELECT snapshot_key, host, 'udp' AS proto, local_address AS address, local_port AS port, inode\n"
           "      FROM net_udp WHERE ifNull(remote_port, 0) = 0 AND" + in + ")\n"
           "    ALL LEFT JOIN (SELECT DISTINCT snapshot_key, inode, pid FROM proc_fds WHERE type = 'socket' AND" + in +
           ") USING (snapshot_key, inode))\n"
           "  ALL LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE" + in +
           ") USING (snapshot_key, pid))" + tail("proto, address, port, comm", limit);
  }
  if (kind == "parent-child") {
    return "SELECT parent, child, " + counts(true, host_pid) +
           "\nFROM (SELECT snapshot_key, host, pid, ppid, comm AS child FROM proc_stat WHERE" + in +
           ")\nALL LEFT JOIN (SELECT snapshot_key, pid AS ppid, comm AS parent FROM proc_stat WHERE" + in +
           ") USING (snapshot_key, ppid)" + tail("parent, child", limit);
  }
  if (kind == "modules") {
    return "SELECT name, taints, " + counts(false, "host") + "\nFROM sys_modules WHERE" + in + tail("name, taints", limit);
  }
  if (kind == "ld-preload") {
    return "SELECT ld_preload, comm, " + counts(true, host_pid) +
           "\nFROM (SELECT snapshot_key, host, pid, value AS ld_preload FROM proc_environ_vars WHERE key = "
           "'LD_PRELOAD' AND" + in +
           ")\nALL LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE" + in +
           ") USING (snapshot_key, pid)" + tail("ld_preload, comm", limit);
  }
  if (kind == "libs") {
    return "SELECT path, " + counts(true, host_pid) +
           "\nFROM (SELECT DISTINCT snapshot_key, host, pid, path FROM proc_maps WHERE perm_exec = 1 AND "
           "path_kind IN ('file', 'deleted') AND match(path, '\\\\.so([.]|$)') AND NOT match(path, "
           "'^/(usr/(local/)?)?lib(32|64|x32)?/') AND" + in + ")" + tail("path", limit);
  }
  return std::nullopt;
}

}  // namespace procsnap::fleet
