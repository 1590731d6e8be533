#pragma once
// The read-only guarantee, enforced by the kernel: after start-up (output and proc root opened) the collector
// installs a seccomp filter on all its threads that makes these fail with EPERM:
//   - open/openat with any of O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND; creat; openat2 (its flags live in
//     memory a filter can't inspect); open_by_handle_at
//   - ptrace, process_vm_writev, process_vm_readv
//   - kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal
//   - mount, umount2, pivot_root, fsopen, fsmount, fsconfig, move_mount, open_tree, mount_setattr
//   - file-system changes: unlink(at), rename(at/2), mkdir(at), rmdir, (l/f)chmod(at), (l/f)chown(at),
//     truncate/ftruncate, link(at), symlink(at), mknod(at), (l/f)setxattr
//   - kernel changes: init_module, finit_module, delete_module, kexec_load, kexec_file_load, reboot, swapon,
//     swapoff
//   - any syscall of a foreign architecture (i386/x32 entry points)
// Writing to the already-open output fd stays possible; so does everything a read-only capture needs.
#include <string>

namespace procsnap::collector {

/// Sets no_new_privs and installs the filter on every thread (SECCOMP_FILTER_FLAG_TSYNC). False and `error`
/// when the kernel refuses (e.g. no seccomp support); the caller warns and goes on.
bool install_seccomp(std::string& error);

}  // namespace procsnap::collector
