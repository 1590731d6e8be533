#pragma once
// PathTable<V>: member path -> V for the importer's per-path bookkeeping (the reader's duplicate check, the
// verifier's state of every path), one entry per member of an archive (~100 per process, 100,000+ per capture).
//
// Open addressing with linear probing in one flat array of {hash, key, index} slots, the values in a vector of
// their own: a lookup is one hash and usually one cache line, and an insert allocates nothing but amortised vector
// growth (the keys are views whose bytes the caller keeps, in a StringArena). std::unordered_map spent a node allocation per path and two or three dependent cache misses per
// lookup: 4-5% of an import's CPU for the two tables. The table grows by doubling at 7/8 full; entries are never
// removed (a path, once seen, stays seen for the archive's lifetime).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace procsnap::importer {

template <typename V>
class PathTable {
  static_assert(!std::is_same_v<V, bool>, "std::vector<bool> packs bits: use char for a set");

 public:
  /// Room for `expected` paths before the first growth.
  explicit PathTable(std::size_t expected = 1024) {
    slots_.resize(capacity_for(expected));
    values_.reserve(expected);
  }

  /// The value stored for `key`, or nullptr.
  [[nodiscard]] V* find(std::string_view key) {
    const std::uint64_t h = hash(key);
    for (std::size_t i = h & mask(); slots_[i].index != k_empty; i = (i + 1) & mask()) {
      if (slots_[i].hash == h && slots_[i].key == key) {
        return &values_[slots_[i].index];
      }
    }
    return nullptr;
  }
  [[nodiscard]] bool contains(std::string_view key) { return find(key) != nullptr; }

  /// The value for `key`; when absent, `store(key)` is called for the view to keep (its bytes must outlive the
  /// table) and a value-initialised V is added. Second: whether it was added. The pointer is valid until the next
  /// path is added.
  template <typename Store>
  std::pair<V*, bool> find_or_insert(std::string_view key, Store&& store) {
    const std::uint64_t h = hash(key);
    std::size_t i = h & mask();
    for (; slots_[i].index != k_empty; i = (i + 1) & mask()) {
      if (slots_[i].hash == h && slots_[i].key == key) {
        return {&values_[slots_[i].index], false};
      }
    }
    if ((values_.size() + 1) * 8 > slots_.size() * 7) {
      grow();
      i = h & mask();
      while (slots_[i].index != k_empty) {
        i = (i + 1) & mask();
      }
    }
    slots_[i] = Slot{h, std::forward<Store>(store)(key), values_.size()};
    values_.emplace_back();
    return {&values_.back(), true};
  }

  [[nodiscard]] std::size_t size() const { return values_.size(); }

  /// Calls f(key, value&) for every entry (in slot order).
  template <typename F>
  void for_each(F&& f) {
    for (const Slot& s : slots_) {
      if (s.index != k_empty) {
        f(s.key, values_[s.index]);
      }
    }
  }

 private:
  static constexpr std::size_t k_empty = static_cast<std::size_t>(-1);
  /// 32 bytes: two slots per cache line; the values live apart (values_), so probing and growing move only these.
  struct Slot {
    std::uint64_t hash = 0;
    std::string_view key{};
    std::size_t index = k_empty;  ///< into values_; k_empty: a free slot
  };
  static_assert(sizeof(Slot) == 32);

  static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c * 7 < n * 8) {
      c *= 2;
    }
    return c;
  }
  [[nodiscard]] std::size_t mask() const { return slots_.size() - 1; }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.index != k_empty) {
        std::size_t i = s.hash & mask();
        while (slots_[i].index != k_empty) {
          i = (i + 1) & mask();
        }
        slots_[i] = s;
      }
    }
  }

  std::vector<Slot> slots_;
  std::vector<V> values_;
};

}  // namespace procsnap::importer
