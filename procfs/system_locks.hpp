#pragma once
// /proc/locks (fs/locks.c lock_get_status): one line per file lock, a blocked waiter follows its blocker with
// "->":
//   "1: POSIX  ADVISORY  WRITE 7791 fe:00:10953297 10 109"
//   "2: -> FLOCK  ADVISORY  WRITE 7792 fe:00:10953281 0 EOF"
//   "3: OFDLCK ADVISORY  READ -1 fe:00:10953313 0 EOF"      (open file description lock: no owning pid, -1)
//   "4: LEASE  ACTIVE    READ 1234 08:01:42 0 EOF"          (leases: mode is ACTIVE/BREAKING/BREAKER)
// The device is "%02x:%02x" (hex major:minor), then the inode; "<none>:0" when the lock has no inode.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct FileLock {
  std::size_t line = 0;
  std::optional<std::int64_t> id;          ///< ordinal printed before ':' (a waiter repeats its blocker's)
  bool blocked = false;                    ///< "->": this request waits for the lock on the previous line
  std::optional<std::string> lock_class;   ///< POSIX, FLOCK, OFDLCK, LEASE, DELEG
  std::optional<std::string> mode;         ///< ADVISORY, MANDATORY; for leases ACTIVE, BREAKING, BREAKER
  std::optional<std::string> type;         ///< READ, WRITE, UNLCK
  std::optional<std::int64_t> pid;         ///< owning pid (collector's pid namespace); nullopt for -1 (OFD locks)
  std::optional<std::uint64_t> dev_major;  ///< device major (printed in hex)
  std::optional<std::uint64_t> dev_minor;  ///< device minor (printed in hex)
  std::optional<std::uint64_t> inode;      ///< inode of the locked file
  std::optional<std::uint64_t> start;      ///< first byte locked
  std::optional<std::uint64_t> end;        ///< last byte locked; nullopt when to_eof
  bool to_eof = false;                     ///< "EOF": the lock extends to the end of the file
};

struct Locks {
  std::vector<FileLock> locks;
};

[[nodiscard]] Parsed<Locks> parse_system_locks(std::string_view text);

}  // namespace procsnap::procfs
