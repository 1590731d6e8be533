// schema/60_times.sql: absolute process/thread start times computed from the snapshot's own btime and CLK_TCK.
#include "db/db.hpp"
#include "importer/schema_sql.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

procsnap::db::Connection schema_db() {
  procsnap::db::Connection c(":memory:", procsnap::db::Connection::Mode::read_write_create);
  for (const auto& f : procsnap::importer::schema_files()) {
    c.exec(f.sql);
  }
  return c;
}

}  // namespace

TEST(Times, StartTimesAreAbsoluteFromTheSnapshotNotTheAnalyzingMachine) {
  auto c = schema_db();
  // btime 1418183276 (prometheus corpus), CLK_TCK 100, captured 100 s after boot-relative start 82375 ticks.
  c.exec(
      "INSERT INTO snapshots(id, archive_sha256, state, header_json, imported_at, btime, clk_tck, "
      "captured_at_epoch_ns) VALUES (1, 'a', 'verified', '{}', 'now', 1418183276, 100, 1418184199750000000);"
      "INSERT INTO snapshots(id, archive_sha256, state, header_json, imported_at) "
      "VALUES (2, 'b', 'verified', '{}', 'now');"
      "INSERT INTO proc_stat(snapshot_id, pid, start_time, comm) VALUES (1, 42, 82375, 'vim'), (2, 7, 5, 'x');"
      "INSERT INTO task_stat(snapshot_id, pid, tid, start_time, starttime, comm) VALUES (1, 42, 43, 82375, 82475, 'vim')");
  auto st = c.prepare(
      "SELECT pid, tid, started_epoch, started_at, age_seconds FROM proc_start_times ORDER BY snapshot_id, pid, tid");
  ASSERT_TRUE(st.step());  // process row (tid NULL sorts first)
  EXPECT_EQ(st.column_int64(0), 42);
  EXPECT_FALSE(st.column_opt_int64(1).has_value());
  EXPECT_DOUBLE_EQ(st.column_double(2), 1418184099.75);
  EXPECT_EQ(st.column_text(3), "2014-12-10T04:01:39.750Z");
  EXPECT_NEAR(st.column_double(4), 100.0, 1e-6);
  ASSERT_TRUE(st.step());  // its thread, started one second (100 ticks) later
  EXPECT_EQ(st.column_int64(1), 43);
  EXPECT_EQ(st.column_text(3), "2014-12-10T04:01:40.750Z");
  ASSERT_TRUE(st.step());  // a snapshot without btime/CLK_TCK: unknown, never a made-up time
  EXPECT_EQ(st.column_int64(0), 7);
  EXPECT_EQ(st.column_type(2), SQLITE_NULL);
  EXPECT_EQ(st.column_type(3), SQLITE_NULL);
  EXPECT_FALSE(st.step());
}
