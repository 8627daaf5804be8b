#include "common/cancel_flag.h"

namespace copra {

namespace {
thread_local const std::atomic<bool>* t_flag = nullptr;
}  // namespace

ScopedCancelFlag::ScopedCancelFlag(const std::atomic<bool>* flag) : previous_(t_flag) {
  if (flag != nullptr) t_flag = flag;
}

ScopedCancelFlag::~ScopedCancelFlag() { t_flag = previous_; }

const std::atomic<bool>* ScopedCancelFlag::Current() { return t_flag; }

}  // namespace copra
