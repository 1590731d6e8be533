// PathTable: the flat path -> value table of the archive reader's duplicate check and the verifier's path states.
#include "importer/path_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "importer/string_arena.hpp"

namespace procsnap::importer {
namespace {

struct State {
  int seen = 0;
  bool flag = false;
};

TEST(PathTable, EveryPathFoundAfterManyGrowthsWithItsValue) {
  StringArena arena;
  PathTable<State> t(16);  // grows from 16 slots to 256 Ki
  const auto store = [&](std::string_view p) { return arena.store(p); };
  std::vector<std::string> paths;
  for (int pid = 1; pid <= 1000; ++pid) {
    for (const char* f : {"stat", "status", "maps", "fd/0", "fd/1", "task/1/stat", "exe", "cwd"}) {
      paths.push_back("proc/" + std::to_string(pid) + "/" + f);
    }
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto [v, inserted] = t.find_or_insert(paths[i], store);
    ASSERT_TRUE(inserted) << paths[i];
    v->seen = static_cast<int>(i);  // written before later growths move it
  }
  EXPECT_EQ(t.size(), paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const State* v = t.find(paths[i]);
    ASSERT_NE(v, nullptr) << paths[i];
    EXPECT_EQ(v->seen, static_cast<int>(i)) << paths[i];
    auto [again, inserted] = t.find_or_insert(paths[i], store);
    EXPECT_FALSE(inserted) << "a path is inserted once";
    EXPECT_EQ(again, v);
  }
  EXPECT_EQ(t.size(), paths.size());
  EXPECT_EQ(t.find("proc/1001/stat"), nullptr);
  EXPECT_FALSE(t.contains("proc/1/sta"));
  EXPECT_FALSE(t.contains("proc/1/stat "));
  EXPECT_FALSE(t.contains(""));
}

TEST(PathTable, KeysAreTheStoredViewsAndForEachVisitsEachOnce) {
  StringArena arena;
  PathTable<char> t;
  std::string scratch = "proc/7/environ";
  int stores = 0;
  const auto store = [&](std::string_view p) {
    ++stores;
    return arena.store(p);
  };
  EXPECT_TRUE(t.find_or_insert(scratch, store).second);
  scratch = "proc/7/cmdline";  // the caller's buffer changes: the table keeps the arena's copy
  EXPECT_TRUE(t.find_or_insert(scratch, store).second);
  EXPECT_FALSE(t.find_or_insert("proc/7/environ", store).second);
  EXPECT_EQ(stores, 2) << "store() is called for new paths only";
  // Empty and binary keys are ordinary keys.
  EXPECT_TRUE(t.find_or_insert(std::string_view(), store).second);
  EXPECT_TRUE(t.find_or_insert(std::string_view("a\0b", 3), store).second);
  EXPECT_FALSE(t.contains(std::string_view("a\0c", 3)));
  std::multiset<std::string> seen;
  t.for_each([&](std::string_view k, char&) { seen.insert(std::string(k)); });
  EXPECT_EQ(seen, (std::multiset<std::string>{"", std::string("a\0b", 3), "proc/7/cmdline", "proc/7/environ"}));
}

}  // namespace
}  // namespace procsnap::importer
