// StatementWatchdog: enforces statement timeouts for sessions run on
// threads that cannot watch the clock themselves (an HTTP worker thread is
// busy running the query). A session is watched while a Watch for it is
// alive; once its deadline passes, the watchdog cancels it (Session::Cancel,
// which makes the running statement fail with kQueryCanceled) and keeps
// canceling it every 50 ms until the Watch ends, so a request of several
// statements stops too (a session clears its cancel flag when a statement
// starts).
//
// Thread-safety: Watch() and the Watch's methods may be called from any
// thread. One thread of its own, started by the constructor and joined by the
// destructor. A Watch borrows its Session, which must outlive the Watch; the
// Watch must not outlive the watchdog.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "common/status.h"

namespace copra {

class Session;

class StatementWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // One watched run of a session; unwatches it when destroyed.
  class Watch {
   public:
    ~Watch();
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    // True once the deadline has passed and the session was canceled.
    bool timed_out() const { return timed_out_.load(); }
    // `status` unchanged, unless it is the cancellation this watch caused:
    // then kQueryCanceled "canceling statement due to statement timeout".
    Status Explain(const Status& status) const;

   private:
    friend class StatementWatchdog;
    Watch(StatementWatchdog* owner, uint64_t id) : owner_(owner), id_(id) {}
    StatementWatchdog* owner_;
    uint64_t id_;
    std::atomic<bool> timed_out_{false};
  };

  StatementWatchdog();
  ~StatementWatchdog();
  StatementWatchdog(const StatementWatchdog&) = delete;
  StatementWatchdog& operator=(const StatementWatchdog&) = delete;

  // Watches `session` from now on: it is canceled once `timeout_ms` have
  // passed. `timeout_ms` <= 0 means no limit (the Watch then never fires).
  std::unique_ptr<Watch> Start(Session* session, int64_t timeout_ms);

  // Sessions watched right now (for tests).
  int watched();

 private:
  struct Entry {
    Session* session;
    Clock::time_point deadline;
    Watch* watch;
  };
  void Run();
  void Stop(uint64_t id);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Entry> entries_;  // guarded by mutex_
  uint64_t next_id_ = 1;               // guarded by mutex_
  bool stopping_ = false;              // guarded by mutex_
  std::thread thread_;
};

}  // namespace copra
