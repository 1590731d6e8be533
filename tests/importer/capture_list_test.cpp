// One file list for the collector and the importer (procsnap/common/capture_list.hpp): every file the collector
// captures is parsed by a handler or marked raw-only with a reason, and no handler waits for a file that is never
// captured. The collector reads its lists from the same table (collector/walker.cpp), so what is checked here is
// what a capture holds.
#include "importer/registry.hpp"
#include "procsnap/common/capture_list.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace {

using procsnap::common::captured_files;
using procsnap::importer::all_handlers;
using procsnap::importer::Handler;
using procsnap::importer::match_pattern;
using procsnap::importer::Member;

// A concrete archive path for a capture-list pattern (placeholders filled with plausible values).
std::string example(std::string_view pattern) {
  std::string out;
  while (!pattern.empty()) {
    const auto lt = pattern.find('<');
    out += pattern.substr(0, lt);
    if (lt == std::string_view::npos) break;
    const auto gt = pattern.find('>', lt);
    const auto var = pattern.substr(lt + 1, gt - lt - 1);
    out += var == "pid" ? "4242" : var == "tid" ? "4243" : var == "n" ? "3" : "7f0000000000-7f0000001000";
    pattern.remove_prefix(gt + 1);
  }
  return out;
}

// The archive paths a capture-list entry stands for: proc/net/X is also captured as proc/<pid>/net/X.
std::vector<std::string> paths_of(std::string_view pattern) {
  std::vector<std::string> out{example(pattern)};
  if (pattern.starts_with("proc/net/")) out.push_back("proc/4242/net/" + example(pattern.substr(9)));
  return out;
}

std::vector<const Handler*> handlers_for(const std::vector<Handler>& hs, const std::string& path) {
  std::vector<const Handler*> out;
  for (const auto& h : hs) {
    Member m;
    if (match_pattern(h.pattern, path, m)) out.push_back(&h);
  }
  return out;
}

TEST(CaptureList, EveryCapturedFileIsParsedOrRawOnlyWithAReason) {
  const auto hs = all_handlers();
  for (const auto& f : captured_files()) {
    for (const auto& path : paths_of(f.path)) {
      const auto matched = handlers_for(hs, path);
      if (f.raw_only.empty()) {
        EXPECT_FALSE(matched.empty()) << path << " is captured but no handler parses it and it is not raw-only";
      } else {
        EXPECT_TRUE(matched.empty()) << path << " is marked raw-only (" << f.raw_only << ") but handler "
                                     << matched.front()->pattern << " parses it: drop the raw-only mark";
      }
    }
  }
}

TEST(CaptureList, NoHandlerWaitsForAFileThatIsNeverCaptured) {
  std::vector<std::string> captured;
  for (const auto& f : captured_files()) {
    for (auto& p : paths_of(f.path)) captured.push_back(std::move(p));
  }
  for (const auto& h : all_handlers()) {
    bool hit = false;
    for (const auto& path : captured) {
      Member m;
      hit = hit || match_pattern(h.pattern, path, m);
    }
    EXPECT_TRUE(hit) << "handler " << h.pattern << " waits for a file the collector never captures";
  }
}

TEST(CaptureList, EntriesAreUniqueAndWellFormed) {
  std::set<std::string_view> seen;
  for (const auto& f : captured_files()) {
    EXPECT_TRUE(seen.insert(f.path).second) << "listed twice: " << f.path;
    EXPECT_TRUE(f.path.starts_with("proc/")) << f.path;
    EXPECT_EQ(f.path.find(".."), std::string_view::npos) << f.path;
  }
  // stat leads the per-process and per-task lists: the importer learns the process identity from it first.
  EXPECT_EQ(captured_files().front().path, "proc/<pid>/stat");
}

}  // namespace
