#include "server/statement_watchdog.h"

#include "engine/session.h"

namespace copra {

namespace {

// How often a session past its deadline is canceled again (its statements
// may still be starting: each clears the cancel flag).
constexpr std::chrono::milliseconds kRecancelInterval{50};

}  // namespace

StatementWatchdog::Watch::~Watch() { owner_->Stop(id_); }

Status StatementWatchdog::Watch::Explain(const Status& status) const {
  if (status.code() != ErrorCode::kQueryCanceled || !timed_out()) return status;
  return Status::Error(ErrorCode::kQueryCanceled, "canceling statement due to statement timeout");
}

StatementWatchdog::StatementWatchdog() : thread_([this] { Run(); }) {}

StatementWatchdog::~StatementWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::unique_ptr<StatementWatchdog::Watch> StatementWatchdog::Start(Session* session,
                                                                   int64_t timeout_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t id = next_id_++;
  std::unique_ptr<Watch> watch(new Watch(this, id));
  if (timeout_ms > 0) {
    entries_[id] =
        Entry{session, Clock::now() + std::chrono::milliseconds(timeout_ms), watch.get()};
    changed_.notify_all();
  }
  return watch;
}

int StatementWatchdog::watched() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(entries_.size());
}

void StatementWatchdog::Stop(uint64_t id) {
  // Under the mutex, so the watchdog never cancels a session being destroyed.
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(id);
}

void StatementWatchdog::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const Clock::time_point now = Clock::now();
    Clock::time_point wake = Clock::time_point::max();
    for (auto& [id, entry] : entries_) {
      if (now >= entry.deadline) {
        entry.watch->timed_out_.store(true);
        entry.session->Cancel();
        entry.deadline = now + kRecancelInterval;
      }
      wake = std::min(wake, entry.deadline);
    }
    if (wake == Clock::time_point::max()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, wake);
    }
  }
}

}  // namespace copra
