// --save: the Result into diff_runs / diff_changes (schema/50_diff.sql), in one transaction.
#include "diff/diff.hpp"
#include "importer/schema_sql.hpp"

namespace procsnap::diff {

std::int64_t save(db::Connection& conn, const Result& r, std::string_view procsnap_version) {
  // A database made by this build already has the tables (the embedded schema includes 50_diff.sql); running
  // its CREATE ... IF NOT EXISTS statements again is a no-op.
  for (const auto& f : importer::schema_files()) {
    if (f.name == "50_diff.sql") conn.exec(f.sql);
  }
  db::Transaction tx(conn);
  std::string categories, notes;
  for (const Category c : k_categories) {
    if (!r.options.wants(c)) continue;
    if (!categories.empty()) categories += ',';
    categories += to_string(c);
  }
  for (const auto& n : r.notes) notes += (notes.empty() ? "" : "\n") + n;
  auto run = conn.prepare(
      "INSERT INTO diff_runs(snapshot_a, snapshot_b, mode, mode_auto, mode_reason, categories, show_counters, "
      "mem_threshold_bytes, change_count, notes, procsnap_version, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  const std::int64_t threshold = r.options.mem_threshold_bytes > static_cast<std::uint64_t>(INT64_MAX)
                                     ? INT64_MAX
                                     : static_cast<std::int64_t>(r.options.mem_threshold_bytes);
  run.run({r.a.id, r.b.id, db::v(to_string(r.mode)), db::v(r.mode_was_auto), db::v(r.mode_reason), db::v(categories),
           db::v(r.options.show_counters), threshold, static_cast<std::int64_t>(r.changes.size()),
           notes.empty() ? db::Value{} : db::v(notes), db::v(procsnap_version)});
  const std::int64_t id = conn.last_insert_rowid();
  auto ins = conn.prepare(
      "INSERT INTO diff_changes(diff_id, seq, category, kind, attribute, key, pid, start_time, subject, before, "
      "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::int64_t seq = 0;
  for (const auto& c : r.changes) {
    ins.run({id, ++seq, db::v(to_string(c.category)), db::v(c.kind), db::v(c.attribute), db::v(c.key), db::v(c.pid),
             db::v(c.start_time), c.subject.empty() ? db::Value{} : db::v(c.subject), db::v(c.before), db::v(c.after)});
  }
  tx.commit();
  return id;
}

}  // namespace procsnap::diff
