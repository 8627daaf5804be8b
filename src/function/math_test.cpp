#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "function/function_test_util.h"

namespace copra {
namespace {

using namespace test;  // NOLINT

const LogicalType kI64 = LogicalType::Int64();
const LogicalType kI32 = LogicalType::Int32();
const LogicalType kF64 = LogicalType::Float64();
const LogicalType kStr = LogicalType::String();

std::string ReturnType(const std::string& name, std::vector<LogicalType> args) {
  auto call = FunctionRegistry::Global().ResolveScalar(name, args);
  return call.ok() ? call->return_type.ToString() : call.status().message();
}

TEST(MathTest, IntegerFunctionsKeepType) {
  EXPECT_EQ(ReturnType("abs", {kI32}), "INT");
  EXPECT_EQ(ReturnType("round", {kI64}), "BIGINT");
  EXPECT_EQ(ReturnType("ceil", {LogicalType::Int16()}), "SMALLINT");
  EXPECT_EQ(ReturnType("sign", {kI64}), "BIGINT");
  EXPECT_EQ(ReturnType("sqrt", {kI64}), "DOUBLE");
  EXPECT_EQ(Apply("abs", {Col(kI32, {I32(-3), Null(), I32(4)})}), (Strs{"3", "NULL", "4"}));
  EXPECT_EQ(Eval("abs", {I64(std::numeric_limits<int64_t>::min())}),
            "ERROR numeric_value_out_of_range: BIGINT out of range");
  EXPECT_EQ(Eval("abs", {F64(-2.5)}), "2.5");
  EXPECT_EQ(Eval("floor", {I64(7)}), "7");
  EXPECT_EQ(Apply("sign", {Col(kI64, {I64(-9), I64(0), I64(5)})}), (Strs{"-1", "0", "1"}));
  EXPECT_EQ(Eval("sign", {F64(-0.5)}), "-1");
}

TEST(MathTest, Rounding) {
  EXPECT_EQ(Apply("ceil", {Col(kF64, {F64(1.2), F64(-1.2), Null()})}), (Strs{"2", "-1", "NULL"}));
  EXPECT_EQ(Eval("ceiling", {F64(1.0)}), "1");
  EXPECT_EQ(Eval("floor", {F64(-1.5)}), "-2");
  EXPECT_EQ(Eval("round", {F64(2.5)}), "3");
  EXPECT_EQ(Eval("round", {F64(-2.5)}), "-3");
  EXPECT_EQ(Eval("trunc", {F64(-2.7)}), "-2");
  EXPECT_EQ(Eval("round", {F64(2.675), I32(2)}), "2.68");
  EXPECT_EQ(Eval("round", {F64(-2.675), I32(2)}), "-2.68");
  EXPECT_EQ(Eval("round", {F64(1234.5678), I32(-2)}), "1200");
  EXPECT_EQ(Eval("round", {F64(9.99), I32(1)}), "10");
  EXPECT_EQ(Eval("round", {F64(0.4), I32(0)}), "0");
  EXPECT_EQ(Eval("round", {F64(5), I32(-1)}), "10");
  EXPECT_EQ(Eval("round", {F64(5), I32(-2)}), "0");
  EXPECT_EQ(Eval("round", {F64(1.5), I32(10)}), "1.5");
  EXPECT_EQ(Eval("round", {F64(0.000123456), I32(5)}), "0.00012");
  EXPECT_EQ(Eval("round", {I64(1234), I32(-2)}), "1200");
}

TEST(MathTest, DomainErrors) {
  EXPECT_EQ(Eval("sqrt", {F64(16)}), "4");
  EXPECT_EQ(Eval("sqrt", {I32(-1)}),
            "ERROR invalid_parameter_value: cannot take square root of a negative number");
  // A NULL row never errors.
  EXPECT_EQ(Apply("sqrt", {Col(kF64, {F64(4), Null()})}), (Strs{"2", "NULL"}));
  EXPECT_EQ(Eval("ln", {F64(0)}), "ERROR invalid_parameter_value: cannot take logarithm of zero");
  EXPECT_EQ(Eval("log10", {F64(-1)}),
            "ERROR invalid_parameter_value: cannot take logarithm of a negative number");
  EXPECT_EQ(Eval("log", {F64(1000)}), "3");
  EXPECT_EQ(Eval("log", {F64(2), F64(8)}), "3");
  EXPECT_EQ(Eval("log", {F64(1), F64(8)}), "ERROR division_by_zero: division by zero");
  EXPECT_EQ(Eval("log2", {I64(1024)}), "10");
  EXPECT_EQ(Eval("ln", {F64(M_E)}), "1");
  EXPECT_EQ(Eval("exp", {F64(0)}), "1");
  EXPECT_EQ(Eval("exp", {F64(1000)}), "ERROR numeric_value_out_of_range: value out of range: overflow");
  EXPECT_EQ(Eval("power", {I32(2), I32(10)}), "1024");
  EXPECT_EQ(Eval("pow", {F64(0), F64(-1)}),
            "ERROR invalid_parameter_value: zero raised to a negative power is undefined");
  EXPECT_EQ(Eval("pow", {F64(-8), F64(1.0 / 3)}),
            "ERROR invalid_parameter_value: a negative number raised to a non-integer power "
            "yields a complex result");
  EXPECT_EQ(Eval("pow", {F64(-2), F64(3)}), "-8");
  EXPECT_EQ(Eval("cbrt", {F64(-27)}), "-3");
  EXPECT_EQ(Eval("asin", {F64(2)}), "ERROR numeric_value_out_of_range: input is out of range");
}

TEST(MathTest, Trigonometry) {
  EXPECT_EQ(Eval("sin", {F64(0)}), "0");
  EXPECT_EQ(Eval("cos", {F64(0)}), "1");
  EXPECT_EQ(Eval("atan2", {F64(1), F64(1)}), Eval("atan", {F64(1)}));
  EXPECT_EQ(Eval("degrees", {Eval("pi", {}) == "3.141592653589793" ? F64(M_PI) : F64(0)}), "180");
  EXPECT_EQ(Eval("radians", {F64(180)}), "3.141592653589793");
  EXPECT_EQ(Eval("isnan", {F64(std::nan(""))}), "true");
  EXPECT_EQ(Eval("isinf", {F64(-INFINITY)}), "true");
}

TEST(MathTest, Random) {
  auto call = FunctionRegistry::Global().ResolveScalar("random", {});
  ASSERT_TRUE(call.ok());
  EXPECT_FALSE(call->function->deterministic);
  KernelContext ctx{100, call->function};
  auto r = call->function->kernel(ctx, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->column->length(), 100);
  const double* v = r->column->template data<double>();
  bool differ = false;
  for (int i = 0; i < 100; ++i) {
    EXPECT_GE(v[i], 0.0);
    EXPECT_LT(v[i], 1.0);
    differ |= v[i] != v[0];
  }
  EXPECT_TRUE(differ);
}

TEST(MathTest, GreatestLeast) {
  Datum a = Col(kI64, {I64(1), Null(), I64(5), Null()});
  Datum b = Col(kI64, {I64(3), I64(2), Null(), Null()});
  EXPECT_EQ(Apply("greatest", {a, b, Lit(I64(0))}), (Strs{"3", "2", "5", "0"}));
  EXPECT_EQ(Apply("least", {a, b}), (Strs{"1", "2", "5", "NULL"}));
  EXPECT_EQ(Eval("greatest", {I32(1), I64(7), I32(3)}), "7");
  EXPECT_EQ(ReturnType("greatest", {kI32, kI64}), "BIGINT");
  EXPECT_EQ(Eval("least", {F64(1.5), I32(1)}), "1");
  EXPECT_EQ(Eval("greatest", {F64(std::nan("")), F64(1)}), "NaN");
  EXPECT_EQ(Eval("least", {S("b"), S("a"), S("c")}), "a");
  EXPECT_EQ(Apply("greatest", {Col(kStr, {S("x"), Null()}), Lit(S("y"))}), (Strs{"y", "y"}));
  EXPECT_EQ(Eval("greatest", {Ts("2020-01-01 00:00:00"), S("2021-01-01")}),
            "2021-01-01 00:00:00");
  EXPECT_EQ(Eval("least", {Dt("2020-01-01"), Dt("1969-07-20")}), "1969-07-20");
  EXPECT_EQ(Eval("greatest", {Iv("1 day"), Iv("20 hours")}), "1 day");
  EXPECT_EQ(Eval("greatest", {B(false), B(true)}), "true");
  EXPECT_EQ(Eval("greatest", {Null(kI64), Null(kI64)}), "NULL");
}

TEST(MathTest, NullIf) {
  Datum a = Col(kI64, {I64(1), I64(2), Null(), I64(4)});
  EXPECT_EQ(Apply("nullif", {a, Lit(I64(2))}), (Strs{"1", "NULL", "NULL", "4"}));
  EXPECT_EQ(Apply("nullif", {a, Col(kI64, {I64(1), Null(), I64(3), I64(5)})}),
            (Strs{"NULL", "2", "NULL", "4"}));
  EXPECT_EQ(Apply("nullif", {Lit(S("a")), Col(kStr, {S("a"), S("b")})}), (Strs{"NULL", "a"}));
  EXPECT_EQ(Eval("nullif", {S("x"), Null(kStr)}), "x");
  // A sliced input keeps its offset.
  Datum sliced = Datum::Flat(Col(kStr, {S("p"), S("q"), S("r"), S("q")}).column->Slice(1, 3));
  EXPECT_EQ(Apply("nullif", {sliced, Lit(S("q"))}), (Strs{"NULL", "r", "NULL"}));
}

}  // namespace
}  // namespace copra
