// --save: the Result into diff_runs / diff_changes (schema/50_diff.sql, declared in importer/tables/diff.cpp), in
// one transaction, every value bound by its column's name.
#include <ctime>

#include "diff/diff.hpp"
#include "importer/own_tables.hpp"
#include "importer/schema_sql.hpp"
#include "importer/table_row.hpp"

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
  const std::int64_t threshold = r.options.mem_threshold_bytes > static_cast<std::uint64_t>(INT64_MAX)
                                     ? INT64_MAX
                                     : static_cast<std::int64_t>(r.options.mem_threshold_bytes);
  const std::string created_at = db::now_iso8601();
  auto run = importer::RowStatement::insert(conn, importer::tables::diff_runs);
  run.set("snapshot_a", r.a.id)
      .set("snapshot_b", r.b.id)
      .set("mode", to_string(r.mode))
      .set("mode_auto", r.mode_was_auto)
      .set("mode_reason", r.mode_reason)
      .set("categories", categories)
      .set("show_counters", r.options.show_counters)
      .set("mem_threshold_bytes", threshold)
      .set("change_count", static_cast<std::int64_t>(r.changes.size()))
      .set("notes", notes.empty() ? db::Value{} : db::v(notes))
      .set("procsnap_version", procsnap_version)
      .set("created_at", created_at);
  run.run();  // id unset: NULL, so SQLite assigns the INTEGER PRIMARY KEY
  const std::int64_t id = conn.last_insert_rowid();
  auto ins = importer::RowStatement::insert(conn, importer::tables::diff_changes);
  std::int64_t seq = 0;
  for (const auto& c : r.changes) {
    ins.set("diff_id", id)
        .set("seq", ++seq)
        .set("category", to_string(c.category))
        .set("kind", c.kind)
        .set("attribute", c.attribute)
        .set("key", c.key)
        .set("pid", c.pid)
        .set("start_time", c.start_time)
        .set("subject", c.subject.empty() ? db::Value{} : db::v(c.subject))
        .set("before", c.before)
        .set("after", c.after);
    ins.run();
  }
  tx.commit();
  return id;
}

}  // namespace procsnap::diff
