#include "common/parallel_for.h"

#include <algorithm>

namespace copra {

ParallelFor::ParallelFor(int threads) {
  for (int i = 1; i < std::max(1, threads); ++i) helpers_.emplace_back([this] { HelperLoop(); });
}

ParallelFor::~ParallelFor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void ParallelFor::Run(int n, const std::function<void(int)>& task) {
  if (helpers_.empty() || n <= 1) {
    for (int i = 0; i < n; ++i) task(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    task_ = &task;
    next_ = 0;
    count_ = n;
    running_ = 0;
    ++round_;
  }
  wake_.notify_all();
  Drain();
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [this] { return next_ >= count_ && running_ == 0; });
  task_ = nullptr;  // late helpers find nothing to take
}

void RunTasks(ParallelFor* gang, int n, const std::function<void(int)>& task) {
  if (gang != nullptr) {
    gang->Run(n, task);
  } else {
    for (int i = 0; i < n; ++i) task(i);
  }
}

void ParallelFor::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  while (task_ != nullptr && next_ < count_) {
    const int i = next_++;
    ++running_;
    const std::function<void(int)>* task = task_;
    lock.unlock();
    (*task)(i);
    lock.lock();
    --running_;
  }
  if (running_ == 0) done_.notify_all();
}

void ParallelFor::HelperLoop() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stop_ || round_ != seen; });
      if (stop_) return;
      seen = round_;
    }
    Drain();
  }
}

}  // namespace copra
