// procsnap schema: the DDL generated from the table declarations (importer/table_decl.hpp). `--write DIR`
// regenerates schema/'s table files (what a developer runs after editing a declaration; a test fails while the
// committed files differ from the declarations); without it, the DDL is printed.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "fleet/clickhouse_schema.hpp"
#include "importer/table_decl.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace procsnap::cli {

namespace {

struct SchemaOptions {
  std::string write_dir;
  std::string table;
  bool clickhouse = false;
  std::string cluster;
};

int run_schema(const SchemaOptions& o) {
  if (o.clickhouse) {
    fleet::Layout layout;
    layout.cluster = o.cluster;
    std::string sql = fleet::schema_script(layout);
    if (!o.write_dir.empty()) {
      const std::string path = o.write_dir + "/clickhouse/schema.sql";  // not in schema/: that is SQLite's
      std::error_code ec;
      std::filesystem::create_directory(o.write_dir + "/clickhouse", ec);  // an existing one is fine
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << sql;
      out.close();
      if (!out) {
        std::fprintf(stderr, "procsnap schema: cannot write %s\n", path.c_str());
        return to_int(ExitCode::error);
      }
      std::fprintf(stderr, "procsnap schema: wrote %s\n", path.c_str());
      return to_int(ExitCode::ok);
    }
    std::fputs(sql.c_str(), stdout);
    return to_int(ExitCode::ok);
  }
  if (!o.write_dir.empty()) {
    for (const auto& g : importer::table_groups()) {
      const std::string path = o.write_dir + "/" + std::string(g.file);
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      const std::string sql = importer::sqlite_group_sql(g);
      out << sql;
      out.close();
      if (!out) {
        std::fprintf(stderr, "procsnap schema: cannot write %s\n", path.c_str());
        return to_int(ExitCode::error);
      }
      std::fprintf(stderr, "procsnap schema: wrote %s (%zu tables)\n", path.c_str(), g.tables.size());
    }
    SchemaOptions ch = o;
    ch.clickhouse = true;
    return run_schema(ch);
  }
  bool found = o.table.empty();
  for (const auto& g : importer::table_groups()) {
    if (o.table.empty()) {
      std::fputs(importer::sqlite_group_sql(g).c_str(), stdout);
      continue;
    }
    for (const auto& t : g.tables) {
      if (t.name == o.table || t.task_name == o.table) {
        importer::TableGroup one{.file = g.file, .header = {}, .tables = {t}};
        std::fputs(importer::sqlite_group_sql(one).c_str(), stdout);
        found = true;
      }
    }
  }
  if (!found) {
    std::fprintf(stderr, "procsnap schema: no table named %s\n", o.table.c_str());
    return to_int(ExitCode::usage);
  }
  return to_int(ExitCode::ok);
}

}  // namespace

void add_schema_command(CLI::App& app, int& rc) {
  auto opts = std::make_shared<SchemaOptions>();
  auto* cmd = app.add_subcommand("schema", "Print the SQL schema of the declared tables (or rewrite schema/)");
  cmd->footer(
      "Every table is declared once, in analyzer/importer/tables/<group>.cpp; the SQL in schema/NN_<group>.sql is\n"
      "generated from those declarations. Examples:\n"
      "  procsnap schema                      # the CREATE TABLE statements of every declared table\n"
      "  procsnap schema --table proc_stat    # one table (proc_/task_ twins print together)\n"
      "  procsnap schema --clickhouse         # the same tables on ClickHouse (what `procsnap push` creates)\n"
      "  procsnap schema --write schema/      # developers: regenerate schema/ (and schema/clickhouse/schema.sql)");
  cmd->add_option("--table", opts->table, "Only this table");
  cmd->add_option("--write", opts->write_dir, "Write each group's file (NN_<group>.sql) into this directory");
  cmd->add_flag("--clickhouse", opts->clickhouse, "The ClickHouse DDL (procsnap push creates these tables)");
  cmd->add_option("--cluster", opts->cluster, "With --clickhouse: the cluster layout (<t>_local + Distributed <t>)");
  cmd->callback([opts, &rc] { rc = run_schema(*opts); });
}

}  // namespace procsnap::cli
