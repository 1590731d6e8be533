#include "archive_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "gentle.hpp"
#include "tar_header.hpp"

namespace procsnap::collector {

namespace {
/// Zeros for padding, completing a short member and the end-of-archive marker.
constexpr char k_zeros[64 * 1024] = {};
}  // namespace

std::string_view to_string(Compression c) {
  switch (c) {
    case Compression::zstd:
      return "zstd";
    case Compression::gzip:
      return "gzip";
    case Compression::none:
      return "none";
  }
  return "none";
}

ArchiveWriter::ArchiveWriter(int out_fd, std::int64_t mtime)
    : fd_(out_fd), mtime_(mtime), a_(archive_write_new()), entry_(archive_entry_new()) {}

ArchiveWriter::~ArchiveWriter() {
  // pax_ (if any) closes as it is freed: its end-of-archive zeros go to pax_cb, which discards them (every member
  // it framed was finished at once). A failed-state free would skip the close and leak its output buffers.
  pax_discard_ = true;
  stop_output();
}

void ArchiveWriter::hand_off() {
  if (pending_.empty()) {
    return;
  }
  std::string block;
  block.swap(pending_);
  {
    const std::lock_guard lk(out_m_);
    if (!out_free_.empty()) {
      pending_.swap(out_free_.back());  // an empty block with capacity, written out earlier
      out_free_.pop_back();
    }
    out_queued_ += block.size();
    out_q_.push_back(std::move(block));
  }
  out_cv_.notify_all();
}

void ArchiveWriter::stop_output() {
  if (!out_thread_.joinable()) {
    return;
  }
  hand_off();  // the records gathered since the last block
  {
    const std::lock_guard lk(out_m_);
    out_closing_ = true;
  }
  out_cv_.notify_all();
  out_thread_.join();
  if (wb_thread_.joinable()) {
    {
      const std::lock_guard lk(wb_m_);
      wb_closing_ = true;
    }
    wb_cv_.notify_all();
    wb_thread_.join();
  }
}

void ArchiveWriter::output_loop() {
  std::unique_lock lk(out_m_);
  for (;;) {
    out_cv_.wait(lk, [&] { return !out_q_.empty() || out_closing_; });
    if (out_q_.empty()) {
      return;  // closing and drained
    }
    std::string block = std::move(out_q_.front());
    out_q_.pop_front();
    lk.unlock();
    if (!out_failed_.load()) {
      const char* p = block.data();
      std::size_t left = block.size();
      while (left > 0) {
        const ssize_t k = ::write(fd_, p, left);
        if (k < 0) {
          if (errno == EINTR) {
            continue;
          }
          write_errno_ = errno;
          out_failed_ = true;
          break;
        }
        sha_.update(std::string_view(p, static_cast<size_t>(k)));
        bytes_out_ += static_cast<std::uint64_t>(k);
        p += k;
        left -= static_cast<size_t>(k);
      }
      if (regular_out_ && bytes_out_.load() - wb_signalled_ >= k_writeback_bytes) {
        wb_signalled_ = bytes_out_.load();
        {
          const std::lock_guard wl(wb_m_);  // so that the writeback thread can't miss the wake-up
        }
        wb_cv_.notify_one();
      }
    }
    lk.lock();
    out_queued_ -= block.size();
    // Every block in flight can be reused: at most k_queue_bytes / k_hand_off_bytes of them (plus the one being
    // filled), so steady streaming allocates (and page-faults) no new block.
    if (out_free_.size() < k_queue_bytes / k_hand_off_bytes + 1) {
      block.clear();  // keeps its capacity: reused by hand_off, so blocks are not reallocated per hand-off
      out_free_.push_back(std::move(block));
    }
    out_cv_.notify_all();
  }
}

void ArchiveWriter::writeback_loop() {
  // A regular output file's pages go to disk while the capture goes on, k_writeback_bytes at a time, so that
  // finish()'s fsync waits for the tail only (the fsync of a 40 MB archive took 24-34 ms at the end, with nothing
  // left to overlap it; 11-23 ms with this). SYNC_FILE_RANGE_WRITE only starts the writeback of the collector's own
  // output file; the guarantee is still finish()'s fsync, which also reports any error. It runs on a thread of its
  // own because it blocks while the device's request queue is full: on a slow USB stick the output thread, and
  // through the queues the reads of /proc, would otherwise be held to the device's speed, where the page cache
  // lets the capture finish at /proc's speed (a short capture window) and the final fsync wait for the device.
  std::uint64_t written_back = 0;
  std::unique_lock lk(wb_m_);
  for (;;) {
    wb_cv_.wait(lk, [&] { return wb_closing_ || bytes_out_.load() - written_back >= k_writeback_bytes; });
    if (wb_closing_) {
      return;  // finish() fsyncs the rest
    }
    const std::uint64_t end = bytes_out_.load();
    lk.unlock();
    (void)::sync_file_range(fd_, static_cast<off_t>(out_base_ + written_back), static_cast<off_t>(end - written_back),
                            SYNC_FILE_RANGE_WRITE);
    written_back = end;
    lk.lock();
  }
}

bool ArchiveWriter::start(Compression compression, std::string& error) {
  struct archive* a = a_.get();
  if (a == nullptr || !entry_) {
    error = "out of memory";
    return false;
  }
  struct stat st {};
  regular_out_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  if (regular_out_) {
    const off_t at = ::lseek(fd_, 0, SEEK_CUR);  // the stream may start past offset 0 (`-o -` appending to a file)
    out_base_ = at > 0 ? static_cast<std::uint64_t>(at) : 0;
  }
  auto check = [&](int rc, const char* what) {
    if (rc != ARCHIVE_OK) {
      const char* msg = archive_error_string(a);
      error = std::string(what) + ": " + (msg != nullptr ? msg : "libarchive error");
      return false;
    }
    return true;
  };
  // The tar stream is framed here (tar_header.hpp, and pax_ for the members that need a pax header) and handed to
  // libarchive as the data of one "raw" entry: libarchive adds only the compression filter and the blocking.
  if (!check(archive_write_set_format_raw(a), "raw format")) {
    return false;
  }
  switch (compression) {
    case Compression::zstd:
      // Level 1, not libarchive's default 3: compression runs on the recorder thread, which shares two cores with
      // the reads, and /proc text compresses nearly as well at half the CPU. Measured on a 1000-process capture
      // (164 MB of tar): 6.21 MB instead of 5.63 MB, 0.12 s less CPU, 6% less wall time (median of 7).
      if (!check(archive_write_add_filter_zstd(a), "zstd filter") ||
          !check(archive_write_set_filter_option(a, "zstd", "compression-level", "1"), "zstd level")) {
        return false;
      }
      break;
    case Compression::gzip:
      // No timestamp in the gzip header: the same capture bytes give the same archive bytes.
      if (!check(archive_write_add_filter_gzip(a), "gzip filter") ||
          !check(archive_write_set_filter_option(a, "gzip", "timestamp", nullptr), "gzip timestamp")) {
        return false;
      }
      break;
    case Compression::none:
      break;
  }
  // 10240-byte records, but no zero padding after the last one: padding would sit after the end of a zstd/gzip
  // stream and make `zstd -d` / GNU tar complain. The tar end-of-archive blocks are still written.
  archive_write_set_bytes_per_block(a, 10240);
  archive_write_set_bytes_in_last_block(a, 1);
  out_thread_ = std::thread([this] {
    prefer_batch_scheduling();
    output_loop();
  });
  if (regular_out_) {
    wb_thread_ = std::thread([this] {
      prefer_batch_scheduling();
      writeback_loop();
    });
  }
  if (!check(archive_write_open(a, this, nullptr, &ArchiveWriter::write_cb, nullptr), "open output")) {
    return false;
  }
  archive_entry_clear(entry_.get());
  archive_entry_set_filetype(entry_.get(), AE_IFREG);
  if (!check(archive_write_header(a, entry_.get()), "open stream")) {
    return false;
  }
  return true;
}

la_ssize_t ArchiveWriter::pax_cb(struct archive* /*a*/, void* self, const void* buf, size_t n) {
  auto* w = static_cast<ArchiveWriter*>(self);
  if (!w->pax_discard_) {
    w->pax_bytes_.append(static_cast<const char*>(buf), n);
  }
  return static_cast<la_ssize_t>(n);
}

bool ArchiveWriter::emit(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const la_ssize_t k = archive_write_data(a_.get(), bytes.data() + done, bytes.size() - done);
    if (k <= 0) {
      return fail_from_archive();
    }
    done += static_cast<std::size_t>(k);
  }
  return true;
}

bool ArchiveWriter::write_header(std::string_view path, bool symlink, std::string_view target, std::uint64_t size) {
  TarBlock block;
  if (ustar_header(path, symlink ? TarType::symlink : TarType::file, target, size, mtime_, block)) {
    return emit(std::string_view(block.data(), block.size()));
  }
  // A member ustar alone can't describe (a long or non-ASCII name or target, 8 GiB, 2038): libarchive's
  // pax-restricted writer writes its headers (pax extended header + ustar header) into pax_bytes_, which go into
  // the stream as they are; the data and padding it would then expect are written by this class instead, and what
  // pax_ writes for them (zeros, at finish_entry) is discarded.
  if (!pax_) {
    pax_.reset(archive_write_new());
    if (!pax_ || archive_write_set_format_pax_restricted(pax_.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(pax_.get(), 0) != ARCHIVE_OK ||
        archive_write_open(pax_.get(), this, nullptr, &ArchiveWriter::pax_cb, nullptr) != ARCHIVE_OK) {
      return fail_with(std::string("pax header writer: ") +
                       (pax_ && archive_error_string(pax_.get()) ? archive_error_string(pax_.get()) : "out of memory"));
    }
  }
  struct archive_entry* e = new_entry(path, symlink ? AE_IFLNK : AE_IFREG, symlink ? 0777 : 0444, size);
  if (symlink) {
    scratch_.assign(target);
    archive_entry_copy_symlink(e, scratch_.c_str());
  }
  pax_bytes_.clear();
  pax_discard_ = false;
  const int rc = archive_write_header(pax_.get(), e);
  pax_discard_ = true;
  if (rc < ARCHIVE_WARN || archive_write_finish_entry(pax_.get()) < ARCHIVE_WARN) {
    const char* msg = archive_error_string(pax_.get());
    return fail_with(std::string("pax header: ") + (msg != nullptr ? msg : "libarchive error"));
  }
  return emit(pax_bytes_);
}

bool ArchiveWriter::write_padding(std::uint64_t size) {
  return emit(std::string_view(k_zeros, tar_padding(size)));
}

la_ssize_t ArchiveWriter::write_cb(struct archive* a, void* self, const void* buf, size_t n) {
  auto* w = static_cast<ArchiveWriter*>(self);
  std::unique_lock lk(w->out_m_);
  // Back-pressure: at most k_queue_bytes in flight, so memory stays bounded when the output is slow.
  w->out_cv_.wait(lk, [&] { return w->out_queued_ < k_queue_bytes || w->out_failed_.load(); });
  if (w->out_failed_.load()) {
    const int err = w->write_errno_.load();
    archive_set_error(a, err, "write to output: %s", std::strerror(err));
    return -1;
  }
  lk.unlock();
  // libarchive hands over one 10 KiB record at a time; records are gathered into k_hand_off_bytes blocks before the
  // output thread is woken, so the hand-off (a futex wake and a context switch) happens per block, not per record.
  if (w->pending_.capacity() < k_block_capacity) {
    // A block at its final size at once (not grown by doubling): a new block costs ~65 page faults and no copy,
    // where growing it touched twice that and copied half (each fault ~12 us in the VM we measure on).
    w->pending_.reserve(k_block_capacity);
  }
  w->pending_.append(static_cast<const char*>(buf), n);
  if (w->pending_.size() >= k_hand_off_bytes) {
    w->hand_off();
  }
  return static_cast<la_ssize_t>(n);
}

std::string ArchiveWriter::error() const {
  // The output thread may have failed before any libarchive call noticed: its errno is the cause.
  if (error_.empty() && write_errno_.load() != 0) {
    return std::strerror(write_errno_.load());
  }
  return error_;
}

bool ArchiveWriter::fail_from_archive() {
  if (!failed_) {
    failed_ = true;
    if (write_errno_.load() != 0) {
      error_ = std::strerror(write_errno_.load());
    } else {
      const char* msg = archive_error_string(a_.get());
      error_ = msg != nullptr ? msg : "libarchive error";
    }
  }
  return false;
}

struct archive_entry* ArchiveWriter::new_entry(std::string_view path, unsigned type, int perm, std::uint64_t size) {
  struct archive_entry* e = entry_.get();
  archive_entry_clear(e);
  scratch_.assign(path);
  archive_entry_copy_pathname(e, scratch_.c_str());
  archive_entry_set_filetype(e, type);
  archive_entry_set_perm(e, static_cast<mode_t>(perm));
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  archive_entry_set_mtime(e, mtime_, 0);
  archive_entry_set_size(e, static_cast<la_int64_t>(size));
  return e;
}

bool ArchiveWriter::fail_with(std::string why) {
  if (!failed_) {
    failed_ = true;
    error_ = std::move(why);
  }
  return false;
}

bool ArchiveWriter::write_slices(std::string_view data, common::Sha256* hash) {
  // Slices of 64 KiB: small enough to stay in L2 between the hash and libarchive's copy of them.
  constexpr std::size_t k_slice = 64 * 1024;
  std::size_t off = 0;
  while (off < data.size()) {
    const std::size_t n = std::min(k_slice, data.size() - off);
    if (hash != nullptr) {
      hash->update(data.substr(off, n));
    }
    if (!emit(data.substr(off, n))) {
      return false;
    }
    off += n;
  }
  return true;
}

bool ArchiveWriter::output_alive() {
  if (failed_ || out_failed_.load()) {
    return failed_ ? false : fail_from_archive();
  }
  return true;
}

bool ArchiveWriter::may_start_member() {
  if (!output_alive()) {
    return false;
  }
  if (in_file_) {
    return fail_with("archive writer: a member was added while another was being written");
  }
  return true;
}

bool ArchiveWriter::add_file(std::string_view path, std::string_view data, common::Sha256* hash) {
  if (!may_start_member()) {
    return false;
  }
  if (!write_header(path, false, {}, data.size()) || !write_slices(data, hash) || !write_padding(data.size())) {
    return false;
  }
  ++members_;
  return true;
}

bool ArchiveWriter::begin_file(std::string_view path, std::uint64_t size) {
  if (!may_start_member()) {
    return false;
  }
  if (!write_header(path, false, {}, size)) {
    return false;
  }
  in_file_ = true;
  file_size_ = size;
  file_left_ = size;
  return true;
}

bool ArchiveWriter::add_data(std::string_view data, common::Sha256* hash) {
  if (!output_alive()) {
    return false;
  }
  if (!in_file_ || data.size() > file_left_) {
    return fail_with("archive writer: member data beyond the size its header declared");
  }
  file_left_ -= data.size();
  return write_slices(data, hash);
}

bool ArchiveWriter::finish_file(common::Sha256* hash, std::uint64_t& zeros) {
  zeros = 0;
  if (!output_alive()) {
    return false;
  }
  if (!in_file_) {
    return fail_with("archive writer: finish_file without begin_file");
  }
  if (!complete_member(hash, zeros)) {
    return false;
  }
  ++members_;
  return true;
}

bool ArchiveWriter::complete_member(common::Sha256* hash, std::uint64_t& zeros) {
  // The zeros up to the declared size are hashed too (when `hash` is given): the manifest's sha256 must be of the
  // member exactly as a reader gets it.
  while (file_left_ > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof k_zeros, file_left_));
    if (!write_slices(std::string_view(k_zeros, n), hash)) {
      return false;
    }
    file_left_ -= n;
    zeros += n;
  }
  in_file_ = false;
  return write_padding(file_size_);
}

bool ArchiveWriter::add_symlink(std::string_view path, std::string_view target) {
  if (!may_start_member()) {
    return false;
  }
  if (!write_header(path, true, target, 0)) {
    return false;
  }
  ++members_;
  return true;
}

bool ArchiveWriter::finish() {
  if (finished_) {
    return !failed_;
  }
  finished_ = true;
  // A member still open (the caller failed part way) is completed with zeros, then the end-of-archive marker (two
  // zero blocks) and the filter's end: what libarchive's tar writer did on close, so that what was written before
  // a failure stays readable. Nothing more is written once the output itself failed.
  bool ended = !out_failed_.load();
  if (ended && in_file_) {
    std::uint64_t zeros = 0;
    ended = complete_member(nullptr, zeros);
  }
  ended = ended && emit(std::string_view(k_zeros, 1024));
  const bool closed = ended && archive_write_finish_entry(a_.get()) >= ARCHIVE_WARN &&
                      archive_write_close(a_.get()) == ARCHIVE_OK;
  stop_output();  // drains the queue: every byte is written (or the failure is known) after this
  if (!closed || out_failed_.load()) {
    return fail_from_archive();
  }
  if (failed_) {
    return false;
  }
  // Delayed-allocation file systems report ENOSPC/EIO only at fsync: an archive we call complete must be on disk.
  if (regular_out_ && ::fsync(fd_) != 0) {
    failed_ = true;
    error_ = std::string("fsync: ") + std::strerror(errno);
    return false;
  }
  return true;
}

std::string ArchiveWriter::sha256_hex() {
  stop_output();
  return common::to_hex(sha_.finish());
}

}  // namespace procsnap::collector
