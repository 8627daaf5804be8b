#include "sql/stack_guard.h"

#include <pthread.h>

#include <cstdint>

namespace copra {
namespace {

// Lowest usable stack address of this thread; 0 when unknown.
uintptr_t StackLow() {
  thread_local uintptr_t low = [] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return uintptr_t{0};
    void* addr = nullptr;
    size_t size = 0;
    int rc = pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    return rc == 0 ? reinterpret_cast<uintptr_t>(addr) : uintptr_t{0};
  }();
  return low;
}

}  // namespace

bool StackNearlyExhausted(size_t margin) {
  uintptr_t low = StackLow();
  if (low == 0) return false;
  // The frame address, not a local's: sanitizers may move locals to the heap.
  auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return here < low + margin;  // stacks grow down on every target we build for
}

}  // namespace copra
