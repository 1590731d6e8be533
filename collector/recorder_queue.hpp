#pragma once
// The hand-over from the walker thread (which only opens and reads /proc) to the recorder thread (which hashes each
// result and adds its tar member and manifest line): a bounded FIFO of tasks, run one at a time, in the order they
// were pushed, so the archive's member order is the walker's order whatever the two threads' speeds.
//
// Bounded: at most `max_bytes` (the sizes the producer declares: the bytes a task holds) or `max_items` tasks wait at
// once; a producer that finds the queue full waits for room (back-pressure: a slow output can't make the collector's
// memory grow with the host). An empty queue always takes a batch, however large, so one oversized item passes.
// Batched: pushes are gathered on the producer side and handed over `batch_items` / `batch_bytes` at a time, one lock
// and at most one wake-up per batch (a futex wake and a context switch per /proc file would cost more CPU than the
// read itself).
// Output failure: `output_dead` is asked on the recorder thread before and after each task; once it says true,
// failed() turns true and every later task is dropped unrun (it would write to a dead output), the queue still
// emptying so the producer never blocks for ever.
// One producer thread: push(), flush() and close() must be called from the same thread.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace procsnap::collector {

struct RecorderQueueLimits {
  std::size_t max_bytes = 8 * 1024 * 1024;  ///< declared bytes waiting (or running) on the recorder side
  std::size_t max_items = 1024;             ///< tasks waiting on the recorder side
  std::size_t batch_items = 256;            ///< a batch is handed over at this many tasks...
  std::size_t batch_bytes = 1024 * 1024;    ///< ...or this many declared bytes
};

class RecorderQueue {
 public:
  using Task = std::function<void()>;

  /// Starts the recorder thread. `output_dead` is called on that thread only.
  explicit RecorderQueue(std::function<bool()> output_dead, RecorderQueueLimits limits = {});
  /// close().
  ~RecorderQueue();
  RecorderQueue(const RecorderQueue&) = delete;
  RecorderQueue& operator=(const RecorderQueue&) = delete;

  /// Queues `task`, which holds `bytes` of data (counted against max_bytes until it has run). The batch is handed
  /// over when full, waiting for room. After close(), the task is dropped unrun.
  void push(std::size_t bytes, Task task);
  /// Hands the pending batch over now (waiting for room when the queue is full).
  void flush();
  /// Hands the pending batch over, waits until every queued task has run (or was dropped after an output failure)
  /// and stops the recorder thread. Idempotent.
  void close();

  /// The recorder saw the output die (output_dead() true): later tasks are dropped.
  [[nodiscard]] bool failed() const { return failed_.load(); }
  /// How many times a hand-over had to wait for room (back-pressure; for tests and diagnostics).
  [[nodiscard]] std::size_t full_waits() const { return full_waits_.load(); }

 private:
  void hand_over();
  void recorder_loop();

  std::function<bool()> output_dead_;
  RecorderQueueLimits limits_;
  std::vector<std::pair<std::size_t, Task>> batch_;  ///< producer thread only
  std::size_t batch_bytes_ = 0;                      ///< producer thread only
  bool closed_ = false;                              ///< producer thread only
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::pair<std::size_t, Task>> queue_;  ///< (bytes, task), guarded by m_
  std::size_t queue_bytes_ = 0;                     ///< guarded by m_: bytes of the waiting and the running task
  bool closing_ = false;                            ///< guarded by m_
  std::atomic<bool> failed_{false};
  std::atomic<std::size_t> full_waits_{0};
  std::thread recorder_;  ///< last member: started after everything it uses exists
};

}  // namespace procsnap::collector
