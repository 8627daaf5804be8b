// MapRows: the row-at-a-time shape of a kernel whose result is built with a
// ColumnBuilder (text formatting, PostgreSQL catalog helpers, arrays): for
// each output row whose arguments are all non-NULL, `fn(row, &builder)`
// appends exactly one value (or NULL); rows with a NULL argument are NULL.
// The result has kernel::OutputLength() rows and is a scalar Datum when all
// arguments are scalars. Stateless; as thread-safe as `fn`.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "function/kernel_util.h"
#include "vector/column_builder.h"

namespace copra::kernel {

template <typename Fn>
Result<Datum> MapRows(const KernelContext& ctx, const std::vector<Datum>& args, Fn fn) {
  int64_t n = OutputLength(ctx, args);
  ColumnBuilder out(ctx.function->return_type);
  for (int64_t i = 0; i < n; ++i) {
    bool any_null = false;
    for (const Datum& a : args) any_null = any_null || !a.IsValid(i);
    if (any_null) {
      out.AppendNull();
      continue;
    }
    COPRA_RETURN_NOT_OK(fn(i, &out));
  }
  return MakeResult(out.Finish(), args);
}

}  // namespace copra::kernel
