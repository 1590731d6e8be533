#include "importer/archive_reader.hpp"

#include "importer/path_table.hpp"
#include "importer/string_arena.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

namespace procsnap::importer {

struct ArchiveReader::PathSet {
  StringArena arena;               ///< the paths' bytes (no allocation per member)
  PathTable<char> paths{1 << 16};  ///< ~100 members per process: few growths
};

void ArchiveReader::ArchiveFree::operator()(archive* a) const { archive_read_free(a); }

namespace {
// libarchive's messages for a stream that ends early ("Truncated tar archive", "Truncated input file",
// "Truncated zstd input", "Premature end of gzip compressed data"), as opposed to malformed content.
bool is_truncation(std::string_view msg) {
  std::string lower(msg);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("truncated") != std::string::npos || lower.find("premature end") != std::string::npos ||
         lower.find("unexpected end") != std::string::npos;
}

la_ssize_t read_cb(archive* /*a*/, void* client, const void** buf) {
  return static_cast<ArchiveReader*>(client)->read_block(buf);
}
}  // namespace

ArchiveReader::ArchiveReader(std::string file, Limits limits)
    : file_(std::move(file)), limits_(limits), block_(1 << 16), seen_(std::make_unique<PathSet>()) {}

ArchiveReader::~ArchiveReader() {
  a_.reset();
  if (fd_ > 0) {
    ::close(fd_);
  }
}

long long ArchiveReader::read_block(const void** buf) {
  for (;;) {
    const ssize_t n = ::read(fd_, block_.data(), block_.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      archive_set_error(a_.get(), errno, "read error: %s", std::strerror(errno));
      return -1;
    }
    file_hash_.update(std::string_view(block_.data(), static_cast<std::size_t>(n)));
    raw_bytes_ += static_cast<std::uint64_t>(n);
    *buf = block_.data();
    return n;
  }
}

ReadStatus ArchiveReader::fail(ReadStatus s, std::string msg) {
  error_ = std::move(msg);
  finished_ = true;
  return s;
}

bool ArchiveReader::open() {
  opened_ = true;
  if (file_ == "-") {
    fd_ = 0;
  } else {
    fd_ = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) {
      error_ = fmt::format("cannot open {}: {}", file_, std::strerror(errno));
      return false;
    }
  }
  a_.reset(archive_read_new());
  // Only what FORMAT.md allows: tar (pax/ustar) with zstd, gzip or no compression. Every other format and
  // filter is refused by libarchive itself ("Unrecognized archive format").
  archive_read_support_format_tar(a_.get());
  archive_read_support_filter_none(a_.get());
  archive_read_support_filter_gzip(a_.get());
  archive_read_support_filter_zstd(a_.get());
  if (archive_read_open2(a_.get(), this, nullptr, read_cb, nullptr, nullptr) != ARCHIVE_OK) {
    error_ = fmt::format("{}: not a procsnap archive (tar, tar.gz or tar.zst): {}", file_,
                         archive_error_string(a_.get()) ? archive_error_string(a_.get()) : "unknown error");
    return false;
  }
  return true;
}

std::uint64_t ArchiveReader::uncompressed_bytes() const {
  return a_ ? static_cast<std::uint64_t>(std::max<la_int64_t>(0, archive_filter_bytes(a_.get(), 0))) : 0;
}

bool ArchiveReader::over_ratio() const {
  const std::uint64_t out = uncompressed_bytes();
  return out > limits_.ratio_grace_bytes && raw_bytes_ > 0 && out / raw_bytes_ > limits_.max_ratio;
}

std::string ArchiveReader::la_error() const {
  const char* s = archive_error_string(a_.get());
  return std::string(s ? s : "unknown libarchive error");
}

ReadStatus ArchiveReader::refuse_member(const char* name, std::string_view why) {
  // The name as shown in messages; built only on failure (no allocation per member on the happy path).
  const std::string shown = name ? std::string(std::string_view(name).substr(0, 300)) : std::string("(unnamed)");
  return fail(ReadStatus::refused, fmt::format("member {} ('{}'): {}", members_, shown, why));
}

std::optional<std::string> ArchiveReader::over_limits(std::uint64_t total_bytes) const {
  if (total_bytes > limits_.max_total_bytes) {
    return fmt::format("archive larger than {} bytes uncompressed (--max-total-bytes)", limits_.max_total_bytes);
  }
  if (over_ratio()) {
    return fmt::format("compression ratio above {}:1 (decompression bomb?; --max-ratio)", limits_.max_ratio);
  }
  return std::nullopt;
}

std::optional<ReadStatus> ArchiveReader::next_header(archive_entry*& e) {
  archive* a = a_.get();
  const int rc = archive_read_next_header(a, &e);
  if (rc == ARCHIVE_EOF) {
    finished_ = true;
    if (members_ == 0) {
      return fail(ReadStatus::refused, fmt::format("{}: empty archive", file_));
    }
    return ReadStatus::end;
  }
  if (rc == ARCHIVE_WARN) {
    warnings_.push_back(la_error());
  } else if (rc != ARCHIVE_OK) {
    // FATAL or RETRY. A stream that simply stops (a capture killed mid-write, a partial copy) is `damaged`: what
    // was read stays valid and the snapshot is incomplete. Anything else (a header that overflows, a bad
    // checksum, a corrupt compressed stream) is a malformed archive and refused, as is any failure before the
    // first member.
    const std::string why = la_error();
    if (members_ > 0 && is_truncation(why)) {
      return fail(ReadStatus::damaged, fmt::format("archive truncated after {} members: {}", members_, why));
    }
    return fail(ReadStatus::refused, fmt::format("malformed archive after {} members: {}", members_, why));
  }
  if (members_ == 0) {
    const int fcode = archive_filter_code(a, 0);
    container_ = fcode == ARCHIVE_FILTER_ZSTD ? "tar.zst" : fcode == ARCHIVE_FILTER_GZIP ? "tar.gz" : "tar";
    if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) != ARCHIVE_FORMAT_TAR) {
      return fail(ReadStatus::refused, "not a tar archive");
    }
  }
  ++members_;
  return std::nullopt;
}

std::optional<std::string> ArchiveReader::check_entry(archive_entry* e, const char* name, RawMember& out) {
  if (name == nullptr) {
    return "member name cannot be decoded";
  }
  if (members_ > limits_.max_members) {
    return fmt::format("more than {} members (cap --max-members)", limits_.max_members);
  }
  out.path.assign(name);
  PathCheck pc = check_member_path(out.path);
  if (!pc.ok) {
    return std::move(pc.error);
  }
  out.cls = pc.cls;
  if (archive_entry_hardlink(e) != nullptr) {
    return "hard link member (only regular files and symlinks are allowed)";
  }
  const auto type = archive_entry_filetype(e);
  if (type != AE_IFREG && type != AE_IFLNK) {
    const char* what = type == AE_IFDIR    ? "directory"
                       : type == AE_IFCHR  ? "character device"
                       : type == AE_IFBLK  ? "block device"
                       : type == AE_IFIFO  ? "FIFO"
                       : type == AE_IFSOCK ? "socket"
                                           : "unknown type";
    return fmt::format("{} member (only regular files and symlinks are allowed)", what);
  }
  if (archive_entry_sparse_count(e) > 0) {
    return "sparse member (not allowed)";
  }
  if (!seen_->paths.find_or_insert(out.path, [this](std::string_view p) { return seen_->arena.store(p); }).second) {
    return "duplicate member";
  }
  out.is_symlink = type == AE_IFLNK;
  return std::nullopt;
}

ReadStatus ArchiveReader::read_link_target(archive_entry* e, const char* name, std::uint64_t cap, RawMember& out) {
  const char* target = archive_entry_symlink(e);
  if (target == nullptr) {
    target = archive_entry_symlink_utf8(e);
  }
  if (target == nullptr) {
    return refuse_member(name, "symlink member without a decodable target");
  }
  const std::size_t n = std::strlen(target);
  if (n > cap) {
    return refuse_member(name, "link target larger than the member cap");
  }
  const auto* p = reinterpret_cast<const std::byte*>(target);
  out.bytes.assign(p, p + n);
  return ReadStatus::member;
}

ReadStatus ArchiveReader::read_data(archive_entry* e, const char* name, std::uint64_t cap, RawMember& out) {
  archive* a = a_.get();
  if (archive_entry_size_is_set(e)) {
    const la_int64_t declared = archive_entry_size(e);
    if (declared < 0 || static_cast<std::uint64_t>(declared) > cap) {
      return refuse_member(
          name, fmt::format("declared size {} exceeds the member cap of {} bytes (--max-member-bytes)", declared, cap));
    }
    out.bytes.reserve(static_cast<std::size_t>(declared));
  }
  for (;;) {
    const void* buf = nullptr;
    size_t len = 0;
    la_int64_t off = 0;
    const int r = archive_read_data_block(a, &buf, &len, &off);
    if (r == ARCHIVE_EOF) {
      return ReadStatus::member;
    }
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      const std::string why = la_error();
      const std::string shown = std::string(std::string_view(name).substr(0, 300));
      if (is_truncation(why)) {
        return fail(ReadStatus::damaged, fmt::format("archive truncated in member {} ('{}'): {}", members_, shown, why));
      }
      return fail(ReadStatus::refused, fmt::format("malformed archive in member {} ('{}'): {}", members_, shown, why));
    }
    if (off < 0 || static_cast<std::uint64_t>(off) != out.bytes.size()) {
      return refuse_member(name, "member data with holes (sparse) is not allowed");
    }
    if (out.bytes.size() + len > cap) {
      return refuse_member(name, fmt::format("member larger than the cap of {} bytes (--max-member-bytes)", cap));
    }
    const auto* p = static_cast<const std::byte*>(buf);
    out.bytes.insert(out.bytes.end(), p, p + len);
    if (auto why = over_limits(uncompressed_bytes())) {
      return refuse_member(name, *why);
    }
  }
}

ReadStatus ArchiveReader::next(RawMember& out) {
  if (finished_) {
    return ReadStatus::end;
  }
  if (!opened_ && !open()) {
    finished_ = true;
    return ReadStatus::refused;
  }
  archive_entry* e = nullptr;
  if (const auto s = next_header(e)) {
    return *s;
  }
  // The name, exactly: libarchive gives the locale form, or the UTF-8 form when the locale cannot hold it.
  const char* name = archive_entry_pathname(e);
  if (name == nullptr) {
    name = archive_entry_pathname_utf8(e);
  }
  if (auto why = check_entry(e, name, out)) {
    return refuse_member(name, *why);
  }
  const bool meta = out.cls == MemberClass::header || out.cls == MemberClass::manifest_chunk ||
                    out.cls == MemberClass::trailer;
  const std::uint64_t cap = meta ? std::min(limits_.max_meta_bytes, limits_.max_member_bytes) : limits_.max_member_bytes;
  out.bytes.clear();
  const ReadStatus s = out.is_symlink ? read_link_target(e, name, cap, out) : read_data(e, name, cap, out);
  if (s != ReadStatus::member) {
    return s;
  }
  member_bytes_total_ += out.bytes.size();
  if (auto why = over_limits(member_bytes_total_)) {
    return refuse_member(name, *why);
  }
  out.sha256 = common::sha256(std::span<const std::byte>(out.bytes));
  return ReadStatus::member;
}

std::string ArchiveReader::file_sha256() {
  if (fd_ >= 0) {
    // libarchive stops at the end-of-archive blocks; the file hash covers every byte of the file.
    const void* buf = nullptr;
    while (read_block(&buf) > 0) {
    }
  }
  return common::to_hex(file_hash_.finish());
}

}  // namespace procsnap::importer
