#include "common/backend_registry.h"

namespace copra {

BackendRegistry& BackendRegistry::Global() {
  static BackendRegistry* registry = new BackendRegistry();
  return *registry;
}

void BackendRegistry::Add(int32_t pid, std::string user, std::function<void()> cancel) {
  std::lock_guard<std::mutex> lock(mutex_);
  backends_[pid] = Backend{std::move(user), std::move(cancel)};
}

void BackendRegistry::Remove(int32_t pid) {
  std::lock_guard<std::mutex> lock(mutex_);
  backends_.erase(pid);
}

BackendRegistry::CancelResult BackendRegistry::Cancel(int32_t pid, const std::string& user,
                                                      bool any_user) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = backends_.find(pid);
  if (it == backends_.end()) return CancelResult::kNotFound;
  if (!any_user && it->second.user != user) return CancelResult::kDenied;
  it->second.cancel();
  return CancelResult::kCanceled;
}

}  // namespace copra
