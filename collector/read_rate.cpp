#include "read_rate.hpp"

#include <time.h>

#include <algorithm>
#include <cerrno>

namespace procsnap::collector {

namespace {

std::uint64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

void sleep_ns(std::uint64_t ns) {
  timespec left{.tv_sec = static_cast<time_t>(ns / 1'000'000'000ull),
                .tv_nsec = static_cast<long>(ns % 1'000'000'000ull)};
  while (::nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}

}  // namespace

std::uint64_t read_rate_burst(std::uint64_t bytes_per_s) { return std::max<std::uint64_t>(bytes_per_s / 4, 64 * 1024); }

ReadRate::ReadRate(std::uint64_t bytes_per_s, std::uint64_t burst, Clock clock, Sleep sleep)
    : rate_(std::clamp<std::uint64_t>(bytes_per_s, 1, k_max_rate)),
      burst_(std::max<std::uint64_t>(burst, 1)),
      tolerance_ns_(0),
      clock_(clock ? std::move(clock) : Clock(monotonic_ns)),
      sleep_(sleep ? std::move(sleep) : Sleep(sleep_ns)) {
  // Rounded down (ns_for rounds up): a tolerance a fraction of a nanosecond too long would let a few bytes past
  // the burst.
  const std::uint64_t up = ns_for(burst_);
  tolerance_ns_ = ns_for_exact(burst_) ? up : up - 1;  // inexact: up >= 1
}

bool ReadRate::ns_for_exact(std::uint64_t bytes) const {
  return (bytes % rate_) * 1'000'000'000ull % rate_ == 0;
}

std::uint64_t ReadRate::ns_for(std::uint64_t bytes) const {
  // bytes * 1e9 / rate, rounded up, without overflowing: the remainder is < rate <= 2^34, times 1e9 < 2^64.
  constexpr std::uint64_t k_ns = 1'000'000'000ull;
  const std::uint64_t whole = bytes / rate_;
  const std::uint64_t rest = bytes % rate_;
  const std::uint64_t rest_ns = (rest * k_ns + rate_ - 1) / rate_;
  if (whole > (UINT64_MAX - rest_ns) / k_ns) {
    return UINT64_MAX;
  }
  return whole * k_ns + rest_ns;
}

void ReadRate::charge(std::uint64_t bytes) {
  std::uint64_t wait = 0;
  {
    const std::lock_guard lk(m_);
    const std::uint64_t now = clock_();
    if (!started_) {
      // The bound counts from the first read: tat_ starts at now.
      started_ = true;
      tat_ = now;
    }
    // tat_ >= start + counted/rate always (it only moves forward), so waiting until tat_ - tolerance gives
    // counted <= rate * (now - start) + burst.
    tat_ = std::max(tat_, now);
    const std::uint64_t step = ns_for(bytes);
    tat_ = step > UINT64_MAX - tat_ ? UINT64_MAX : tat_ + step;
    counted_ += bytes;
    if (tat_ > now + tolerance_ns_) {
      wait = tat_ - tolerance_ns_ - now;
      slept_ += wait;
    }
  }
  if (wait > 0) {
    sleep_(wait);
  }
}

std::uint64_t ReadRate::counted() const {
  const std::lock_guard lk(m_);
  return counted_;
}

std::uint64_t ReadRate::slept_ns() const {
  const std::lock_guard lk(m_);
  return slept_;
}

}  // namespace procsnap::collector
