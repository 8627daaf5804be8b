#include "exec/in_list.h"

#include <string_view>
#include <unordered_set>
#include <vector>

#include "function/scalar_function.h"
#include "vector/bit_util.h"

namespace copra {

namespace {

constexpr size_t kLinearScanMax = 16;  // more constants: a hash set
constexpr uint32_t kFilterBits = 4096;

uint32_t FilterHash(std::string_view s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  const uint32_t last = n > 0 ? static_cast<uint8_t>(s[n - 1]) : 0;
  const uint32_t second = n > 1 ? static_cast<uint8_t>(s[n - 2]) : 0;
  return (n * 2654435761u ^ last * 97u ^ second * 40503u) % kFilterBits;
}

// Fills the result from `match(i)` for the non-NULL rows of `col`.
template <typename Match>
Datum BuildResult(const Column& col, int64_t n, Match match) {
  BufferPtr values = Buffer::Allocate(bit_util::BytesForBits(n));
  uint8_t* bits = values->mutable_data();
  BufferPtr validity;
  int64_t nulls = 0;
  if (col.HasNulls()) {
    validity = Buffer::Allocate(bit_util::BytesForBits(n));
    for (int64_t i = 0; i < n; ++i) {
      if (col.IsNull(i)) {
        ++nulls;
        continue;
      }
      bit_util::SetBit(validity->mutable_data(), i);
      if (match(i)) bit_util::SetBit(bits, i);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (match(i)) bit_util::SetBit(bits, i);
    }
  }
  if (nulls == 0) validity = nullptr;
  return Datum::Flat(
      std::make_shared<Column>(LogicalType::Boolean(), n, validity, values, nullptr, nulls));
}

Datum StringInList(const Column& col, int64_t n, const std::vector<const Value*>& constants) {
  std::vector<std::string_view> wanted;
  for (const Value* v : constants) wanted.push_back(v->GetString());
  if (wanted.size() > kLinearScanMax) {
    std::unordered_set<std::string_view> set(wanted.begin(), wanted.end());
    return BuildResult(col, n, [&](int64_t i) { return set.count(col.GetString(i)) > 0; });
  }
  // Most rows match none: a bitmap over (length, last two bytes) turns
  // them away before any byte comparison.
  std::vector<uint64_t> maybe(kFilterBits / 64, 0);
  for (std::string_view w : wanted) {
    const uint32_t h = FilterHash(w);
    maybe[h / 64] |= uint64_t{1} << (h % 64);
  }
  return BuildResult(col, n, [&](int64_t i) {
    const std::string_view s = col.GetString(i);
    const uint32_t h = FilterHash(s);
    if ((maybe[h / 64] >> (h % 64) & 1) == 0) return false;
    for (std::string_view w : wanted) {
      if (s.size() == w.size() && s == w) return true;
    }
    return false;
  });
}

Datum Int64InList(const Column& col, int64_t n, const std::vector<const Value*>& constants) {
  std::vector<int64_t> wanted;
  for (const Value* v : constants) wanted.push_back(v->GetInt64());
  const int64_t* data = col.data<int64_t>();
  if (wanted.size() > kLinearScanMax) {
    std::unordered_set<int64_t> set(wanted.begin(), wanted.end());
    return BuildResult(col, n, [&](int64_t i) { return set.count(data[i]) > 0; });
  }
  return BuildResult(col, n, [&](int64_t i) {
    for (int64_t w : wanted) {
      if (data[i] == w) return true;
    }
    return false;
  });
}

}  // namespace

std::optional<Datum> EvaluateInList(const BoundExpr& expr, const Batch& batch) {
  if (expr.kind != BoundExprKind::kOr || expr.children.size() < 2) return std::nullopt;
  int column = -1;
  LogicalType type;
  std::vector<const Value*> constants;
  for (const BoundExprPtr& c : expr.children) {
    if (c->kind != BoundExprKind::kFunction || c->function == nullptr || c->function->name != "=" ||
        c->children.size() != 2) {
      return std::nullopt;
    }
    const BoundExpr* ref = c->children[0].get();
    const BoundExpr* constant = c->children[1].get();
    if (ref->kind != BoundExprKind::kColumnRef) std::swap(ref, constant);
    if (ref->kind != BoundExprKind::kColumnRef || constant->kind != BoundExprKind::kConstant ||
        constant->value.is_null() || constant->value.type() != ref->type) {
      return std::nullopt;
    }
    if (column < 0) {
      column = ref->column_index;
      type = ref->type;
    } else if (ref->column_index != column) {
      return std::nullopt;
    }
    constants.push_back(&constant->value);
  }
  if (column < 0 || static_cast<size_t>(column) >= batch.num_columns()) return std::nullopt;
  const Column& col = *batch.column(static_cast<size_t>(column));
  if (col.type() != type) return std::nullopt;
  const int64_t n = batch.num_rows();
  switch (type.id()) {
    case TypeId::kString: return StringInList(col, n, constants);
    case TypeId::kInt64:
    case TypeId::kTimestamp: return Int64InList(col, n, constants);
    default: return std::nullopt;
  }
}

}  // namespace copra
