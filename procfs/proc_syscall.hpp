#pragma once
// /proc/<pid>/syscall (CONFIG_HAVE_ARCH_TRACEHOOK, ptrace-read access): what the task is doing in the kernel:
//   "running"                           the task is on a CPU (no stable answer)
//   "-1 <sp> <pc>"                      blocked, but not in a system call
//   "<nr> <a1>..<a6> <sp> <pc>"         blocked in system call <nr> (decimal) with hex arguments
#include "procfs/parse_result.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::procfs {

struct ProcSyscall {
  std::optional<std::string> state;                   ///< "running", "blocked" (-1) or "syscall"
  std::optional<std::int64_t> number;                 ///< syscall number (-1 when blocked outside a syscall)
  std::array<std::optional<std::uint64_t>, 6> args;   ///< the six argument registers
  std::optional<std::uint64_t> sp;                    ///< user stack pointer
  std::optional<std::uint64_t> pc;                    ///< user program counter
};

[[nodiscard]] Parsed<ProcSyscall> parse_proc_syscall(std::string_view text);

}  // namespace procsnap::procfs
