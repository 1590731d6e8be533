#pragma once
// --max-read-rate: a bound on the bytes the collector reads per second, as a token bucket (the "virtual scheduling"
// form of the generic cell rate algorithm). Each read is counted after it returned (its size is known only then);
// the reader then sleeps until the bytes counted so far fit the bound:
//     counted(t) <= burst + rate * (t - start)        whenever charge() returns at time t.
// So a read never waits before it starts, one read may run ahead of the bound by its own size, and over any longer
// stretch the average is the rate. The bound is on bytes, not on time per file: a capture of small files and one of
// big ones are held to the same MB/s.
// Thread-safe: the walker's reader, the deadline worker and the memory reads share one bucket. The clock and the
// sleep are injectable so tests can check the bound in bytes without waiting.
#include <cstdint>
#include <functional>
#include <mutex>

namespace procsnap::collector {

class ReadRate {
 public:
  /// CLOCK_MONOTONIC-like nanoseconds.
  using Clock = std::function<std::uint64_t()>;
  /// Sleeps `ns` nanoseconds (the real one: nanosleep, restarted after a signal).
  using Sleep = std::function<void(std::uint64_t ns)>;

  /// Largest rate accepted (16 GiB/s): keeps the byte-to-nanosecond arithmetic in 64 bits.
  static constexpr std::uint64_t k_max_rate = 16ull << 30;

  /// `bytes_per_s` in 1..k_max_rate (clamped), `burst` bytes may be read ahead of the rate (at least 1).
  ReadRate(std::uint64_t bytes_per_s, std::uint64_t burst, Clock clock = {}, Sleep sleep = {});

  /// Counts `bytes` just read and sleeps until they fit the bound.
  void charge(std::uint64_t bytes);

  [[nodiscard]] std::uint64_t rate() const { return rate_; }
  [[nodiscard]] std::uint64_t burst() const { return burst_; }
  /// Bytes counted so far.
  [[nodiscard]] std::uint64_t counted() const;
  /// Nanoseconds slept so far (all threads together).
  [[nodiscard]] std::uint64_t slept_ns() const;

 private:
  /// Nanoseconds `bytes` take at the rate, rounded up (so the bound holds exactly).
  [[nodiscard]] std::uint64_t ns_for(std::uint64_t bytes) const;
  /// ns_for(bytes) needed no rounding.
  [[nodiscard]] bool ns_for_exact(std::uint64_t bytes) const;

  std::uint64_t rate_;
  std::uint64_t burst_;
  std::uint64_t tolerance_ns_;  ///< the time `burst_` takes at the rate, rounded down
  Clock clock_;
  Sleep sleep_;
  mutable std::mutex m_;
  bool started_ = false;  ///< guarded by m_
  std::uint64_t tat_ = 0;      ///< guarded by m_: when the bytes counted so far are "due" at the rate
  std::uint64_t counted_ = 0;  ///< guarded by m_
  std::uint64_t slept_ = 0;    ///< guarded by m_
};

/// The default --max-read-rate under --gentle, in bytes per second (see --help for what it costs in time).
inline constexpr std::uint64_t k_gentle_read_rate = 8ull << 20;
/// The bucket's burst for a rate: a quarter second's worth, at least 64 KiB (one typical /proc file read whole).
[[nodiscard]] std::uint64_t read_rate_burst(std::uint64_t bytes_per_s);

}  // namespace procsnap::collector
