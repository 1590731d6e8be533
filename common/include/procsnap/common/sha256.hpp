#pragma once
// SHA-256 over byte spans, via nettle (no hand-written hash).
#include <nettle/sha2.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace procsnap::common {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256() { sha256_init(&ctx_); }
  void update(std::span<const std::byte> bytes);
  void update(std::string_view bytes) { update(std::as_bytes(std::span(bytes.data(), bytes.size()))); }
  /// Finishes the hash; the object is reset and can be reused.
  [[nodiscard]] Digest finish();

 private:
  sha256_ctx ctx_{};
};

[[nodiscard]] Digest sha256(std::span<const std::byte> bytes);
[[nodiscard]] Digest sha256(std::string_view bytes);
/// Lower-case hex, 64 characters.
[[nodiscard]] std::string to_hex(const Digest& d);
[[nodiscard]] std::string to_hex(std::span<const std::byte> bytes);

}  // namespace procsnap::common
