// Fuzz target (see tests/fuzz/CMakeLists.txt): osquery's SQL functions that parse text (analyzer/db/
// osquery_functions.hpp, version_compare.hpp, sql_regex.hpp). The input is split in two at the offset its first
// byte names: the first part is the pattern / CIDR / tokens / left version, the second the text / IP / right
// version; the first byte also picks the index. The property: every call returns (no crash, hang, leak or
// sanitizer report), and what must hold whatever the bytes does (a piece lies inside its input, a version equals
// itself).
#include "db/osquery_functions.hpp"
#include "db/sql_regex.hpp"
#include "db/version_compare.hpp"
#include "fuzz_input.hpp"

#include <cstdlib>
#include <string>

namespace {

void check_inside(std::string_view outer, const std::optional<std::string_view>& piece) {
  if (piece && !piece->empty() &&
      (piece->data() < outer.data() || piece->data() + piece->size() > outer.data() + outer.size())) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace procsnap::db;
  if (size == 0) return 0;
  const std::string_view all = procsnap::fuzz::as_text(data + 1, size - 1);
  const std::size_t cut = std::min<std::size_t>(data[0], all.size());
  const std::string_view a = all.substr(0, cut);
  const std::string_view b = all.substr(cut);
  const std::int64_t index = data[0] % 8;

  (void)osquery::inet_aton(all);
  (void)osquery::parse_ip(a);
  (void)osquery::in_cidr_block(a, b);
  (void)osquery::in_cidr_block(b, a);
  if (!a.empty()) check_inside(b, osquery::split(b, a, index));
  (void)osquery::from_base64(all);
  if (osquery::from_base64(osquery::to_base64(all)) != all) std::abort();
  (void)osquery::community_id_v1(a, b, index, data[0], data[0] % 3 == 0 ? 1 : 58, 0);
  for (auto f : {VersionFlavor::generic, VersionFlavor::arch, VersionFlavor::dpkg, VersionFlavor::rhel}) {
    (void)version_compare(a, b, f);
    if (version_compare(a, a, f) != 0) std::abort();
  }
  std::string error;
  if (auto re = SqlRegex::compile(a, error)) {
    check_inside(b, re->match_group(b, index));
    check_inside(b, re->split_piece(b, index));
  } else if (error.empty()) {
    std::abort();
  }
  return 0;
}
