// Comparison operators (= <> < <= > >=), IS [NOT] DISTINCT FROM and
// [NOT] LIKE / ILIKE. Results are BOOLEAN; the operators return NULL when
// either side is NULL, the DISTINCT forms never do.
// Orders are SqlOrder's (sql_order.h).
#include <cmath>
#include <string>

#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/like_matcher.h"
#include "function/sql_order.h"
#include "function/utf8.h"

namespace copra {
namespace {

using namespace kernel;  // NOLINT: kernel building blocks

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

template <CmpOp op, typename T>
bool Compare(T a, T b) {
  using O = SqlOrder<T>;
  if constexpr (op == CmpOp::kEq) return O::Eq(a, b);
  if constexpr (op == CmpOp::kNe) return !O::Eq(a, b);
  if constexpr (op == CmpOp::kLt) return O::Lt(a, b);
  if constexpr (op == CmpOp::kLe) return !O::Lt(b, a);
  if constexpr (op == CmpOp::kGt) return O::Lt(b, a);
  if constexpr (op == CmpOp::kGe) return !O::Lt(a, b);
}

template <typename T, CmpOp op>
Result<Datum> CompareKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<T, T, bool>(ctx, args, [](T a, T b) { return Compare<op>(a, b); });
}

// IS DISTINCT FROM: NULL equals NULL; never returns NULL.
template <typename T, bool kDistinct>
Result<Datum> DistinctKernel(const KernelContext& ctx, const std::vector<Datum>& in) {
  int64_t n = OutputLength(ctx, in);
  std::vector<Datum> args = {WithStorage(in[0], n), WithStorage(in[1], n)};
  const Datum& a = args[0];
  const Datum& b = args[1];
  BufferPtr values = AllocateFixed(bit_util::BytesForBits(n), 1);
  DispatchShapes<T, T>(a, b, [&](auto ga, auto gb) {
    PackBits(n, values->mutable_data(), [&](int64_t i) {
      bool va = a.IsValid(i);
      bool vb = b.IsValid(i);
      bool distinct = va != vb || (va && !SqlOrder<T>::Eq(ga(i), gb(i)));
      return distinct == kDistinct;
    });
  });
  return MakeResult(MakeColumn(OutputType(ctx), n, nullptr, std::move(values)), args);
}

template <typename T>
void RegisterComparisons(FunctionRegistry* r, const LogicalType& t) {
  const LogicalType b = LogicalType::Boolean();
  AddScalar(r, "=", {t, t}, b, CompareKernel<T, CmpOp::kEq>);
  AddScalar(r, "<>", {t, t}, b, CompareKernel<T, CmpOp::kNe>);
  AddScalar(r, "<", {t, t}, b, CompareKernel<T, CmpOp::kLt>);
  AddScalar(r, "<=", {t, t}, b, CompareKernel<T, CmpOp::kLe>);
  AddScalar(r, ">", {t, t}, b, CompareKernel<T, CmpOp::kGt>);
  AddScalar(r, ">=", {t, t}, b, CompareKernel<T, CmpOp::kGe>);
  AddScalar(r, "is_distinct_from", {t, t}, b, DistinctKernel<T, true>);
  AddScalar(r, "is_not_distinct_from", {t, t}, b, DistinctKernel<T, false>);
}

// ---------------------------------------------------------------------------
// LIKE / ILIKE

// ILIKE folds both sides to lower case (Unicode simple mapping) first.
std::string_view Fold(std::string_view s, std::string* scratch) {
  scratch->clear();
  utf8::AppendLower(s, scratch);
  return *scratch;
}

template <bool kNegate, bool kFold>
Result<Datum> LikeKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  int64_t n = OutputLength(ctx, args);
  BufferPtr validity = PropagateValidity(args, n);
  BufferPtr values = AllocateFixed(bit_util::BytesForBits(n), 1);
  uint8_t* bits = values->mutable_data();
  const Datum& str = args[0];
  const Datum& pat = args[1];
  Getter<std::string_view> gs(*str.column);
  Getter<std::string_view> gp(*pat.column);
  std::string scratch;
  if (pat.is_scalar) {
    std::string folded_pattern;
    std::string_view p = gp(0);
    if (kFold) p = Fold(p, &folded_pattern);
    COPRA_ASSIGN_OR_RETURN(LikeMatcher m, LikeMatcher::Compile(p));
    PackBits(n, bits, [&](int64_t i) {
      std::string_view s = gs(str.Index(i));
      if (kFold) s = Fold(s, &scratch);
      return m.Match(s) != kNegate;
    });
  } else {
    std::string pattern_scratch;
    for (int64_t i = 0; i < n; ++i) {
      if (!RowValid(validity, i)) continue;
      std::string_view p = gp(i);
      if (kFold) p = Fold(p, &pattern_scratch);
      COPRA_ASSIGN_OR_RETURN(LikeMatcher m, LikeMatcher::Compile(p));
      std::string_view s = gs(str.Index(i));
      if (kFold) s = Fold(s, &scratch);
      bit_util::SetBitTo(bits, i, m.Match(s) != kNegate);
    }
  }
  return MakeResult(MakeColumn(OutputType(ctx), n, std::move(validity), std::move(values)), args);
}

}  // namespace

void RegisterComparisonFunctions(FunctionRegistry* registry) {
  ForEachNumericType([registry]<typename T>(LogicalType t) { RegisterComparisons<T>(registry, t); });
  RegisterComparisons<bool>(registry, LogicalType::Boolean());
  RegisterComparisons<std::string_view>(registry, LogicalType::String());
  RegisterComparisons<std::string_view>(registry, LogicalType::Binary());
  for (TimeUnit u : kTimeUnits) RegisterComparisons<int64_t>(registry, LogicalType::Timestamp(u));
  RegisterComparisons<int32_t>(registry, LogicalType::Date());
  RegisterComparisons<Interval>(registry, LogicalType::Interval());

  const LogicalType s = LogicalType::String();
  const LogicalType b = LogicalType::Boolean();
  AddScalar(registry, "like", {s, s}, b, LikeKernel<false, false>);
  AddScalar(registry, "not_like", {s, s}, b, LikeKernel<true, false>);
  AddScalar(registry, "ilike", {s, s}, b, LikeKernel<false, true>);
  AddScalar(registry, "not_ilike", {s, s}, b, LikeKernel<true, true>);
}

}  // namespace copra
