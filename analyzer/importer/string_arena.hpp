#pragma once
// Append-only storage for many short strings (archive paths) that live as long as one import: views into it stay
// valid (blocks never move), and storing a string costs no allocation of its own. Used for the path sets that
// see every member of an archive (duplicate checks, the verifier's per-path state).
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace procsnap::importer {

class StringArena {
 public:
  /// Copies `s` into the arena; the returned view is valid for the arena's lifetime.
  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    if (blocks_.empty() || used_ + s.size() > cap_) {
      cap_ = std::max(k_block, s.size());
      blocks_.push_back(std::make_unique<char[]>(cap_));
      used_ = 0;
    }
    char* p = blocks_.back().get() + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }

 private:
  static constexpr std::size_t k_block = 256 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;
  std::size_t cap_ = 0;
};

}  // namespace procsnap::importer
