// Fuzz target (see tests/fuzz/CMakeLists.txt): `procsnap mem grep/strings` over captured memory, which a
// compromised host shaped byte for byte. Input: first byte = mode (pattern kind, slice size, context), then a
// pattern line, then the "memory" fed in slices at an address near the top of the 64-bit space (address
// arithmetic must not overflow); a byte pattern splits it into two captured ranges (a hole). Property: every call
// returns, and every match the scanner reports lies inside the bytes it was fed. The regex mode compiles analyst
// patterns with RE2 (cli/mem_scan.cpp rewrites ERE brackets, '.' and escapes first): tests/crashers/mem_scan/ holds
// the patterns that took glibc's regcomp gigabytes or minutes.
#include <cstdlib>
#include <memory>
#include <string>

#include "cli/mem_scan.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace m = procsnap::cli::mem;
  if (size < 2 || size > 64 * 1024) {
    return 0;  // bounded: RE2 is linear, but a match at every byte costs ~1 KiB of steps (mem grep --help)
  }
  const unsigned mode = data[0];
  const std::string_view t = procsnap::fuzz::as_text(data + 1, size - 1);
  const std::size_t nl = t.find('\n');
  const std::string_view pat = t.substr(0, nl);
  const std::string_view mem = nl == std::string_view::npos ? std::string_view{} : t.substr(nl + 1);

  std::string error;
  std::unique_ptr<m::Matcher> matcher;
  switch (mode % 4) {
    case 0:
      if (auto b = m::parse_literal(pat, error)) matcher = m::literal_matcher(*b);
      break;
    case 1:
      if (auto b = m::parse_hex(pat, error)) matcher = m::literal_matcher(*b);
      break;
    case 2:
      matcher = m::regex_matcher(pat, 64, error);
      break;
    default:
      if (auto b = m::parse_literal(pat, error)) matcher = m::literal_matcher(m::widen_utf16le(*b));
      break;
  }
  (void)m::parse_range(pat);
  (void)m::parse_address(pat);

  const std::uint64_t base = 0xfffffffffff00000ull;
  const std::size_t slice = 1 + ((mode >> 2) & 7) * 97;
  // With bit 0x20 the bytes are two captured ranges: the second half starts 4096 bytes after the first ends.
  const bool hole = (mode & 0x20) != 0;
  const std::size_t half = hole ? mem.size() / 2 : mem.size();
  auto feed_range = [&](auto& scanner, std::uint64_t addr, std::string_view bytes) {
    for (std::size_t off = 0; off < bytes.size() && !scanner.stopped(); off += slice) {
      scanner.feed(addr + off, bytes.substr(off, slice));
    }
    scanner.end_run();
  };
  auto feed_all = [&](auto& scanner) {
    feed_range(scanner, base, mem.substr(0, half));
    if (hole) {
      feed_range(scanner, base + half + 4096, mem.substr(half));
    }
  };

  if (matcher) {
    std::size_t found = 0;
    m::GrepScanner grep(*matcher, (mode >> 6) * 16, [&](const m::Match& hit) {
      if (hit.addr < base || hit.bytes.size() > mem.size() + 1) std::abort();
      (void)m::hexdump(hit.ctx_addr, hit.ctx, "  ");
      (void)m::escape_bytes(hit.bytes);
      return ++found < 1000;
    });
    feed_all(grep);
  }
  m::StringsScanner strings(1 + (mode & 7), true, true, 64, [&](const m::FoundString& s) {
    if (s.addr < base || s.text.size() > 64) std::abort();
    return true;
  });
  feed_all(strings);
  return 0;
}
