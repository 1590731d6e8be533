// RecorderQueue's contract: tasks run in push order on one other thread, at most max_items/max_bytes wait at once
// (the producer waits for room), close() runs everything queued, and after an output failure the rest is dropped.
#include "recorder_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace procsnap::collector {
namespace {

// A gate the recorder's first task waits at, so the test decides when the recorder may go on.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  bool entered = false;
  void wait() {
    std::unique_lock lk(m);
    entered = true;
    cv.notify_all();
    cv.wait(lk, [&] { return open; });
  }
  void wait_entered() {
    std::unique_lock lk(m);
    cv.wait(lk, [&] { return entered; });
  }
  void release() {
    {
      const std::lock_guard lk(m);
      open = true;
    }
    cv.notify_all();
  }
};

// Waits until a producer's hand-over found the queue full (it then waits for room until the recorder makes some).
void wait_for_back_pressure(const RecorderQueue& q) {
  while (q.full_waits() == 0) {
    std::this_thread::yield();
  }
}

TEST(RecorderQueue, RunsTasksInPushOrderOnAnotherThread) {
  std::vector<int> ran;  // written by the recorder only, read after close()
  std::thread::id recorder_thread;
  {
    RecorderQueue q([] { return false; }, RecorderQueueLimits{.max_bytes = 100, .max_items = 3, .batch_items = 2,
                                                              .batch_bytes = 50});
    for (int i = 0; i < 1000; ++i) {
      q.push(static_cast<std::size_t>(i % 7), [&ran, &recorder_thread, i] {
        ran.push_back(i);
        recorder_thread = std::this_thread::get_id();
      });
    }
    q.close();
    EXPECT_FALSE(q.failed());
  }
  ASSERT_EQ(ran.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(ran[static_cast<std::size_t>(i)], i);
  }
  EXPECT_NE(recorder_thread, std::this_thread::get_id());
}

// With the recorder held, the producer can hand over no more than max_items tasks: the next hand-over waits (counted
// in full_waits) until the recorder makes room, and nothing is lost or reordered meanwhile.
TEST(RecorderQueue, BoundedByItemsTheProducerWaits) {
  Gate gate;
  std::vector<int> ran;
  std::atomic<int> pushed{0};
  RecorderQueue q([] { return false; }, RecorderQueueLimits{.max_bytes = 1 << 20, .max_items = 4, .batch_items = 1,
                                                            .batch_bytes = 1 << 20});
  q.push(0, [&] { gate.wait(); ran.push_back(-1); });
  gate.wait_entered();  // the recorder holds the first task: nothing else leaves the queue
  std::thread producer([&] {
    for (int i = 0; i < 10; ++i) {
      q.push(1, [&ran, i] { ran.push_back(i); });
      ++pushed;
    }
    q.close();
  });
  wait_for_back_pressure(q);  // 4 hand-overs fill the queue; the 5th waits for room
  EXPECT_EQ(pushed.load(), 4);
  gate.release();
  producer.join();
  EXPECT_GE(q.full_waits(), 1u);
  ASSERT_EQ(ran.size(), 11u);
  EXPECT_EQ(ran[0], -1);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(ran[static_cast<std::size_t>(i) + 1], i);
  }
}

// Declared bytes bound the queue as well (the running task's count until it has run); a batch handed over to an
// empty queue is taken however large, so one oversized item never blocks for ever.
TEST(RecorderQueue, BoundedByBytesButAnOversizedItemPasses) {
  Gate gate;
  std::atomic<int> pushed{0};
  std::atomic<int> ran{0};
  RecorderQueue q([] { return false; }, RecorderQueueLimits{.max_bytes = 100, .max_items = 1000, .batch_items = 1,
                                                            .batch_bytes = 1 << 20});
  q.push(1000, [&] { gate.wait(); ++ran; });  // 10x max_bytes, into an empty queue: taken
  gate.wait_entered();
  std::thread producer([&] {
    for (int i = 0; i < 3; ++i) {
      q.push(1, [&] { ++ran; });  // the 1st finds nothing waiting: taken; the 2nd finds 1001 bytes: waits
      ++pushed;
    }
    q.close();
  });
  wait_for_back_pressure(q);
  EXPECT_EQ(pushed.load(), 1);
  gate.release();
  producer.join();
  EXPECT_EQ(pushed.load(), 3);
  EXPECT_EQ(ran.load(), 4);
}

// Once the output is dead, the task that saw it is the last to run; the rest are dropped and the queue still
// empties (close() returns).
TEST(RecorderQueue, DropsTasksAfterTheOutputDies) {
  std::atomic<bool> dead{false};
  std::vector<int> ran;
  RecorderQueue q([&] { return dead.load(); }, RecorderQueueLimits{.max_bytes = 100, .max_items = 2,
                                                                    .batch_items = 1, .batch_bytes = 100});
  for (int i = 0; i < 50; ++i) {
    q.push(10, [&ran, &dead, i] {
      ran.push_back(i);
      if (i == 3) {
        dead = true;  // this write failed
      }
    });
  }
  q.close();
  EXPECT_TRUE(q.failed());
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3}));
}

// close() waits for every queued task (including a pending, not yet handed over batch); later pushes are dropped.
TEST(RecorderQueue, CloseRunsEverythingQueuedThenDropsLaterPushes) {
  std::vector<std::string> ran;
  RecorderQueue q([] { return false; }, RecorderQueueLimits{.max_bytes = 1 << 20, .max_items = 1024,
                                                            .batch_items = 64, .batch_bytes = 1 << 20});
  q.push(1, [&] { ran.emplace_back("a"); });
  q.push(1, [&] { ran.emplace_back("b"); });  // both still in the producer's batch
  q.close();
  EXPECT_EQ(ran, (std::vector<std::string>{"a", "b"}));
  q.push(1, [&] { ran.emplace_back("late"); });
  q.flush();
  q.close();  // idempotent
  EXPECT_EQ(ran, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(q.failed());
}

}  // namespace
}  // namespace procsnap::collector
