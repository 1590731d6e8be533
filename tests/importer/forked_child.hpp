#pragma once
// A child process with known properties for the live tests (collector, mem, triage): fork(), the child runs
// `setup` (maps memory, writes markers, ...), sends the value it returns (addresses, an ok flag) to the parent
// through a pipe and then waits to be captured; the object kills (SIGKILL) and reaps it when it goes.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <type_traits>

namespace procsnap::testing {

template <class T>
class ForkedChild {
  static_assert(std::is_trivially_copyable_v<T>, "the value crosses a pipe as bytes");

 public:
  /// `setup` runs in the child only; a T{} reaches the parent when the child could not report.
  explicit ForkedChild(const std::function<T()>& setup) {
    int p[2];
    if (::pipe(p) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(p[0]);
      const T v = setup();
      (void)!::write(p[1], &v, sizeof v);
      ::close(p[1]);
      for (;;) ::pause();
    }
    ::close(p[1]);
    char buf[sizeof(T)];
    if (pid_ > 0 && ::read(p[0], buf, sizeof buf) == static_cast<ssize_t>(sizeof buf)) {
      std::memcpy(&value_, buf, sizeof buf);
    }
    ::close(p[0]);
  }
  ~ForkedChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ForkedChild(const ForkedChild&) = delete;
  ForkedChild& operator=(const ForkedChild&) = delete;

  /// The child's pid (-1 when fork failed).
  [[nodiscard]] pid_t pid() const { return pid_; }
  /// What `setup` returned in the child.
  [[nodiscard]] const T& value() const { return value_; }

 private:
  pid_t pid_ = -1;
  T value_{};
};

}  // namespace procsnap::testing
