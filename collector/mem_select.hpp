#pragma once
// --mem: the selection language over a process's memory regions (maps lines, plus smaps VmFlags when known) and
// the regions that are never read whatever it says. Pure: no I/O, no global state. See schema/FORMAT.md
// "Memory regions and executable copies" and `procsnap-collect --help` for the grammar.
//
//   expr    := or
//   or      := and { "or" and }
//   and     := unary { "and" unary }
//   unary   := "not" unary | "(" expr ")" | predicate
//   predicate (see mem_help_text() in mem_select.cpp for the full list), e.g.
//     r  w  x  p  s            permission bits (p = private, s = shared)
//     anon heap stack deleted memfd file vdso   what backs the region (from the maps path column);
//                              anon = no path, [anon:..], [anon_shmem:..], /dev/zero (deleted), [heap], [stack*]
//     path=GLOB                the maps path matches GLOB (* any bytes incl. '/', ?, \ escapes; '[' and ']' are
//                              literal so path='[anon:*]' works); quotes allow spaces: path='/tmp/a b*'
//     size>N size>=N size<N size<=N size=N      N with optional K/M/G/T suffix (binary)
//     vmflag=XX                smaps VmFlags contains the two-letter flag XX (false when VmFlags is unknown)
// Presets: none, suspicious, heap, anon, all (only as the whole value; expanded to expressions, the expansion is
// recorded). Limits: 4096 bytes, 64 levels of '('/'not'.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "procfs/proc_maps.hpp"

namespace procsnap::collector {

/// A bad expression: where and why, for a usage error that points at the offending token.
struct MemSelectError {
  std::size_t offset = 0;  ///< byte offset of the offending token in the expression
  std::string token;       ///< the offending token ("" at end of input)
  std::string message;     ///< e.g. "expected a predicate after 'and'"
};

/// A parsed --mem expression. Cheap to copy (shared immutable tree).
class MemSelector {
 public:
  /// Parses a preset name (none, suspicious, heap, anon, all) or an expression.
  [[nodiscard]] static std::variant<MemSelector, MemSelectError> parse(std::string_view text);

  /// True for `none` (the default): no memory is captured and `mem` is never opened.
  [[nodiscard]] bool is_none() const;
  /// The canonical expression after preset expansion (recorded in the header as options.mem_expanded).
  [[nodiscard]] const std::string& expanded() const;

  /// When `region` is selected: the text of the first top-level `or` alternative that matched (its canonical
  /// form, e.g. "x and anon"); nullopt when not selected. `vmflags` is the smaps VmFlags value when known.
  [[nodiscard]] std::optional<std::string> match(const procfs::MapsEntry& region,
                                                 std::optional<std::string_view> vmflags) const;

  struct Node;  ///< expression tree (defined in mem_select.cpp)

 private:
  std::shared_ptr<const Node> root_;
  std::string expanded_;
  bool none_ = true;
};

/// Regions never read whatever the expression says; returns the manifest `reason` ("special-mapping",
/// "no-access", "vmflags-io", "vmflags-pf", "vmflags-dd") or nullopt when the region may be read.
[[nodiscard]] std::optional<std::string_view> mem_exclusion(const procfs::MapsEntry& region,
                                                            std::optional<std::string_view> vmflags);

/// The grammar and presets as shown by --help (one source of truth for the help text and the tests).
[[nodiscard]] std::string_view mem_help_text();

}  // namespace procsnap::collector
