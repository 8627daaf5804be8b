// Checks every registered scalar function overload against edge-case
// inputs: 0 rows, all-NULL columns, NULL scalars, and ordinary values in
// every scalar/column shape. Kernels may return user errors for some
// inputs but must never crash and must return the right shape and type.
#include <gtest/gtest.h>

#include "function/function_test_util.h"

namespace copra {
namespace {

using namespace test;  // NOLINT

std::vector<std::pair<std::string, const ScalarFunction*>> AllOverloads() {
  std::vector<std::pair<std::string, const ScalarFunction*>> out;
  for (const std::string& name : FunctionRegistry::Global().ScalarNames()) {
    for (const ScalarFunction* fn : FunctionRegistry::Global().ScalarOverloads(name)) {
      if (fn->name == name) out.emplace_back(name, fn);  // skip aliases
    }
  }
  return out;
}

// The declared argument list, with one extra repeat for variadic functions.
std::vector<LogicalType> ArgTypes(const ScalarFunction& fn) {
  std::vector<LogicalType> types = fn.arg_types;
  if (fn.variadic && !types.empty()) types.push_back(types.back());
  return types;
}

// A value of `type` that most functions accept.
Value Sample(const LogicalType& type, int i) {
  switch (type.id()) {
    case TypeId::kBoolean: return B(i % 2 == 0);
    case TypeId::kString: return S(i == 0 ? "day" : i == 1 ? "héllo" : "");
    case TypeId::kBinary: return Bin("ab");
    case TypeId::kTimestamp: return Value::Timestamp(i * 1000 - 7, type.unit());
    case TypeId::kDate: return Value::Date(i * 40 - 50);
    case TypeId::kInterval: return Value::IntervalValue(Interval{0, i + 1, 1000});
    case TypeId::kFloat32: return F32(1.5f + i);
    case TypeId::kFloat64: return F64(2.5 + i);
    default: {
      auto v = CastValue(I64(i + 2), type);
      return v.ok() ? *v : Null(type);
    }
  }
}

void CheckResult(const ScalarFunction& fn, const Result<Datum>& r, int64_t rows, bool all_scalar,
                 const std::string& what) {
  SCOPED_TRACE(fn.Signature() + " " + what);
  if (!r.ok()) {
    EXPECT_NE(r.status().code(), ErrorCode::kInternal) << r.status().ToString();
    return;
  }
  EXPECT_EQ(r->type(), fn.return_type);
  if (r->is_scalar) {
    EXPECT_EQ(r->column->length(), 1);
  } else {
    EXPECT_EQ(r->column->length(), rows);
    if (all_scalar && !fn.deterministic) return;  // random() fills every row
  }
  if (!r->is_scalar || rows == 1) {
    for (int64_t i = 0; i < r->column->length(); ++i) r->column->GetValue(i);  // readable
  }
}

TEST(ScalarFunctionsTest, ZeroRows) {
  for (const auto& [name, fn] : AllOverloads()) {
    std::vector<Datum> args;
    for (const LogicalType& t : ArgTypes(*fn)) args.push_back(Datum::Flat(ColumnBuilder(t).Finish()));
    KernelContext ctx{0, fn};
    Result<Datum> r = fn->kernel(ctx, args);
    SCOPED_TRACE(fn->Signature());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (!args.empty()) {
      EXPECT_FALSE(r->is_scalar);
      EXPECT_EQ(r->column->length(), 0);
    }
    EXPECT_EQ(r->type(), fn->return_type);
  }
}

TEST(ScalarFunctionsTest, NullInputs) {
  for (const auto& [name, fn] : AllOverloads()) {
    std::vector<LogicalType> types = ArgTypes(*fn);
    // All-NULL columns.
    std::vector<Datum> cols;
    for (const LogicalType& t : types) cols.push_back(Datum::Flat(Column::MakeNull(t, 3)));
    KernelContext ctx{3, fn};
    CheckResult(*fn, fn->kernel(ctx, cols), 3, types.empty(), "all-NULL columns");
    // NULL scalars.
    std::vector<Datum> scalars;
    for (const LogicalType& t : types) scalars.push_back(Lit(Null(t)));
    KernelContext one{1, fn};
    CheckResult(*fn, fn->kernel(one, scalars), 1, true, "NULL scalars");
    // One NULL scalar among sample columns.
    for (size_t k = 0; k < types.size(); ++k) {
      std::vector<Datum> mixed;
      for (size_t j = 0; j < types.size(); ++j) {
        mixed.push_back(j == k ? Lit(Null(types[j]))
                               : Col(types[j], {Sample(types[j], 0), Null(), Sample(types[j], 2)}));
      }
      CheckResult(*fn, fn->kernel(ctx, mixed), 3, false, "NULL scalar at " + std::to_string(k));
    }
  }
}

TEST(ScalarFunctionsTest, EveryShape) {
  for (const auto& [name, fn] : AllOverloads()) {
    std::vector<LogicalType> types = ArgTypes(*fn);
    size_t shapes = size_t{1} << types.size();
    for (size_t mask = 0; mask < shapes; ++mask) {  // bit k set: argument k is a scalar
      std::vector<Datum> args;
      bool all_scalar = true;
      for (size_t k = 0; k < types.size(); ++k) {
        if (mask & (size_t{1} << k)) {
          args.push_back(Lit(Sample(types[k], 1)));
        } else {
          all_scalar = false;
          args.push_back(Col(types[k], {Sample(types[k], 0), Sample(types[k], 1), Null(),
                                        Sample(types[k], 2)}));
        }
      }
      int64_t rows = all_scalar ? 1 : 4;
      KernelContext ctx{rows, fn};
      Result<Datum> r = fn->kernel(ctx, args);
      CheckResult(*fn, r, rows, all_scalar, "shape mask " + std::to_string(mask));
      // A scalar-only call of a deterministic function is a scalar, and
      // flat and scalar forms agree row by row.
      if (r.ok() && all_scalar && fn->deterministic && !types.empty()) {
        EXPECT_TRUE(r->is_scalar) << fn->Signature();
      }
    }
  }
}

TEST(ScalarFunctionsTest, ScalarAndFlatAgree) {
  for (const auto& [name, fn] : AllOverloads()) {
    if (!fn->deterministic || fn->arg_types.empty()) continue;
    std::vector<LogicalType> types = ArgTypes(*fn);
    std::vector<Datum> scalars, flats;
    for (const LogicalType& t : types) {
      scalars.push_back(Lit(Sample(t, 1)));
      flats.push_back(Col(t, {Sample(t, 1), Sample(t, 1)}));
    }
    KernelContext one{1, fn};
    KernelContext two{2, fn};
    Result<Datum> a = fn->kernel(one, scalars);
    Result<Datum> b = fn->kernel(two, flats);
    SCOPED_TRACE(fn->Signature());
    ASSERT_EQ(a.ok(), b.ok());
    if (!a.ok()) continue;
    Value v = a->column->GetValue(0);
    EXPECT_EQ(v.ToString(), b->column->GetValue(0).ToString());
    EXPECT_EQ(v.ToString(), b->column->GetValue(1).ToString());
  }
}

TEST(ScalarFunctionsTest, EveryNameResolves) {
  for (const std::string& name : FunctionRegistry::Global().ScalarNames()) {
    EXPECT_TRUE(FunctionRegistry::Global().IsScalar(name)) << name;
    EXPECT_FALSE(FunctionRegistry::Global().ScalarOverloads(name).empty()) << name;
  }
}

}  // namespace
}  // namespace copra
