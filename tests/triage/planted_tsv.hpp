#pragma once
// samples/scenario/run.sh's planted.tsv: one line per piece of evidence a check must report,
// `check-id <TAB> evidence column <TAB> value` (a pid, a hidden_pid, a container_id, a runtime).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace procsnap::triage::testing {

struct PlantedLine {
  std::string id;      // the check that must fire
  std::string column;  // the column of its finding that holds the value
  std::string value;
};

/// The lines of `path` (empty when it cannot be read: the callers' counts then fail).
inline std::vector<PlantedLine> read_planted_tsv(const std::filesystem::path& path) {
  std::vector<PlantedLine> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    PlantedLine p;
    std::getline(fields, p.id, '\t');
    std::getline(fields, p.column, '\t');
    std::getline(fields, p.value, '\t');
    out.push_back(p);
  }
  return out;
}

}  // namespace procsnap::triage::testing
