#include "cli/commands.hpp"

#include <unistd.h>

#include <map>

namespace procsnap::cli {

void add_format_option(CLI::App& cmd, Format& format) {
  const std::map<std::string, Format> names{
      {"table", Format::table}, {"csv", Format::csv}, {"json", Format::json}, {"ndjson", Format::ndjson}};
  cmd.add_option("--format", format, "output format: table (escaped for terminals), csv, json or ndjson")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case));
}

OutputOptions stdout_options(Format format) {
  OutputOptions o;
  o.format = format;
  o.tty = ::isatty(STDOUT_FILENO) == 1;
  return o;
}

}  // namespace procsnap::cli
