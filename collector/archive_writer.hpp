#pragma once
// The archive writer: a pax tar streamed through an optional zstd/gzip filter to a file descriptor, hashing the
// compressed bytes exactly as they are written (the SHA-256 printed at the end).
//
// The tar bytes are libarchive's "pax restricted" format, byte for byte: an ordinary member's ustar header is
// written by tar_header.hpp (no allocation), a member that needs a pax extended header by libarchive's pax writer
// (pax_), and the whole stream goes through libarchive's zstd/gzip filter as one "raw" entry
// (tests/collector/archive_writer_test.cpp compares the result with libarchive's own pax writer, compressed and not).
//
// Member metadata is deterministic (schema/FORMAT.md "Container"): uid/gid 0, no user/group names, mode 0444
// (regular) or 0777 (symlink), mtime = the capture's start second. Names and link targets are raw bytes; one that
// is not UTF-8 gets a pax header with hdrcharset=BINARY (libarchive's rule), never a lossy conversion.
//
// The compressed bytes are hashed and written by an output thread fed through a bounded queue (1 MiB), so hashing
// and write(2) overlap with reading /proc instead of adding to it.
//
// An output failure (write error, ENOSPC, EPIPE, EFBIG) is sticky: every later call returns false and the caller
// stops the capture; the trailer is then never written, so the partial archive reads as incomplete.
#include <archive.h>
#include <archive_entry.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "procsnap/common/sha256.hpp"

namespace procsnap::collector {

enum class Compression { zstd, gzip, none };

[[nodiscard]] std::string_view to_string(Compression c);

class ArchiveWriter {
 public:
  /// Writes to `out_fd` (not owned); every member gets `mtime`.
  ArchiveWriter(int out_fd, std::int64_t mtime);
  ~ArchiveWriter();
  /// Sets up the format and filter and opens the stream. False (and `error`) when libarchive refuses.
  bool start(Compression compression, std::string& error);
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;

  /// Adds a regular member holding `data`. False once the output has failed. With `hash`, `data` is also fed to it,
  /// slice by slice just before each slice is handed to libarchive: one pass over the bytes (the slice is still in
  /// the cache when libarchive copies it) instead of a hash pass and a copy pass.
  bool add_file(std::string_view path, std::string_view data, common::Sha256* hash = nullptr);
  /// A regular member written in parts, for bytes that are never in memory at once (a copy read in pieces):
  /// begin_file() writes the header of a member of exactly `size` bytes, add_data() appends to it (as add_file
  /// does: hashed slice by slice into `hash` when given) and finish_file() completes it: with zeros up to `size` when
  /// less was added (a file that shrank or failed part way; tar needs the size in the header, so what is written
  /// can't be taken back), hashed into `hash` too, so the hash is of the member as stored; `zeros` gets their
  /// count. No other member may be added in between. Data beyond `size`, or a call out of turn, fails the archive
  /// (a caller bug: the stream could not be framed). False once the output has failed.
  bool begin_file(std::string_view path, std::uint64_t size);
  bool add_data(std::string_view data, common::Sha256* hash = nullptr);
  bool finish_file(common::Sha256* hash, std::uint64_t& zeros);
  /// Adds a symlink member whose target is the raw bytes `target`. False once the output has failed.
  bool add_symlink(std::string_view path, std::string_view target);
  /// Writes the end-of-archive blocks, flushes the compressor and fsyncs a regular output file.
  bool finish();

  [[nodiscard]] bool failed() const { return failed_ || out_failed_.load(); }
  /// Human-readable cause of the failure ("No space left on device", ...).
  [[nodiscard]] std::string error() const;
  [[nodiscard]] std::uint64_t members() const { return members_; }
  /// Bytes written to the output so far (after compression).
  [[nodiscard]] std::uint64_t bytes_out() const { return bytes_out_.load(); }
  /// SHA-256 of everything written to the output; call once, after finish().
  [[nodiscard]] std::string sha256_hex();

 private:
  static la_ssize_t write_cb(struct archive* a, void* self, const void* buf, size_t n);
  /// pax_'s output: kept in pax_bytes_ unless pax_discard_.
  static la_ssize_t pax_cb(struct archive* a, void* self, const void* buf, size_t n);
  /// Hands tar bytes to the filter (a_'s raw entry). False (the archive failed) when libarchive refuses.
  bool emit(std::string_view bytes);
  /// The header block(s) of a member: tar_header's ustar block, or pax_'s extended header + ustar block.
  bool write_header(std::string_view path, bool symlink, std::string_view target, std::uint64_t size);
  /// The zeros after `size` bytes of data, up to the next 512-byte block.
  bool write_padding(std::uint64_t size);
  /// Completes the open member: zeros up to its declared size (hashed into `hash` when given, counted in `zeros`),
  /// then its padding. The member is closed after it.
  bool complete_member(common::Sha256* hash, std::uint64_t& zeros);
  /// Writeback thread (regular output files): starts the writeback of what the output thread wrote, every
  /// k_writeback_bytes, until stop_output().
  void writeback_loop();
  bool fail_from_archive();
  /// entry_, cleared and set up as a member at `path`: `type` (AE_IFREG, AE_IFLNK), `perm`, owned by root, the run's
  /// mtime, `size` bytes.
  struct archive_entry* new_entry(std::string_view path, unsigned type, int perm, std::uint64_t size);
  /// Hands `data` to libarchive in slices, each hashed into `hash` (when given) just before.
  bool write_slices(std::string_view data, common::Sha256* hash);
  /// Fails the archive with `why` (a framing error of the caller's, not of the output).
  bool fail_with(std::string why);
  /// False once the output has failed (setting the cause from libarchive or the output thread when not yet set).
  bool output_alive();
  /// A new member may be written: the output is alive and no member is open (begin_file without finish_file: then
  /// the archive fails, its stream could not be framed).
  bool may_start_member();
  void output_loop();
  void stop_output();

  /// Moves pending_ to the output queue and wakes the output thread.
  void hand_off();

  // 1 MiB in flight in blocks of 256 KiB: every block is touched once (page faults, ~12 us each in the VM we
  // measure on) and then reused; 4 MiB in 1 MiB blocks cost ~960 more faults per capture (1,300 of a 200-process
  // capture's 3,200) for no gain: the recorder queue upstream already absorbs a slow output for a while.
  static constexpr std::size_t k_queue_bytes = 1024 * 1024;
  static constexpr std::uint64_t k_writeback_bytes = 1024 * 1024;
  static constexpr std::size_t k_hand_off_bytes = 256 * 1024;
  /// A block's capacity: handed off at k_hand_off_bytes or more, after one record of at most 10 KiB.
  static constexpr std::size_t k_block_capacity = k_hand_off_bytes + 10240;

  struct ArchiveFree {
    void operator()(struct archive* a) const { archive_write_free(a); }
  };
  struct EntryFree {
    void operator()(struct archive_entry* e) const { archive_entry_free(e); }
  };

  int fd_;
  std::int64_t mtime_;
  std::unique_ptr<struct archive, ArchiveFree> a_;  ///< raw format + filter: the output stream
  std::string pax_bytes_;                           ///< pax_'s headers for the current member
  bool pax_discard_ = true;                         ///< pax_cb drops what pax_ writes (its data padding)
  /// pax-restricted writer for the headers ustar can't hold (created on first use; after pax_bytes_, which its
  /// callback uses, so that it is destroyed first).
  std::unique_ptr<struct archive, ArchiveFree> pax_;
  std::unique_ptr<struct archive_entry, EntryFree> entry_;
  common::Sha256 sha_;
  std::string scratch_;  ///< NUL-terminated copies of names/targets for libarchive's C API
  std::string error_;
  std::uint64_t members_ = 0;
  std::atomic<std::uint64_t> bytes_out_{0};
  std::atomic<int> write_errno_{0};
  std::atomic<bool> out_failed_{false};  ///< set by the output thread
  bool failed_ = false;
  bool finished_ = false;
  bool in_file_ = false;         ///< between begin_file() and finish_file()
  std::uint64_t file_left_ = 0;  ///< bytes the open member still declares
  std::uint64_t file_size_ = 0;  ///< size the open member's header declares
  bool regular_out_ = false;        ///< the output is a regular file (writeback and fsync apply)
  std::uint64_t out_base_ = 0;      ///< file offset of the stream's first byte
  std::uint64_t wb_signalled_ = 0;  ///< bytes_out_ when the writeback thread was last woken (output thread only)

  // Output thread state, guarded by out_m_.
  std::mutex out_m_;
  std::condition_variable out_cv_;
  std::deque<std::string> out_q_;
  std::vector<std::string> out_free_;  ///< written blocks kept for reuse (capacity only)
  std::size_t out_queued_ = 0;
  bool out_closing_ = false;
  std::string pending_;  ///< records not yet handed to the output thread (libarchive's calling thread only)
  std::thread out_thread_;
  // Writeback thread state.
  std::mutex wb_m_;
  std::condition_variable wb_cv_;
  bool wb_closing_ = false;  ///< guarded by wb_m_
  std::thread wb_thread_;
};

}  // namespace procsnap::collector
