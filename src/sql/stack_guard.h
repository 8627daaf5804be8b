// Stack-exhaustion check for recursive descent over untrusted input (the
// parser now; any recursive AST walker may use it too).
//
// The depth cap (kMaxParseDepth) bounds recursion, but how much stack a level
// takes depends on the build (sanitizers multiply frame sizes) and how much
// stack the calling thread has depends on who created it. This asks the OS
// for the current thread's stack bounds once per thread and compares them
// with the current frame. Thread-safe (per-thread cache).
#pragma once

#include <cstddef>

namespace copra {

// True when fewer than `margin` bytes of stack remain below the caller's
// frame. False when the bounds are unknown (then only depth caps protect).
bool StackNearlyExhausted(size_t margin = 128 * 1024);

}  // namespace copra
