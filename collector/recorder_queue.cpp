#include "recorder_queue.hpp"

#include "gentle.hpp"

namespace procsnap::collector {

RecorderQueue::RecorderQueue(std::function<bool()> output_dead, RecorderQueueLimits limits)
    : output_dead_(std::move(output_dead)), limits_(limits) {
  recorder_ = std::thread([this] {
    prefer_batch_scheduling();
    recorder_loop();
  });
}

RecorderQueue::~RecorderQueue() { close(); }

void RecorderQueue::push(std::size_t bytes, Task task) {
  if (closed_) {
    return;
  }
  batch_.emplace_back(bytes, std::move(task));
  batch_bytes_ += bytes;
  if (batch_.size() >= limits_.batch_items || batch_bytes_ >= limits_.batch_bytes) {
    hand_over();
  }
}

void RecorderQueue::flush() {
  if (!closed_) {
    hand_over();
  }
}

void RecorderQueue::hand_over() {
  if (batch_.empty()) {
    return;
  }
  std::unique_lock lk(m_);
  const auto has_room = [&] {
    return (queue_bytes_ < limits_.max_bytes && queue_.size() < limits_.max_items) || queue_.empty();
  };
  if (!has_room()) {
    ++full_waits_;
    cv_.wait(lk, has_room);
  }
  for (auto& t : batch_) {
    queue_bytes_ += t.first;
    queue_.push_back(std::move(t));
  }
  lk.unlock();
  cv_.notify_all();
  batch_.clear();
  batch_bytes_ = 0;
}

void RecorderQueue::recorder_loop() {
  std::unique_lock lk(m_);
  for (;;) {
    cv_.wait(lk, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) {
      return;
    }
    auto [bytes, task] = std::move(queue_.front());
    queue_.pop_front();
    lk.unlock();
    if (!failed_ && !output_dead_()) {
      task();
    }
    if (!failed_ && output_dead_()) {
      failed_ = true;
    }
    task = nullptr;  // what the task holds (a pool buffer, a copy of the bytes) is released before the room is
    lk.lock();
    queue_bytes_ -= bytes;
    cv_.notify_all();
  }
}

void RecorderQueue::close() {
  if (closed_) {
    return;
  }
  hand_over();
  closed_ = true;
  {
    const std::lock_guard lk(m_);
    closing_ = true;
  }
  cv_.notify_all();
  if (recorder_.joinable()) {
    recorder_.join();
  }
}

}  // namespace procsnap::collector
