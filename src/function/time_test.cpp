#include <gtest/gtest.h>

#include "function/function_test_util.h"

namespace copra {
namespace {

using namespace test;  // NOLINT

const TimeUnit kMs = TimeUnit::kMillisecond;
const TimeUnit kUs = TimeUnit::kMicrosecond;
const TimeUnit kSec = TimeUnit::kSecond;
const LogicalType kStr = LogicalType::String();

std::string Trunc(const std::string& unit, const std::string& ts, TimeUnit u = kMs) {
  return Eval("date_trunc", {S(unit), Ts(ts, u)});
}

std::string Extract(const std::string& field, const Value& v) {
  return Eval("date_part", {S(field), v});
}

TEST(TimeTest, NowAndCurrentDate) {
  CallOptions opts;
  opts.statement_time_nanos = 1583020800123456789;  // 2020-03-01 00:00:00.123456789
  auto r = Call("now", {}, opts);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_scalar);
  EXPECT_EQ(r->type(), LogicalType::Timestamp(kMs));
  EXPECT_EQ(Text(r), (Strs{"2020-03-01 00:00:00.123"}));
  EXPECT_EQ(Text(Call("current_timestamp", {}, opts)), (Strs{"2020-03-01 00:00:00.123"}));
  EXPECT_EQ(Text(Call("current_date", {}, opts)), (Strs{"2020-03-01"}));
  opts.statement_time_nanos = -1;  // just before the epoch
  EXPECT_EQ(Text(Call("current_date", {}, opts)), (Strs{"1969-12-31"}));
  auto call = FunctionRegistry::Global().ResolveScalar("now", {});
  ASSERT_TRUE(call.ok());
  EXPECT_FALSE(call->function->deterministic);
}

TEST(TimeTest, DateTrunc) {
  const std::string t = "2020-02-29 13:45:30.123";
  EXPECT_EQ(Trunc("millisecond", t), "2020-02-29 13:45:30.123");
  EXPECT_EQ(Trunc("microseconds", t), "2020-02-29 13:45:30.123");
  EXPECT_EQ(Trunc("second", t), "2020-02-29 13:45:30");
  EXPECT_EQ(Trunc("minute", t), "2020-02-29 13:45:00");
  EXPECT_EQ(Trunc("HOUR", t), "2020-02-29 13:00:00");
  EXPECT_EQ(Trunc("day", t), "2020-02-29 00:00:00");
  EXPECT_EQ(Trunc("week", t), "2020-02-24 00:00:00");  // Monday
  EXPECT_EQ(Trunc("month", t), "2020-02-01 00:00:00");
  EXPECT_EQ(Trunc("quarter", t), "2020-01-01 00:00:00");
  EXPECT_EQ(Trunc("year", t), "2020-01-01 00:00:00");
  EXPECT_EQ(Trunc("decade", t), "2020-01-01 00:00:00");
  EXPECT_EQ(Trunc("century", t), "2001-01-01 00:00:00");
  // Before 1970, truncation goes down, not toward zero.
  const std::string p = "1969-12-31 23:59:59.999";
  EXPECT_EQ(Trunc("second", p), "1969-12-31 23:59:59");
  EXPECT_EQ(Trunc("hour", p), "1969-12-31 23:00:00");
  EXPECT_EQ(Trunc("day", p), "1969-12-31 00:00:00");
  EXPECT_EQ(Trunc("week", p), "1969-12-29 00:00:00");
  EXPECT_EQ(Trunc("week", "1970-01-01 00:00:00"), "1969-12-29 00:00:00");
  EXPECT_EQ(Trunc("month", p), "1969-12-01 00:00:00");
  EXPECT_EQ(Trunc("quarter", p), "1969-10-01 00:00:00");
  EXPECT_EQ(Trunc("year", "1900-03-01 12:00:00"), "1900-01-01 00:00:00");
  // The unit is kept.
  EXPECT_EQ(Trunc("second", "2020-01-01 00:00:01.999999", kUs), "2020-01-01 00:00:01");
  EXPECT_EQ(Trunc("hour", "1960-06-01 10:30:00", kSec), "1960-06-01 10:00:00");
  auto call =
      FunctionRegistry::Global().ResolveScalar("date_trunc", {kStr, LogicalType::Timestamp(kSec)});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->return_type, LogicalType::Timestamp(kSec));
  // A DATE argument becomes a timestamp.
  EXPECT_EQ(Eval("date_trunc", {S("month"), Dt("2020-02-29")}), "2020-02-01 00:00:00");
  EXPECT_EQ(Trunc("fortnight", t),
            "ERROR invalid_parameter_value: unit \"fortnight\" not recognized for type timestamp");
  EXPECT_EQ(Trunc("dow", t),
            "ERROR feature_not_supported: unit \"dow\" not supported for date_trunc");
  // Per-row units.
  Datum units = Col(kStr, {S("hour"), S("month"), Null()});
  Datum ts = Col(LogicalType::Timestamp(kMs),
                 {Ts("2020-05-05 05:05:05"), Ts("2020-05-05 05:05:05"), Ts("2020-05-05 05:05:05")});
  EXPECT_EQ(Apply("date_trunc", {units, ts}),
            (Strs{"2020-05-05 05:00:00", "2020-05-01 00:00:00", "NULL"}));
  EXPECT_EQ(Apply("date_trunc", {Lit(S("day")), Col(LogicalType::Timestamp(kMs),
                                                    {Ts("2020-05-05 05:05:05"), Null()})}),
            (Strs{"2020-05-05 00:00:00", "NULL"}));
}

TEST(TimeTest, CalendarCacheFollowsRows) {
  // Rows that go back and forth across period boundaries.
  Datum ts = Col(
      LogicalType::Timestamp(kMs),
      {Ts("2020-01-31 23:59:59.999"), Ts("2020-02-01 00:00:00"), Null(), Ts("2020-01-15 00:00:00"),
       Ts("2019-12-31 23:59:59"), Ts("2020-02-29 12:00:00"), Ts("2020-03-01 00:00:00")});
  EXPECT_EQ(Apply("date_trunc", {Lit(S("month")), ts}),
            (Strs{"2020-01-01 00:00:00", "2020-02-01 00:00:00", "NULL", "2020-01-01 00:00:00",
                  "2019-12-01 00:00:00", "2020-02-01 00:00:00", "2020-03-01 00:00:00"}));
  EXPECT_EQ(Apply("date_trunc", {Lit(S("week")), ts}),
            (Strs{"2020-01-27 00:00:00", "2020-01-27 00:00:00", "NULL", "2020-01-13 00:00:00",
                  "2019-12-30 00:00:00", "2020-02-24 00:00:00", "2020-02-24 00:00:00"}));
  EXPECT_EQ(Apply("date_part", {Lit(S("day")), ts}),
            (Strs{"31", "1", "NULL", "15", "31", "29", "1"}));
  EXPECT_EQ(Apply("date_part", {Lit(S("doy")), ts}),
            (Strs{"31", "32", "NULL", "15", "365", "60", "61"}));
}

TEST(TimeTest, FixedPeriodCacheFollowsRows) {
  // Runs inside one hour, a step back, a NULL, and times before the epoch.
  Datum ts =
      Col(LogicalType::Timestamp(kMs),
          {Ts("2020-01-01 10:00:00"), Ts("2020-01-01 10:59:59.999"), Ts("2020-01-01 11:00:00"),
           Ts("2020-01-01 10:30:00"), Null(), Ts("1969-12-31 23:59:59.999"),
           Ts("1970-01-01 00:00:00"), Ts("1969-12-31 23:00:00")});
  EXPECT_EQ(Apply("date_trunc", {Lit(S("hour")), ts}),
            (Strs{"2020-01-01 10:00:00", "2020-01-01 10:00:00", "2020-01-01 11:00:00",
                  "2020-01-01 10:00:00", "NULL", "1969-12-31 23:00:00", "1970-01-01 00:00:00",
                  "1969-12-31 23:00:00"}));
}

TEST(TimeTest, DateBin) {
  auto bin = [](const std::string& stride, const std::string& ts) {
    return Eval("date_bin", {Iv(stride), Ts(ts)});
  };
  EXPECT_EQ(bin("15 minutes", "2020-01-01 10:07:00"), "2020-01-01 10:00:00");
  EXPECT_EQ(bin("15 minutes", "2020-01-01 10:15:00"), "2020-01-01 10:15:00");
  EXPECT_EQ(bin("1 hour", "1969-12-31 23:59:00"), "1969-12-31 23:00:00");
  EXPECT_EQ(bin("1 day", "1969-12-31 23:59:00"), "1969-12-31 00:00:00");
  EXPECT_EQ(bin("7 days", "1970-01-08 00:00:00"), "1970-01-08 00:00:00");  // origin 1970-01-01
  EXPECT_EQ(Eval("date_bin", {Iv("1 hour"), Ts("2020-01-01 10:07:00"), Ts("2000-01-01 00:30:00")}),
            "2020-01-01 09:30:00");
  EXPECT_EQ(Eval("date_bin", {Iv("1 hour"), Ts("1999-12-31 23:10:00"), Ts("2000-01-01 00:30:00")}),
            "1999-12-31 22:30:00");
  // A stride that is not a whole number of ticks is binned exactly.
  EXPECT_EQ(Eval("date_bin", {Iv("0.0015 seconds"), Ts("1970-01-01 00:00:00.004")}),
            "1970-01-01 00:00:00.003");
  EXPECT_EQ(bin("1 month", "2020-01-01 00:00:00"),
            "ERROR feature_not_supported: date_bin: timestamps cannot be binned into intervals "
            "containing months or years");
  EXPECT_EQ(bin("0 seconds", "2020-01-01 00:00:00"),
            "ERROR invalid_parameter_value: date_bin: stride must be greater than zero");
  EXPECT_EQ(bin("-1 hour", "2020-01-01 00:00:00"),
            "ERROR invalid_parameter_value: date_bin: stride must be greater than zero");
  Datum ts = Col(LogicalType::Timestamp(kUs),
                 {Ts("2020-01-01 00:00:59.999999", kUs), Null(), Ts("1960-01-01 00:00:30", kUs)});
  EXPECT_EQ(Apply("date_bin", {Lit(Iv("30 seconds")), ts}),
            (Strs{"2020-01-01 00:00:30", "NULL", "1960-01-01 00:00:30"}));
  // Per-row strides.
  Datum strides = Col(LogicalType::Interval(), {Iv("1 minute"), Iv("1 day"), Iv("1 hour")});
  EXPECT_EQ(Apply("date_bin", {strides, ts}),
            (Strs{"2020-01-01 00:00:00", "NULL", "1960-01-01 00:00:00"}));
}

TEST(TimeTest, TimeBucket) {
  auto bucket = [](const std::string& width, const std::string& ts) {
    return Eval("time_bucket", {Iv(width), Ts(ts)});
  };
  EXPECT_EQ(bucket("5 minutes", "2020-01-01 10:07:00"), "2020-01-01 10:05:00");
  // Aligned to Monday 2000-01-03, as TimescaleDB does.
  EXPECT_EQ(bucket("1 week", "2020-03-05 12:00:00"), "2020-03-02 00:00:00");
  EXPECT_EQ(bucket("5 days", "2000-01-07 12:00:00"), "2000-01-03 00:00:00");
  EXPECT_EQ(bucket("5 days", "2000-01-08 00:00:00"), "2000-01-08 00:00:00");
  EXPECT_EQ(bucket("5 days", "2000-01-02 00:00:00"), "1999-12-29 00:00:00");
  EXPECT_EQ(bucket("1 month", "2020-02-29 23:00:00"), "2020-02-01 00:00:00");
  EXPECT_EQ(bucket("3 months", "2020-05-15 00:00:00"), "2020-04-01 00:00:00");
  EXPECT_EQ(bucket("1 year", "1969-07-20 20:17:00"), "1969-01-01 00:00:00");
  EXPECT_EQ(bucket("1 mon 1 day", "2020-01-01 00:00:00"),
            "ERROR feature_not_supported: time_bucket: month buckets must be whole months, "
            "without an origin");
  EXPECT_EQ(
      Eval("time_bucket", {Iv("1 hour"), Ts("2020-01-01 10:07:00"), Ts("2020-01-01 00:30:00")}),
      "2020-01-01 09:30:00");
}

TEST(TimeTest, Extract) {
  Value t = Ts("2020-02-29 13:45:30.5");
  EXPECT_EQ(Extract("year", t), "2020");
  EXPECT_EQ(Extract("month", t), "2");
  EXPECT_EQ(Extract("day", t), "29");
  EXPECT_EQ(Extract("hour", t), "13");
  EXPECT_EQ(Extract("minute", t), "45");
  EXPECT_EQ(Extract("second", t), "30.5");
  EXPECT_EQ(Extract("milliseconds", t), "30500");
  EXPECT_EQ(Extract("microsecond", t), "30500000");
  EXPECT_EQ(Extract("dow", t), "6");                             // Saturday
  EXPECT_EQ(Extract("isodow", Ts("2020-03-01 00:00:00")), "7");  // Sunday
  EXPECT_EQ(Extract("dow", Ts("2020-03-01 00:00:00")), "0");
  EXPECT_EQ(Extract("doy", t), "60");
  EXPECT_EQ(Extract("doy", Dt("2020-12-31")), "366");
  EXPECT_EQ(Extract("quarter", t), "1");
  EXPECT_EQ(Extract("week", t), "9");
  EXPECT_EQ(Extract("week", Dt("2021-01-01")), "53");  // ISO week of 2020
  EXPECT_EQ(Extract("isoyear", Dt("2021-01-01")), "2020");
  EXPECT_EQ(Extract("week", Dt("2024-12-30")), "1");
  EXPECT_EQ(Extract("epoch", t), "1582983930.5");
  EXPECT_EQ(Extract("epoch", Ts("1969-12-31 23:59:59.5")), "-0.5");
  EXPECT_EQ(Extract("hour", Ts("1969-12-31 23:59:59.5")), "23");
  EXPECT_EQ(Extract("second", Ts("1969-12-31 23:59:59.25")), "59.25");
  EXPECT_EQ(Extract("year", Dt("1900-02-28")), "1900");
  EXPECT_EQ(Extract("century", Dt("2000-12-31")), "20");
  EXPECT_EQ(Extract("millennium", Dt("2001-01-01")), "3");
  EXPECT_EQ(Extract("epoch", Ts("2020-01-01 00:00:00.000000001", TimeUnit::kNanosecond)),
            "1577836800");
  EXPECT_EQ(Extract("nonsense", t),
            "ERROR invalid_parameter_value: unit \"nonsense\" not recognized for type timestamp");
  EXPECT_EQ(Eval("extract", {S("month"), Dt("2020-07-04")}), "7");
  // Intervals.
  Value iv = Iv("1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(Extract("year", iv), "1");
  EXPECT_EQ(Extract("month", iv), "2");
  EXPECT_EQ(Extract("day", iv), "3");
  EXPECT_EQ(Extract("hour", iv), "4");
  EXPECT_EQ(Extract("minute", iv), "5");
  EXPECT_EQ(Extract("second", iv), "6.5");
  EXPECT_EQ(Extract("epoch", Iv("1 day 1 second")), "86401");
  EXPECT_EQ(Extract("epoch", Iv("1 mon")), "2592000");
  EXPECT_EQ(Extract("dow", iv),
            "ERROR feature_not_supported: unit \"dow\" not supported for type interval");
  Datum ts = Col(LogicalType::Timestamp(kMs), {Ts("2020-01-01 00:00:00"), Null()});
  EXPECT_EQ(Apply("date_part", {Lit(S("year")), ts}), (Strs{"2020", "NULL"}));
  EXPECT_EQ(Apply("date_part", {Col(kStr, {S("year"), S("month")}),
                                Col(LogicalType::Timestamp(kMs),
                                    {Ts("2020-05-01 00:00:00"), Ts("2020-05-01 00:00:00")})}),
            (Strs{"2020", "5"}));
}

TEST(TimeTest, Conversions) {
  EXPECT_EQ(Eval("to_timestamp", {F64(1.5)}), "1970-01-01 00:00:01.5");
  EXPECT_EQ(Eval("to_timestamp", {I64(-1)}), "1969-12-31 23:59:59");
  auto call = FunctionRegistry::Global().ResolveScalar("to_timestamp", {LogicalType::Float64()});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->return_type, LogicalType::Timestamp(kUs));
  EXPECT_EQ(Eval("to_timestamp", {F64(1e300)}),
            "ERROR numeric_value_out_of_range: timestamp out of range");
  EXPECT_EQ(Eval("to_timestamp", {S("2020-01-01 08:00:00+08:00")}), "2020-01-01 00:00:00");
  EXPECT_EQ(Eval("to_timestamp", {S("garbage")}).substr(0, 29), "ERROR invalid_datetime_format");
  EXPECT_EQ(Apply("to_timestamp", {Col(kStr, {S("2020-01-01"), Null()})}),
            (Strs{"2020-01-01 00:00:00", "NULL"}));
  EXPECT_EQ(Eval("to_timestamp_millis", {I64(1500)}), "1970-01-01 00:00:01.5");
  EXPECT_EQ(Eval("to_timestamp_seconds", {I64(86400)}), "1970-01-02 00:00:00");
  EXPECT_EQ(Eval("to_timestamp_micros", {I64(1)}), "1970-01-01 00:00:00.000001");
  EXPECT_EQ(Eval("to_timestamp_nanos", {I64(-1)}), "1969-12-31 23:59:59.999999999");
  EXPECT_EQ(Apply("to_timestamp_millis", {Col(LogicalType::Int64(), {I64(0), Null()})}),
            (Strs{"1970-01-01 00:00:00", "NULL"}));
  EXPECT_EQ(Eval("to_unixtime", {Ts("1969-12-31 23:59:59.5")}), "-1");
  EXPECT_EQ(Eval("to_unixtime", {Ts("2020-01-01 00:00:00", TimeUnit::kNanosecond)}), "1577836800");
  EXPECT_EQ(Eval("date", {Ts("1969-12-31 23:59:59.5")}), "1969-12-31");
}

}  // namespace
}  // namespace copra
