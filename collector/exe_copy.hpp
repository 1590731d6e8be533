#pragma once
// --copy-exe and --copy-fd: copies of files a process holds open, read through its magic links (schema/FORMAT.md
// "Memory regions and executable copies"):
// - bin/<pid>/exe: the executable, through /proc/<pid>/exe;
// - bin/<pid>/fd/<n>: the target of an open file descriptor that is a deleted regular file or a memfd, through
//   /proc/<pid>/fd/<n> (a log or payload unlinked while the process holds it open exists nowhere else).
// These magic links are the only ones the collector follows: the file may be unlinked (" (deleted)") or a memfd,
// so the copy through the link is the only way to keep it.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "mem_capture.hpp"
#include "reader.hpp"

namespace procsnap::collector {

/// A copy whose declared size (min(st_size, the cap in force)) is above this is read and archived in pieces of
/// this many bytes (the mem piece size: the pieces live in the same recycled pool buffers), so at most a few pieces
/// are in memory whatever the file's size; a smaller one is read whole into one buffer, as it always was.
inline constexpr std::size_t k_copy_piece_bytes = k_mem_piece_bytes;

/// Which processes get their executable copied as bin/<pid>/exe.
enum class CopyExe { deleted, all, none };
[[nodiscard]] std::string_view to_string(CopyExe c);

/// Why `exe_link` (the raw readlink target of <pid>/exe) is copied under `mode`: "memfd" for "/memfd:..." (a memfd
/// link always ends in " (deleted)" too), "deleted" for "... (deleted)", "all" for anything else under
/// CopyExe::all; nullopt when it is not copied.
[[nodiscard]] std::optional<std::string_view> exe_copy_why(std::string_view exe_link, CopyExe mode);

/// Which open files get copied as bin/<pid>/fd/<n>.
enum class CopyFd { deleted, none };
[[nodiscard]] std::string_view to_string(CopyFd c);

/// Why the fd link target `fd_link` (raw readlink of <pid>/fd/<n>) is copied under `mode`: "memfd" for "/memfd:...",
/// "deleted" for a path ending " (deleted)" (an unlinked file; its type is checked before anything is opened: only
/// regular files are read); nullopt otherwise (sockets, pipes, anon inodes, files that still have a name).
[[nodiscard]] std::optional<std::string_view> fd_copy_why(std::string_view fd_link, CopyFd mode);

/// One read of a file through a magic link (<pid>/exe, <pid>/fd/<n>).
struct ExeRead {
  int err = 0;                          ///< errno of the open/fstat/read that failed (0: none)
  bool regular = true;                  ///< fstat said S_ISREG (false: nothing read)
  bool truncated = false;               ///< `cap` bytes stored and more were available
  bool fuse = false;                    ///< the file is on a FUSE device of `fuse`: not opened (or not read)
  std::optional<std::uint64_t> size{};  ///< st_size (nullopt when fstat did not run)
  std::uint64_t dev = 0;                ///< st_dev and st_ino of the file, when `size` is set (same-file checks)
  std::uint64_t ino = 0;
  std::optional<std::string> same_as{};  ///< --copy-fd: the member that already holds this file (nothing read)
  std::string data;                     ///< bytes read (up to cap; possibly partial when err != 0)
  /// Set, and nothing read, when min(st_size, cap) is above ReadLinkOptions::whole_max: the opened file, for the
  /// caller to read in pieces (read_copy_piece) into a member of that many bytes.
  std::shared_ptr<Fd> open{};
  std::uint64_t t0 = 0;
  std::uint64_t t1 = 0;
};

class FuseDevs;

/// Files copied through fd links in this run: (st_dev, st_ino) -> the member that holds the copy. Shared with the
/// copy jobs (which run on the deadline worker), hence the lock.
class CopiedFiles {
 public:
  /// The member path that already holds (dev, ino); nullopt after recording `path` as the one that does.
  [[nodiscard]] std::optional<std::string> claim(std::uint64_t dev, std::uint64_t ino, const std::string& path);

 private:
  std::mutex m_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> paths_;
};

/// openat(dir_fd, name, O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY) of a magic link `name` relative to `dir_fd` ("exe",
/// "fd/3") — deliberately without O_NOFOLLOW — then fstat (regular files only) and read to EOF, at most `cap` bytes
/// (a file above one piece is left open: ExeRead::open). Never writes; may block on a stuck file system (callers run
/// it under a deadline).
/// With `fuse`, the file's device is looked up first with statx(AT_STATX_DONT_SYNC, empty mask), which answers
/// from the inode without a request to a FUSE server (unlike open, which sends FUSE_OPEN, and read): a file on one
/// of those devices is neither opened nor read (`fuse` set). fstat after the open checks again (the link can change
/// in between through prctl(PR_SET_MM_EXE_FILE)).
/// What --copy-fd adds when `seen` is given: the statx before the open always runs, and a file it says is not regular is never opened
/// (opening a FIFO, even O_NONBLOCK, is seen by its writer; a device node's open runs driver code); a file already
/// copied in this run (same st_dev/st_ino in `seen`) is not opened either (`same_as` names the member holding it;
/// `path` is recorded as this file's member otherwise).
/// The open asks for O_NOATIME first (granted to the file's owner and to CAP_FOWNER) so that the copy leaves the
/// file's access time alone where it can, and falls back to a plain open on EPERM.
/// A file whose min(st_size, cap) is at most `whole_max` is read to EOF at once, at most min(cap, whole_max) bytes
/// (`truncated` below `cap`: it grew past one piece after the fstat); a bigger one is opened and left to the caller
/// (ExeRead::open), which reads it in pieces.
struct ReadLinkOptions {
  std::uint64_t cap = 0;
  const FuseDevs* fuse = nullptr;
  std::shared_ptr<CopiedFiles> seen{};
  std::string path{};  ///< the member path this copy would be stored as (for `seen`)
  std::uint64_t whole_max = k_copy_piece_bytes;
};
[[nodiscard]] ExeRead read_linked_file(int dir_fd, const char* name, const ReadLinkOptions& o);

/// How one piece of a copy read (read_copy_piece).
struct PieceRead {
  std::size_t size = 0;  ///< bytes read into the buffer; fewer than asked: EOF, or `err`
  int err = 0;           ///< errno of the read that failed (0: none)
  bool more = false;     ///< with `probe` and every byte read: one more byte was there (the file is longer)
};

/// read(2) from `fd`'s offset into `buf` until `want` bytes, EOF or an error (EINTR retried). With `probe`, when all
/// `want` bytes came, one more byte is read to tell "the file ends here" from "it goes on" (`more`).
[[nodiscard]] PieceRead read_copy_piece(int fd, char* buf, std::size_t want, bool probe);

/// How a copy read in pieces ended (stream_copy_pieces).
struct StreamedCopy {
  std::uint64_t stored = 0;  ///< bytes of the file stored, from its start (pieces handed to `store`)
  std::uint64_t padded = 0;  ///< declared - stored when something was stored: the zeros completing the member
  bool shrank = false;       ///< EOF before the declared size
  bool longer = false;       ///< the file went on past the declared size
  int err = 0;               ///< a read failed (errno)
  BlockingRunner::Outcome outcome = BlockingRunner::Outcome::done;  ///< a piece's read timed out / was not run
  bool stopped = false;      ///< `stop` said so between two pieces
};

/// What stream_copy_pieces reads and stores through.
struct CopyPieceIo {
  /// Reads the piece of `want` bytes at offset `off` (the previous pieces were read before; `probe` on the last
  /// one, see read_copy_piece) into a buffer of at least `want` bytes that it returns in `buf`, with the result in
  /// `r` when the outcome is `done`. The collector runs it under the deadline, a new one per piece.
  std::function<BlockingRunner::Outcome(std::uint64_t off, std::size_t want, bool probe, std::shared_ptr<char>& buf,
                                        PieceRead& r)>
      read;
  /// Stores `len` bytes at the start of `buf` as the next part of the member; `first`: its first part.
  std::function<void(std::shared_ptr<char> buf, std::size_t len, bool first)> store;
  /// Asked between pieces: stop reading (the output failed, or the capture is being interrupted).
  std::function<bool()> stop;
};

/// Reads a file of `declared` bytes in pieces of `piece` bytes through `io`, handing each piece's bytes to
/// `io.store` as soon as it is read, until the declared size, EOF, an error, a deadline, or `io.stop()`. What was
/// stored is never taken back: the member is then completed with `padded` zeros by its writer.
[[nodiscard]] StreamedCopy stream_copy_pieces(std::uint64_t declared, std::size_t piece, const CopyPieceIo& io);

/// The manifest status and reason of a copy read in pieces (schema/FORMAT.md "Copies in pieces"). `cap_cut`: the
/// declared size is the cap in force, below st_size; `cap_reason` its reason (max-file-bytes, max-total).
struct CopyStatus {
  std::string status;
  std::string reason;  ///< empty: none
};
[[nodiscard]] CopyStatus streamed_copy_status(const StreamedCopy& s, bool cap_cut, std::string_view cap_reason);

}  // namespace procsnap::collector
