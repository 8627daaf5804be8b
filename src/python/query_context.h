// ScopedQueryContext: which database copra.query().sql() runs in on this
// thread. Set for the duration of a coprocessor or UDF call; nests (a
// query run from Python may call Python again).
//
// Thread-local; not shared between threads.
#pragma once

#include "python/coprocessor.h"

namespace copra::python {

class ScopedQueryContext {
 public:
  explicit ScopedQueryContext(const CoprocessorContext* ctx);
  ~ScopedQueryContext();
  ScopedQueryContext(const ScopedQueryContext&) = delete;
  ScopedQueryContext& operator=(const ScopedQueryContext&) = delete;

  // The innermost context on this thread, or nullptr.
  static const CoprocessorContext* Current();

 private:
  const CoprocessorContext* previous_;
};

}  // namespace copra::python
