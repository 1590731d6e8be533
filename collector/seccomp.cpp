#include "seccomp.hpp"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

namespace procsnap::collector {

namespace {

#if defined(__x86_64__)
constexpr std::uint32_t k_arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr std::uint32_t k_arch = AUDIT_ARCH_AARCH64;
#else
#error "seccomp filter: add this architecture's AUDIT_ARCH"
#endif

constexpr std::uint32_t k_deny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
constexpr std::uint32_t k_write_flags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;

sock_filter stmt(std::uint16_t code, std::uint32_t k) { return sock_filter{code, 0, 0, k}; }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
  return sock_filter{code, jt, jf, k};
}

// Syscalls the collector never needs and that could change the host (write, signal, mount, load, reboot, ...).
constexpr int k_denied[] = {
#ifdef SYS_creat
    SYS_creat,
#endif
    SYS_openat2,
    SYS_open_by_handle_at,
    SYS_ptrace,
    SYS_process_vm_writev,
    SYS_process_vm_readv,
    SYS_kill,
    SYS_tkill,
    SYS_tgkill,
    SYS_rt_sigqueueinfo,
    SYS_rt_tgsigqueueinfo,
    SYS_pidfd_send_signal,
    SYS_mount,
    SYS_umount2,
    SYS_pivot_root,
    SYS_fsopen,
    SYS_fsmount,
    SYS_fsconfig,
    SYS_move_mount,
    SYS_open_tree,
    SYS_mount_setattr,
#ifdef SYS_unlink
    SYS_unlink,
    SYS_rename,
    SYS_mkdir,
    SYS_rmdir,
    SYS_chmod,
    SYS_lchown,
    SYS_chown,
    SYS_link,
    SYS_symlink,
    SYS_mknod,
#endif
    SYS_unlinkat,
    SYS_renameat,
    SYS_renameat2,
    SYS_mkdirat,
    SYS_fchmod,
    SYS_fchmodat,
    SYS_fchown,
    SYS_fchownat,
    SYS_truncate,
    SYS_ftruncate,
    SYS_linkat,
    SYS_symlinkat,
    SYS_mknodat,
    SYS_setxattr,
    SYS_lsetxattr,
    SYS_fsetxattr,
    SYS_init_module,
    SYS_finit_module,
    SYS_delete_module,
    SYS_kexec_load,
    SYS_kexec_file_load,
    SYS_reboot,
    SYS_swapon,
    SYS_swapoff};

// The BPF program: foreign architectures, k_denied and writing opens return EPERM; everything else is allowed.
std::vector<sock_filter> build_filter() {
  std::vector<sock_filter> f;
  // Foreign-architecture entry points have other syscall numbers: refuse them all.
  f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, k_arch, 1, 0));
  f.push_back(stmt(BPF_RET | BPF_K, k_deny));
  f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
#if defined(__x86_64__)
  // x32 syscalls share AUDIT_ARCH_X86_64 but carry bit 30.
  f.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
  f.push_back(stmt(BPF_RET | BPF_K, k_deny));
#endif
  for (const int nr : k_denied) {
    f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 1));
    f.push_back(stmt(BPF_RET | BPF_K, k_deny));
  }
  // open(path, flags) and openat(dirfd, path, flags): deny any write/create/truncate/append flag. The low 32
  // bits of the flags argument hold every O_* flag (little-endian: the low word comes first).
  auto open_check = [&](int nr, int arg) {
    f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(nr), 0, 4));
    f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(offsetof(seccomp_data, args) + 8 * arg)));
    f.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, k_write_flags, 0, 1));
    f.push_back(stmt(BPF_RET | BPF_K, k_deny));
    f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  };
#ifdef SYS_open
  open_check(SYS_open, 1);
#endif
  open_check(SYS_openat, 2);
  f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  return f;
}

}  // namespace

bool install_seccomp(std::string& error) {
  std::vector<sock_filter> f = build_filter();
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    error = std::string("prctl(PR_SET_NO_NEW_PRIVS): ") + std::strerror(errno);
    return false;
  }
  const sock_fprog prog{static_cast<unsigned short>(f.size()), f.data()};
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0) {
    error = std::string("seccomp: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace procsnap::collector
