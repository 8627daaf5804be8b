#include "common/malloc_settings.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace copra {

bool ApplyMallocSettings() {
#if defined(__GLIBC__)
  // 32 MiB is glibc's largest mmap threshold on 64-bit (larger values are
  // refused); blocks above it are rare and big enough to amortize a fault.
  constexpr int kMmapThreshold = 32 << 20;
  // Keep up to 512 MiB of free heap top instead of trimming after each query.
  constexpr int kTrimThreshold = 512 << 20;
  bool ok = mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1;
  ok = mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1 && ok;
  return ok;
#else
  return true;
#endif
}

}  // namespace copra
