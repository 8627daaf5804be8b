// ParallelFor: a small gang of helper threads that, together with the
// calling thread, runs the tasks 0..n-1 of one Run() call and returns when
// all of them are done. Tasks are taken in index order by whichever thread
// is free, so uneven tasks balance themselves.
//
// Made for short, CPU-bound fan-outs repeated many times (the Parquet
// writer encodes the column chunks of each row group with it): the helpers
// are started once, in the constructor, and sleep between Run() calls.
//
// Thread safety: Run() is called by one thread at a time (the owner); the
// task function must be safe to call concurrently for different indexes.
// A gang of 1 thread starts no helper and runs every task on the caller.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace copra {

class ParallelFor {
 public:
  // threads: how many threads run tasks, the caller included (at least 1).
  explicit ParallelFor(int threads);
  ~ParallelFor();
  ParallelFor(const ParallelFor&) = delete;
  ParallelFor& operator=(const ParallelFor&) = delete;

  int threads() const { return static_cast<int>(helpers_.size()) + 1; }

  // Runs task(0) .. task(n - 1) and returns when all have returned. The
  // tasks must not throw.
  void Run(int n, const std::function<void(int)>& task);

 private:
  void HelperLoop();
  // Takes and runs tasks of the current round until none are left.
  void Drain();

  std::vector<std::thread> helpers_;
  std::mutex mu_;
  std::condition_variable wake_;                    // helpers: a new round, or stop
  std::condition_variable done_;                    // caller: the round's last task ended
  uint64_t round_ = 0;                              // guarded by mu_
  bool stop_ = false;                               // guarded by mu_
  const std::function<void(int)>* task_ = nullptr;  // guarded by mu_
  int next_ = 0;                                    // next task index; guarded by mu_
  int count_ = 0;                                   // tasks of the round; guarded by mu_
  int running_ = 0;                                 // tasks taken, not ended; guarded by mu_
};

// Runs task(0) .. task(n - 1): on `gang` when there is one, else in order on
// the caller.
void RunTasks(ParallelFor* gang, int n, const std::function<void(int)>& task);

}  // namespace copra
