#include "fleet/push.hpp"

#include "fleet/clickhouse_views.hpp"
#include "fleet/row_binary.hpp"
#include "procsnap/common/sha256.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <thread>

namespace procsnap::fleet {
namespace {

constexpr std::size_t k_chunk_bytes = 1u << 20;  // RowBinary bytes handed to libcurl per producer call

bool is_hex64(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string key_list(const std::vector<std::string>& keys) {
  std::string out = "(";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i != 0) out += ", ";
    out += quote(keys[i]);
  }
  return out + ")";
}

/// A query text can be long (key lists, one branch per table): raise the parser's limit for it.
Settings long_query() { return {{"max_query_size", "67108864"}}; }

void say(const Fleet& f, const std::string& line) {
  if (f.log) f.log(line);
}

struct LocalSnapshot {
  std::int64_t id = 0;
  std::string key;
  std::string host;
  std::uint32_t capture_time = 0;
  std::string digest;
};

LocalSnapshot read_local(const db::Connection& local, std::int64_t id) {
  auto st = local.prepare("SELECT archive_sha256, hostname, captured_at_epoch_ns FROM snapshots WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) throw Error("no snapshot " + std::to_string(id) + " in the local database");
  LocalSnapshot s;
  s.id = id;
  s.key = std::string(st.column_text(0));
  s.host = st.column_opt_text(1).value_or("");
  if (const auto ns = st.column_opt_int64(2); ns && *ns > 0) {
    s.capture_time = static_cast<std::uint32_t>(std::min<std::int64_t>(*ns / 1'000'000'000, 0xffffffffLL));
  }
  if (!is_hex64(s.key)) throw Error("snapshot " + std::to_string(id) + " has no usable archive_sha256");
  s.digest = content_sha256(local, id);
  return s;
}

/// Rows of every table (but snapshots) per snapshot key on the server.
std::map<std::string, std::map<std::string, std::uint64_t>> server_counts(Client& c,
                                                                          const std::vector<FleetTable>& tables,
                                                                          const std::vector<std::string>& keys) {
  std::string q;
  const std::string list = key_list(keys);
  for (const auto& t : tables) {
    if (t.is_snapshots) continue;
    if (!q.empty()) q += "\nUNION ALL ";
    q += "SELECT " + quote(t.name) + " AS t, snapshot_key AS k, count() AS n FROM " + quote_ident(t.name) +
         " WHERE snapshot_key IN " + list + " GROUP BY snapshot_key";
  }
  const auto rs = c.select(q, long_query());
  std::map<std::string, std::map<std::string, std::uint64_t>> out;
  for (const auto& row : rs.rows) {
    if (row.size() != 3 || !row[0] || !row[1] || !row[2]) continue;
    out[*row[0]][*row[1]] = std::stoull(*row[2]);
  }
  return out;
}

void wait_for_mutations(Client& c, const std::string& database) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  for (;;) {
    const auto rs = c.select("SELECT count() FROM system.mutations WHERE database = " + quote(database) +
                             " AND is_done = 0");
    if (!rs.rows.empty() && rs.rows[0].size() == 1 && rs.rows[0][0] == std::optional<std::string>("0")) return;
    if (std::chrono::steady_clock::now() > deadline) {
      throw Error("ClickHouse at " + c.endpoint().display() +
                  ": deleting the rows of an interrupted push did not finish in 10 minutes (system.mutations)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

/// Streams one table's rows of the given snapshots as RowBinary.
class RowSource {
 public:
  RowSource(db::Connection& local, const FleetTable& t, const std::vector<const LocalSnapshot*>& snaps,
            std::uint32_t pushed_at)
      : t_(t), snaps_(snaps), pushed_at_(pushed_at) {
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i != 0) sql += ", ";
      sql += '"';
      sql += t.columns[i].name;
      sql += '"';
    }
    sql += " FROM \"" + t.name + "\" WHERE \"" + t.sqlite_key + "\" = ?";
    st_.emplace(local.prepare(sql));
  }

  /// Moves to the next row; false at the end.
  bool next() {
    for (;;) {
      if (open_ && st_->step()) {
        ++counts_[snaps_[cur_]->key];
        return true;
      }
      if (open_) ++cur_;
      if (cur_ >= snaps_.size()) return false;
      st_->reset();
      st_->bind(1, snaps_[cur_]->id);
      open_ = true;
    }
  }

  void encode(std::string& out) {
    const LocalSnapshot& s = *snaps_[cur_];
    put_string(out, s.key);
    put_string(out, s.host);
    put_u32(out, s.capture_time);
    for (std::size_t i = 0; i < t_.columns.size(); ++i) {
      const std::string err = encode_sqlite_value(out, *st_, static_cast<int>(i), t_.columns[i]);
      if (!err.empty()) {
        throw Error("snapshot " + std::to_string(s.id) + ", table " + t_.name + ": " + err + " (nothing committed)");
      }
    }
    if (t_.is_snapshots) {
      put_string(out, s.digest);
      put_u32(out, pushed_at_);
    }
    ++rows_;
  }

  [[nodiscard]] const std::map<std::string, std::uint64_t>& counts() const { return counts_; }
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  const FleetTable& t_;
  const std::vector<const LocalSnapshot*>& snaps_;
  std::uint32_t pushed_at_;
  std::optional<db::Statement> st_;
  std::size_t cur_ = 0;
  bool open_ = false;
  std::map<std::string, std::uint64_t> counts_;
  std::uint64_t rows_ = 0;
};

std::string insert_sql(const FleetTable& t) {
  std::string sql = "INSERT INTO " + quote_ident(t.name) + " (snapshot_key, host, capture_time";
  for (const auto& c : t.columns) sql += ", " + quote_ident(c.name);
  if (t.is_snapshots) sql += ", content_sha256, pushed_at";
  return sql + ") FORMAT RowBinary";
}

/// Inserts one table's rows of `snaps`; returns the local row counts per key.
std::map<std::string, std::uint64_t> push_table(Fleet& f, db::Connection& local, const FleetTable& t,
                                                const std::vector<const LocalSnapshot*>& snaps,
                                                std::uint32_t pushed_at, std::uint64_t& rows) {
  RowSource src(local, t, snaps, pushed_at);
  if (!src.next()) return {};
  bool pending = true;  // src is on a row not yet encoded
  Settings settings;
  if (!f.layout.cluster.empty()) settings.emplace_back("insert_distributed_sync", "1");
  f.entry->insert(
      insert_sql(t),
      [&](std::string& out) {
        while (pending && out.size() < k_chunk_bytes) {
          src.encode(out);
          pending = src.next();
        }
        return pending;
      },
      settings);
  rows += src.rows();
  return src.counts();
}

std::uint32_t now_epoch() { return static_cast<std::uint32_t>(std::time(nullptr)); }

}  // namespace

std::string content_sha256(const db::Connection& local, std::int64_t snapshot_id) {
  auto st = local.prepare(
      "SELECT path, kind, coalesce(status, ''), coalesce(size, -1), coalesce(sha256, '') FROM members "
      "WHERE snapshot_id = ? ORDER BY path");
  st.bind(1, snapshot_id);
  common::Sha256 h;
  while (st.step()) {
    for (int i = 0; i < 5; ++i) {
      const std::string_view v = st.column_text(i);
      h.update(std::to_string(v.size()));
      h.update(":");
      h.update(v);
    }
  }
  return common::to_hex(h.finish());
}

void ensure_schema(Fleet& f) {
  const std::string& database = f.layout.database;
  for (Client* c : f.servers()) {
    c->execute("CREATE DATABASE IF NOT EXISTS " + quote_ident(database), {}, false);
    if (f.layout.data_database() != database) {
      c->execute("CREATE DATABASE IF NOT EXISTS " + quote_ident(f.layout.data_database()), {}, false);
    }
  }
  if (!f.layout.cluster.empty()) {
    const auto rs = f.entry->select("SELECT count(DISTINCT shard_num) FROM system.clusters WHERE cluster = " +
                                    quote(f.layout.cluster));
    const std::string n = rs.rows.empty() || !rs.rows[0][0] ? "0" : *rs.rows[0][0];
    if (n == "0") {
      throw Error("ClickHouse at " + f.entry->endpoint().display() + " has no cluster '" + f.layout.cluster +
                  "' (system.clusters; <remote_servers> in its config)");
    }
    if (n != std::to_string(f.shards.size())) {
      throw Error("cluster '" + f.layout.cluster + "' has " + n + " shards; give each one's HTTP URL with --shard (" +
                  std::to_string(f.shards.size()) + " given)");
    }
  }
  const std::string version = schema_version();
  for (Client* c : f.servers()) {
    const auto has_meta = c->select("SELECT count() FROM system.tables WHERE database = " + quote(database) +
                                    " AND name = 'procsnap_meta'");
    std::string found;
    if (!has_meta.rows.empty() && has_meta.rows[0][0] != std::optional<std::string>("0")) {
      const auto rs = c->select("SELECT value FROM procsnap_meta WHERE key = 'schema_version' LIMIT 1");
      if (!rs.rows.empty() && rs.rows[0][0]) found = *rs.rows[0][0];
    }
    if (!found.empty() && found != version) {
      throw Error("ClickHouse database '" + database + "' at " + c->endpoint().display() +
                  " holds procsnap tables of schema version " + found + "; this procsnap writes version " + version +
                  ". Push into a new database (--database NAME), or drop that one (DROP DATABASE " + database +
                  ") and push the snapshots again");
    }
    if (found == version) continue;
    say(f, "creating procsnap tables (schema " + version + ") in " + database + " at " + c->endpoint().display());
    c->execute(create_meta_sql());
    for (const auto& t : fleet_tables()) {
      for (const auto& stmt : create_table_sql(t, f.layout)) c->execute(stmt);
    }
    for (const auto& stmt : create_view_sql(f.layout)) c->execute(stmt);
    c->execute("INSERT INTO procsnap_meta (key, value) VALUES ('schema_version', " + quote(version) +
               "), ('created_at', " + quote(db::now_iso8601()) + ")");
  }
}

std::vector<PushOutcome> push_snapshots(Fleet& f, db::Connection& local, const std::vector<std::int64_t>& ids,
                                        std::size_t batch_size) {
  const auto tables = fleet_tables();
  std::vector<PushOutcome> outcomes;
  for (std::size_t b = 0; b < ids.size(); b += batch_size) {
    std::vector<LocalSnapshot> batch;
    for (std::size_t i = b; i < std::min(ids.size(), b + batch_size); ++i) {
      LocalSnapshot s = read_local(local, ids[i]);
      const bool dup = std::any_of(batch.begin(), batch.end(), [&](const auto& x) { return x.key == s.key; });
      if (!dup) batch.push_back(std::move(s));
    }
    std::vector<std::string> keys;
    for (const auto& s : batch) keys.push_back(s.key);

    // Which are committed already (same content: skip; other content: conflict)?
    std::map<std::string, std::vector<std::string>> remote;
    const auto rs = f.entry->select(
        "SELECT snapshot_key, content_sha256 FROM snapshots WHERE snapshot_key IN " + key_list(keys), long_query());
    for (const auto& row : rs.rows) {
      if (row.size() == 2 && row[0] && row[1]) remote[*row[0]].push_back(*row[1]);
    }
    std::vector<const LocalSnapshot*> todo;
    for (const auto& s : batch) {
      PushOutcome o;
      o.snapshot_id = s.id;
      o.snapshot_key = s.key;
      o.host = s.host;
      const auto it = remote.find(s.key);
      if (it == remote.end()) {
        todo.push_back(&s);
        continue;
      }
      const bool same = std::all_of(it->second.begin(), it->second.end(), [&](const auto& d) { return d == s.digest; });
      if (same) {
        o.status = PushOutcome::Status::already_present;
      } else {
        o.status = PushOutcome::Status::conflict;
        o.message = "the server holds snapshot " + s.key.substr(0, 12) + " (host '" + s.host +
                    "') with different content (content_sha256 " + it->second.front().substr(0, 12) +
                    "..., local " + s.digest.substr(0, 12) + "...): refused; one of the two was altered";
      }
      outcomes.push_back(std::move(o));
    }
    if (todo.empty()) continue;
    std::vector<std::string> todo_keys;
    for (const auto* s : todo) todo_keys.push_back(s->key);

    // Leftovers of an interrupted push of these snapshots: delete them before writing anything.
    const auto before = server_counts(*f.entry, tables, todo_keys);
    if (!before.empty()) {
      say(f, "removing the rows of an earlier, interrupted push (" + std::to_string(before.size()) + " tables)");
      for (Client* c : f.servers()) {
        for (const auto& [table, by_key] : before) {
          c->execute("ALTER TABLE " + quote_ident(f.layout.data_database()) + "." + quote_ident(table) +
                         " DELETE WHERE snapshot_key IN " +
                         key_list(todo_keys),
                     long_query());
        }
        wait_for_mutations(*c, f.layout.data_database());
      }
      if (const auto left = server_counts(*f.entry, tables, todo_keys); !left.empty()) {
        throw Error("rows of an interrupted push are still on the server after deleting them (table " +
                    left.begin()->first + "); nothing committed");
      }
    }

    // Every table but snapshots, then the counts, then the commit marker.
    const std::uint32_t pushed_at = now_epoch();
    std::map<std::string, std::map<std::string, std::uint64_t>> sent;
    std::map<std::string, std::uint64_t> rows_by_key;
    std::uint64_t rows = 0;
    for (const auto& t : tables) {
      if (t.is_snapshots) continue;
      if (f.progress) {
        f.progress("snapshots " + std::to_string(b + 1) + "-" + std::to_string(b + batch.size()) + " of " +
                   std::to_string(ids.size()) + ": " + t.name);
      }
      auto counts = push_table(f, local, t, todo, pushed_at, rows);
      for (const auto& [k, n] : counts) rows_by_key[k] += n;
      if (!counts.empty()) sent[t.name] = std::move(counts);
    }
    const auto after = server_counts(*f.entry, tables, todo_keys);
    if (after != sent) {
      std::string detail;
      for (const auto& t : tables) {
        const auto a = after.find(t.name);
        const auto s = sent.find(t.name);
        if ((a == after.end()) != (s == sent.end()) || (a != after.end() && a->second != s->second)) {
          detail = t.name;
          break;
        }
      }
      throw Error("after the push the server's row counts differ from what was sent (table " + detail +
                  "); nothing committed: push again");
    }
    std::uint64_t snap_rows = 0;
    push_table(f, local, tables.back(), todo, pushed_at, snap_rows);
    for (const auto* s : todo) {
      PushOutcome o;
      o.snapshot_id = s->id;
      o.snapshot_key = s->key;
      o.host = s->host;
      o.rows = rows_by_key[s->key] + 1;
      outcomes.push_back(std::move(o));
    }
    say(f, "pushed " + std::to_string(todo.size()) + " snapshot(s), " + std::to_string(rows + snap_rows) + " rows");
  }
  return outcomes;
}

std::vector<RemoteSnapshot> find_remote(Client& entry, const std::string& selector) {
  std::string where;
  if (selector == "all") {
    where = "1";
  } else if (const auto at = selector.find('@'); at != std::string::npos) {
    const std::string host = selector.substr(0, at);
    const std::string time = selector.substr(at + 1);
    where = host.empty() ? "1" : "lower(host) = lower(" + quote(host) + ")";
    if (time == "latest") {
      where += " AND capture_time = (SELECT max(capture_time) FROM snapshots" +
               (host.empty() ? std::string() : " WHERE lower(host) = lower(" + quote(host) + ")") + ")";
    } else if (!time.empty()) {
      where += " AND startsWith(ifNull(captured_at, ''), " + quote(time) + ")";
    }
  } else if (selector.size() >= 6 && selector.size() <= 64 &&
             selector.find_first_not_of("0123456789abcdef") == std::string::npos) {
    where = "startsWith(snapshot_key, " + quote(selector) + ")";
  } else {
    where = "lower(host) = lower(" + quote(selector) + ")";
  }
  const auto rs = entry.select("SELECT snapshot_key, host, ifNull(captured_at, '') FROM snapshots WHERE " + where +
                               " ORDER BY capture_time, snapshot_key");
  std::vector<RemoteSnapshot> out;
  for (const auto& row : rs.rows) {
    if (row.size() == 3 && row[0]) out.push_back(RemoteSnapshot{*row[0], row[1].value_or(""), row[2].value_or("")});
  }
  return out;
}

PullOutcome pull_snapshot(Fleet& f, db::Connection& local, const std::string& key) {
  PullOutcome o;
  o.snapshot_key = key;
  if (!is_hex64(key)) throw Error("not a snapshot key: " + key);
  {
    auto st = local.prepare("SELECT id FROM snapshots WHERE archive_sha256 = ?");
    st.bind(1, db::Text{key});
    if (st.step()) {
      o.snapshot_id = st.column_int64(0);
      o.already_local = true;
      return o;
    }
  }
  auto tables = fleet_tables();
  std::rotate(tables.begin(), tables.end() - 1, tables.end());  // snapshots first: the others reference it
  db::Transaction tx(local);
  for (const auto& t : tables) {
    std::string cols;
    std::string insert = "INSERT INTO \"" + t.name + "\" (";
    std::string marks;
    if (!t.is_snapshots) {
      insert += "snapshot_id";
      marks += "?";
    }
    for (const auto& c : t.columns) {
      if (!cols.empty()) cols += ", ";
      cols += quote_ident(c.name);
      if (!marks.empty()) {
        insert += ", ";
        marks += ", ";
      }
      insert += '"';
      insert += c.name;
      insert += '"';
      marks += "?";
    }
    insert += ") VALUES (" + marks + ")";
    auto st = local.prepare(insert);
    std::string buf;
    std::size_t pos = 0;
    std::vector<Decoded> row(t.columns.size());
    std::vector<db::Value> values;
    std::uint64_t n = 0;
    const auto sink = [&](std::string_view chunk) {
      if (pos > 0 && pos >= buf.size() / 2) {
        buf.erase(0, pos);
        pos = 0;
      }
      buf.append(chunk);
      for (;;) {
        std::size_t p = pos;
        std::size_t i = 0;
        for (; i < t.columns.size(); ++i) {
          if (!decode_value(buf, p, t.columns[i], row[i])) break;
        }
        if (i < t.columns.size()) return;  // the row continues in the next chunk
        pos = p;
        values.clear();
        if (!t.is_snapshots) values.emplace_back(o.snapshot_id);
        for (const auto& d : row) values.push_back(d.value());
        st.run(values);
        if (t.is_snapshots) o.snapshot_id = local.last_insert_rowid();
        ++n;
      }
    };
    f.entry->select_stream("SELECT " + cols + " FROM " + quote_ident(t.name) + " WHERE snapshot_key = " + quote(key) +
                               " FORMAT RowBinary",
                           sink, {{"wait_end_of_query", "1"}});
    if (pos != buf.size()) throw Error("table " + t.name + ": the server's data ends inside a row; nothing pulled");
    if (t.is_snapshots && n != 1) {
      throw Error("snapshot " + key.substr(0, 12) + " is not on the server (no committed snapshots row)");
    }
    const auto rs = f.entry->select("SELECT count() FROM " + quote_ident(t.name) + " WHERE snapshot_key = " + quote(key));
    if (rs.rows.empty() || rs.rows[0][0] != std::optional<std::string>(std::to_string(n))) {
      throw Error("table " + t.name + ": the server counted other rows than it sent; nothing pulled");
    }
    o.rows += n;
  }
  tx.commit();
  return o;
}

}  // namespace procsnap::fleet
