#include <gtest/gtest.h>

#include <limits>

#include "function/function_test_util.h"

namespace copra {
namespace {

using namespace test;  // NOLINT

const LogicalType kI64 = LogicalType::Int64();
const LogicalType kI32 = LogicalType::Int32();
const LogicalType kF64 = LogicalType::Float64();

// A BIGINT column with explicit slot values, including under NULLs (the
// builder would store zeros there).
Datum RawInt64(const std::vector<int64_t>& values, const std::vector<bool>& valid) {
  int64_t n = static_cast<int64_t>(values.size());
  BufferPtr vals = Buffer::Allocate(n * 8);
  BufferPtr bits = Buffer::Allocate(bit_util::BytesForBits(n));
  for (int64_t i = 0; i < n; ++i) {
    vals->mutable_data_as<int64_t>()[i] = values[size_t(i)];
    bit_util::SetBitTo(bits->mutable_data(), i, valid[size_t(i)]);
  }
  return Datum::Flat(std::make_shared<const Column>(kI64, n, bits, vals));
}

TEST(ArithmeticTest, IntegerShapes) {
  Datum a = Col(kI64, {I64(1), Null(), I64(3)});
  Datum b = Col(kI64, {I64(10), I64(20), Null()});
  EXPECT_EQ(Apply("+", {a, b}), (Strs{"11", "NULL", "NULL"}));
  EXPECT_EQ(Apply("+", {a, Lit(I64(5))}), (Strs{"6", "NULL", "8"}));
  EXPECT_EQ(Apply("-", {Lit(I64(5)), a}), (Strs{"4", "NULL", "2"}));
  EXPECT_EQ(Apply("*", {a, Lit(Null(kI64))}), (Strs{"NULL", "NULL", "NULL"}));
  auto r = Call("*", {Lit(I64(6)), Lit(I64(7))});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_scalar);
  EXPECT_EQ(Text(r), (Strs{"42"}));
}

TEST(ArithmeticTest, ResolvesToWiderInteger) {
  auto call = FunctionRegistry::Global().ResolveScalar("+", {kI32, kI64});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->function->Signature(), "+(BIGINT, BIGINT) -> BIGINT");
  EXPECT_EQ(Apply("+", {Col(kI32, {I32(1), I32(2)}), Lit(I64(1) )}), (Strs{"2", "3"}));
  // FLOAT + INT goes to DOUBLE, like PostgreSQL.
  call = FunctionRegistry::Global().ResolveScalar("+", {LogicalType::Float32(), kI32});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->return_type, kF64);
  EXPECT_EQ(Eval("+", {I8(100), I8(27)}), "127");
  EXPECT_EQ(Eval("+", {I8(100), U8(200)}), "300");  // TINYINT + TINYINT UNSIGNED -> SMALLINT
}

TEST(ArithmeticTest, Overflow) {
  int64_t max = std::numeric_limits<int64_t>::max();
  int64_t min = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(Eval("+", {I64(max), I64(1)}), "ERROR numeric_value_out_of_range: BIGINT out of range");
  EXPECT_EQ(Eval("-", {I64(min), I64(1)}), "ERROR numeric_value_out_of_range: BIGINT out of range");
  EXPECT_EQ(Eval("*", {I32(65536), I32(65536)}),
            "ERROR numeric_value_out_of_range: INT out of range");
  EXPECT_EQ(Eval("/", {I64(min), I64(-1)}), "ERROR numeric_value_out_of_range: BIGINT out of range");
  EXPECT_EQ(Eval("%", {I64(min), I64(-1)}), "0");
  EXPECT_EQ(Eval("negate", {I64(min)}), "ERROR numeric_value_out_of_range: BIGINT out of range");
  EXPECT_EQ(Eval("negate", {I64(5)}), "-5");
  EXPECT_EQ(Eval("+", {I16(32767), I16(1)}),
            "ERROR numeric_value_out_of_range: SMALLINT out of range");
  // A NULL row whose slot would overflow raises nothing.
  Datum a = RawInt64({1, max}, {true, false});
  EXPECT_EQ(Apply("+", {a, Lit(I64(1))}), (Strs{"2", "NULL"}));
  EXPECT_EQ(Apply("*", {Lit(I64(2)), a}), (Strs{"2", "NULL"}));
  // ... but a valid one does, even after NULL rows.
  Datum c = RawInt64({max, max}, {false, true});
  EXPECT_EQ(Apply("+", {c, Lit(I64(1))}),
            (Strs{"ERROR numeric_value_out_of_range: BIGINT out of range"}));
}

TEST(ArithmeticTest, DivisionAndModulo) {
  EXPECT_EQ(Eval("/", {I64(-7), I64(2)}), "-3");  // truncates
  EXPECT_EQ(Eval("%", {I64(-7), I64(2)}), "-1");  // dividend's sign
  EXPECT_EQ(Eval("%", {I64(7), I64(-2)}), "1");
  EXPECT_EQ(Eval("/", {I64(1), I64(0)}), "ERROR division_by_zero: division by zero");
  EXPECT_EQ(Eval("%", {I32(1), I32(0)}), "ERROR division_by_zero: division by zero");
  EXPECT_EQ(Eval("/", {F64(1), F64(0)}), "ERROR division_by_zero: division by zero");
  EXPECT_EQ(Eval("/", {F64(7), F64(2)}), "3.5");
  EXPECT_EQ(Eval("%", {F64(7.5), F64(2)}), "1.5");
  EXPECT_EQ(Eval("/", {U64(7), U64(2)}), "3");
  EXPECT_EQ(Eval("mod", {I64(7), I64(3)}), "1");
  // Division by zero in a NULL row (its slot holds 0) is not an error.
  Datum a = Col(kI64, {I64(6), Null()});
  EXPECT_EQ(Apply("/", {a, a}), (Strs{"1", "NULL"}));
  EXPECT_EQ(Apply("/", {Lit(I64(12)), a}), (Strs{"2", "NULL"}));
  EXPECT_EQ(Apply("/", {Col(kF64, {F64(1), Null()}), Col(kF64, {F64(4), Null()})}),
            (Strs{"0.25", "NULL"}));
}

TEST(ArithmeticTest, Floats) {
  EXPECT_EQ(Eval("+", {F64(1.5), I32(2)}), "3.5");
  EXPECT_EQ(Eval("*", {F32(1.5f), F32(2)}), "3");
  EXPECT_EQ(Eval("negate", {F64(2.5)}), "-2.5");
  EXPECT_EQ(Eval("-", {F64(0.3), F64(0.1)}), "0.19999999999999998");
}

TEST(ArithmeticTest, TimestampInterval) {
  const TimeUnit ms = TimeUnit::kMillisecond;
  EXPECT_EQ(Eval("+", {Ts("2020-01-31 10:00:00"), Iv("1 month")}), "2020-02-29 10:00:00");
  EXPECT_EQ(Eval("+", {Ts("2021-01-31 10:00:00"), Iv("1 month")}), "2021-02-28 10:00:00");
  EXPECT_EQ(Eval("+", {Iv("1 day 02:00:00.5"), Ts("2020-01-01 00:00:00")}),
            "2020-01-02 02:00:00.5");
  EXPECT_EQ(Eval("-", {Ts("1970-01-01 00:00:00"), Iv("1 mon 1 day")}), "1969-11-30 00:00:00");
  EXPECT_EQ(Eval("+", {Ts("1969-12-31 23:00:00"), Iv("1 mon")}), "1970-01-31 23:00:00");
  EXPECT_EQ(Eval("-", {Ts("2020-03-01 00:00:00"), Ts("2020-02-28 22:00:00")}),
            "1 day 02:00:00");
  EXPECT_EQ(Eval("-", {Ts("2020-02-28 22:00:00"), Ts("2020-03-01 00:00:00")}),
            "-1 days -02:00:00");
  // Sub-unit interval parts truncate to the timestamp's unit.
  EXPECT_EQ(Eval("+", {Ts("2020-01-01 00:00:00", TimeUnit::kSecond), Iv("1.7 seconds")}),
            "2020-01-01 00:00:01");
  // The unit is kept.
  for (TimeUnit u : {TimeUnit::kSecond, ms, TimeUnit::kMicrosecond, TimeUnit::kNanosecond}) {
    auto call = FunctionRegistry::Global().ResolveScalar(
        "+", {LogicalType::Timestamp(u), LogicalType::Interval()});
    ASSERT_TRUE(call.ok());
    EXPECT_EQ(call->return_type, LogicalType::Timestamp(u));
  }
  EXPECT_EQ(Eval("+", {Ts("2262-04-11 00:00:00", TimeUnit::kNanosecond), Iv("1 day")}),
            "ERROR numeric_value_out_of_range: timestamp out of range");
  // A string literal next to a timestamp is read as an interval.
  EXPECT_EQ(Eval("-", {Ts("2020-01-02 00:00:00"), S("1 day")}), "2020-01-01 00:00:00");
  Datum ts = Col(LogicalType::Timestamp(ms), {Ts("2020-01-01 00:00:00"), Null()});
  EXPECT_EQ(Apply("+", {ts, Lit(Iv("1 hour"))}), (Strs{"2020-01-01 01:00:00", "NULL"}));
}

TEST(ArithmeticTest, DateAndInterval) {
  EXPECT_EQ(Eval("+", {Dt("2020-02-28"), I32(2)}), "2020-03-01");
  EXPECT_EQ(Eval("+", {I64(1), Dt("1969-12-31")}), "1970-01-01");
  EXPECT_EQ(Eval("-", {Dt("2020-03-01"), I64(1)}), "2020-02-29");
  EXPECT_EQ(Eval("-", {Dt("2020-03-01"), Dt("2019-03-01")}), "366");
  auto call = FunctionRegistry::Global().ResolveScalar(
      "-", {LogicalType::Date(), LogicalType::Date()});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->return_type, kI64);
  EXPECT_EQ(Eval("+", {Dt("2020-01-31"), Iv("1 mon 1 hour")}), "2020-02-29 01:00:00");
  EXPECT_EQ(Eval("-", {Dt("2020-01-01"), Iv("1 hour")}), "2019-12-31 23:00:00");
  EXPECT_EQ(Eval("+", {Iv("1 day"), Iv("2 hours")}), "1 day 02:00:00");
  EXPECT_EQ(Eval("-", {Iv("1 day"), Iv("2 days")}), "-1 days");
  EXPECT_EQ(Eval("*", {Iv("1 day 01:00:00"), I32(3)}), "3 days 03:00:00");
  EXPECT_EQ(Eval("*", {F64(1.5), Iv("1 mon")}), "1 mon 15 days");
  EXPECT_EQ(Eval("/", {Iv("3 days"), F64(2)}), "1 day 12:00:00");
  EXPECT_EQ(Eval("/", {Iv("3 days"), F64(0)}), "ERROR division_by_zero: division by zero");
  EXPECT_EQ(Eval("negate", {Iv("1 day")}), "-1 days");
}

TEST(ArithmeticTest, StringConcatenation) {
  const LogicalType s = LogicalType::String();
  EXPECT_EQ(Apply("||", {Col(s, {S("ab"), Null(), S("")}), Lit(S("cd"))}),
            (Strs{"abcd", "NULL", "cd"}));
  EXPECT_EQ(Apply("||", {Lit(S("x")), Col(s, {S("é"), S("")})}), (Strs{"xé", "x"}));
  EXPECT_EQ(Eval("||", {Null(s), S("a")}), "NULL");
}

}  // namespace
}  // namespace copra
