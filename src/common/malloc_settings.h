// Process-wide malloc settings for a query engine's allocation pattern.
//
// Queries allocate and free column buffers of hundreds of KiB to tens of MiB
// in quick succession. glibc serves those from fresh mmap()s and gives them
// back on free, so every batch faults its pages in again (and the kernel
// zeroes them); likewise a heap top above M_TRIM_THRESHOLD is returned to
// the system after each query. ApplyMallocSettings() raises both thresholds
// so freed buffers are reused in-process. Call once at program start,
// before other threads exist (mallopt is not meant to race allocations).
#pragma once

namespace copra {

// Returns false if the C library refused a setting (not fatal: only speed).
bool ApplyMallocSettings();

}  // namespace copra
