#include "procsnap/common/sha256.hpp"

namespace procsnap::common {

void Sha256::update(std::span<const std::byte> bytes) {
  sha256_update(&ctx_, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
}

Digest Sha256::finish() {
  Digest d{};
  sha256_digest(&ctx_, d.size(), d.data());  // nettle re-initialises the context
  return d;
}

Digest sha256(std::span<const std::byte> bytes) {
  Sha256 h;
  h.update(bytes);
  return h.finish();
}

Digest sha256(std::string_view bytes) { return sha256(std::as_bytes(std::span(bytes.data(), bytes.size()))); }

std::string to_hex(std::span<const std::byte> bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::byte b : bytes) {
    const auto v = static_cast<unsigned>(b);
    out.push_back(k_digits[v >> 4]);
    out.push_back(k_digits[v & 0xf]);
  }
  return out;
}

std::string to_hex(const Digest& d) { return to_hex(std::as_bytes(std::span(d))); }

}  // namespace procsnap::common
