// The cancel flag of the statement running on this thread, for code that is
// called deep inside execution without an ExecContext (Python UDF kernels
// and aggregates): PhysicalOperator::Open/Next install the statement's flag
// for their duration. Nests; restores the previous flag on exit.
//
// Thread-local; the flag itself is owned by the Session.
#pragma once

#include <atomic>

namespace copra {

class ScopedCancelFlag {
 public:
  explicit ScopedCancelFlag(const std::atomic<bool>* flag);
  ~ScopedCancelFlag();
  ScopedCancelFlag(const ScopedCancelFlag&) = delete;
  ScopedCancelFlag& operator=(const ScopedCancelFlag&) = delete;

  // The innermost flag installed on this thread, or nullptr.
  static const std::atomic<bool>* Current();

 private:
  const std::atomic<bool>* previous_;
};

}  // namespace copra
