#pragma once
// Streaming reader of a snapshot archive (schema/FORMAT.md): libarchive, tar formats only (pax/ustar), filters
// zstd, gzip or none. Members are read into memory one at a time and never extracted to disk.
//
// Graded results in libarchive's spirit: `member` (one more member), `end` (clean end of archive),
// `refused` (the archive breaks a reader rule: bad name, kind, duplicate, cap; nothing of it may be trusted),
// `damaged` (the stream ended early or is corrupt after some members: what came before is usable, the snapshot
// is incomplete). Every member is hashed (SHA-256) while it streams; the whole file is hashed as it is read.
#include "importer/layout.hpp"
#include "procsnap/common/sha256.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct archive;
struct archive_entry;

namespace procsnap::importer {

/// Caps that bound memory and time on a hostile archive. Each is an option of `import`/`verify`.
struct Limits {
  std::uint64_t max_members = 4'000'000;             ///< members in one archive
  std::uint64_t max_member_bytes = 512ull << 20;     ///< bytes of one member (data or link target)
  std::uint64_t max_total_bytes = 64ull << 30;       ///< uncompressed bytes of the whole archive
  std::uint64_t max_ratio = 1000;                    ///< uncompressed / compressed (decompression bomb)
  std::uint64_t ratio_grace_bytes = 64ull << 20;     ///< the ratio is enforced once this much was decompressed
  std::uint64_t max_meta_bytes = 64ull << 20;        ///< header.json, manifest chunks and trailer.json
};

struct RawMember {
  std::string path;
  MemberClass cls = MemberClass::proc_system;
  bool is_symlink = false;
  std::vector<std::byte> bytes;  ///< regular: the data; symlink: the raw link target
  common::Digest sha256{};
};

enum class ReadStatus { member, end, refused, damaged };

class ArchiveReader {
 public:
  /// Opens `file` ("-" = standard input). Open failures surface as `refused` from the first next().
  ArchiveReader(std::string file, Limits limits);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  /// Reads the next member into `out` (its buffers are reused).
  [[nodiscard]] ReadStatus next(RawMember& out);
  /// Why the last next() returned refused/damaged.
  [[nodiscard]] const std::string& error() const { return error_; }
  /// Non-fatal libarchive warnings seen so far (e.g. charset conversions).
  [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }

  /// SHA-256 of every byte of the file; reads the rest of the file first. Valid once next() returned end/damaged.
  [[nodiscard]] std::string file_sha256();
  [[nodiscard]] std::uint64_t compressed_bytes() const { return raw_bytes_; }
  [[nodiscard]] std::uint64_t uncompressed_bytes() const;
  [[nodiscard]] std::uint64_t members_read() const { return members_; }
  /// "tar.zst", "tar.gz" or "tar" once the first header was read.
  [[nodiscard]] const std::string& container() const { return container_; }

  // libarchive client callbacks (public for the C trampolines only).
  long long read_block(const void** buf);

 private:
  ReadStatus fail(ReadStatus s, std::string msg);
  bool open();
  [[nodiscard]] bool over_ratio() const;
  /// The next entry's header: nullopt to read the entry, else what next() returns (end, refused, damaged).
  std::optional<ReadStatus> next_header(archive_entry*& e);
  /// The rules on an entry's name and kind (layout, cap on members, no hard links/devices/sparse/duplicates); fills
  /// out.path, out.cls and out.is_symlink. A refusal's reason, or nullopt.
  std::optional<std::string> check_entry(archive_entry* e, const char* name, RawMember& out);
  ReadStatus read_link_target(archive_entry* e, const char* name, std::uint64_t cap, RawMember& out);
  ReadStatus read_data(archive_entry* e, const char* name, std::uint64_t cap, RawMember& out);
  /// The archive-wide caps: `total_bytes` over --max-total-bytes, or the compression ratio over --max-ratio.
  [[nodiscard]] std::optional<std::string> over_limits(std::uint64_t total_bytes) const;
  /// Refuses the archive at member `members_` (its name cut to 300 bytes, or "(unnamed)").
  ReadStatus refuse_member(const char* name, std::string_view why);
  [[nodiscard]] std::string la_error() const;

  std::string file_;
  Limits limits_;
  struct ArchiveFree {
    void operator()(archive* a) const;
  };
  std::unique_ptr<archive, ArchiveFree> a_;
  int fd_ = -1;
  bool opened_ = false;
  bool finished_ = false;
  std::vector<char> block_;
  common::Sha256 file_hash_;
  std::uint64_t raw_bytes_ = 0;
  std::uint64_t members_ = 0;
  std::uint64_t member_bytes_total_ = 0;
  std::string error_;
  std::vector<std::string> warnings_;
  std::string container_;
  struct PathSet;
  std::unique_ptr<PathSet> seen_;
};

}  // namespace procsnap::importer
