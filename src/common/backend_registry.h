// BackendRegistry: the PostgreSQL wire protocol's sessions ("backends") by
// process id, so that SQL can cancel another session's running statement:
// pg_cancel_backend(pid) (planner/bind_backend_function.cpp), with the pid
// from pg_backend_pid() or BackendKeyData. PgConnection adds itself once
// started and removes itself before it is destroyed.
//
// Process-wide and thread-safe. The cancel callbacks run under the
// registry's mutex, so a backend's callback never runs after Remove()
// returned; callbacks must not call back into the registry.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace copra {

class BackendRegistry {
 public:
  static BackendRegistry& Global();

  // `user` is the session's user; `cancel` cancels its running statement
  // (a no-op when none runs).
  void Add(int32_t pid, std::string user, std::function<void()> cancel);
  void Remove(int32_t pid);

  enum class CancelResult { kCanceled, kNotFound, kDenied };
  // Cancels the statement of backend `pid` on behalf of `user`, who may
  // cancel only its own sessions' statements unless `any_user`.
  CancelResult Cancel(int32_t pid, const std::string& user, bool any_user);

 private:
  struct Backend {
    std::string user;
    std::function<void()> cancel;
  };
  std::mutex mutex_;
  std::map<int32_t, Backend> backends_;  // guarded by mutex_
};

}  // namespace copra
