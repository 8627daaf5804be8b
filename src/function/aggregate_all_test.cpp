// Smoke test over every registered aggregate overload: zero groups, empty
// groups, NULL-only input, constant input, and a merge.
#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

std::vector<std::pair<LogicalType, Value>> SampleValues() {
  std::vector<std::pair<LogicalType, Value>> out = {
      {LogicalType::Boolean(), Value::Boolean(true)},
      {LogicalType::Int8(), Value::Int8(-3)},
      {LogicalType::Int16(), Value::Int16(-3)},
      {LogicalType::Int32(), Value::Int32(-3)},
      {LogicalType::Int64(), Value::Int64(-3)},
      {LogicalType::UInt8(), Value::UInt8(3)},
      {LogicalType::UInt16(), Value::UInt16(3)},
      {LogicalType::UInt32(), Value::UInt32(3)},
      {LogicalType::UInt64(), Value::UInt64(3)},
      {LogicalType::Float32(), Value::Float32(1.5f)},
      {LogicalType::Float64(), Value::Float64(1.5)},
      {LogicalType::String(), Value::String("s")},
      {LogicalType::Binary(), Value::Binary(std::string("\x01\x02", 2))},
      {LogicalType::Date(), Value::Date(19000)},
      {LogicalType::Interval(), Value::IntervalValue({1, 2, 3})},
  };
  for (TimeUnit u : {TimeUnit::kSecond, TimeUnit::kMillisecond, TimeUnit::kMicrosecond,
                     TimeUnit::kNanosecond}) {
    out.push_back({LogicalType::Timestamp(u), Value::Timestamp(1700000000, u)});
  }
  return out;
}

TEST(AllAggregates, EveryOverloadHandlesEmptyNullAndConstantInput) {
  const FunctionRegistry& reg = FunctionRegistry::Global();
  int overloads = 0;
  for (const std::string& name : reg.AggregateNames()) {
    for (const auto& [type, value] : SampleValues()) {
      // Try the argument shapes the built-ins use.
      std::vector<std::vector<Datum>> shapes = {
          {Datum::FromValue(value)},
          {Datum::FromValue(value), Datum::FromValue(Value::Float64(0.5))},
          {Datum::FromValue(value), Datum::FromValue(value)}};
      for (size_t shape = 0; shape < shapes.size(); ++shape) {
        const std::vector<Datum>& args = shapes[shape];
        // (x, x) would pass 1.5 as a percentile fraction.
        if (shape == 2 && (name == "percentile_cont" || name == "approx_percentile_cont")) continue;
        std::vector<LogicalType> types;
        for (const Datum& d : args) types.push_back(d.type());
        auto r = reg.ResolveAggregate(name, types);
        if (!r.ok() || r->cast_to != types) continue;
        ++overloads;
        SCOPED_TRACE(r->function->Signature());
        const bool is_count = name.rfind("count", 0) == 0;

        AggRunner none(name, types);
        none.Resize(0);
        EXPECT_EQ(none.Finalize()->length(), 0);

        // Group 0: NULL input only; group 1: untouched; group 2: 3 constant rows.
        AggRunner a(name, types);
        a.Resize(3);
        std::vector<Datum> nulls = args;
        nulls[0] = Datum::Flat(Column::MakeNull(type, 2));
        { auto st = a.Update(nulls, {0, 0}); ASSERT_TRUE(st.ok()) << st.ToString(); }
        std::vector<Datum> flat = args;
        flat[0] = Datum::Flat(Column::MakeConstant(value, 3));
        ASSERT_TRUE(a.Update(flat, {2, 2, 2}).ok());
        Strings got = a.FinalizeTexts();
        EXPECT_EQ(got[0], is_count ? "0" : "NULL");
        EXPECT_EQ(got[1], is_count ? "0" : "NULL");
        EXPECT_NE(got[2], "NULL");

        // The same rows split over two aggregators and merged.
        AggRunner b(name, types);
        b.Resize(1);
        ASSERT_TRUE(b.UpdateAll(args, 3).ok());
        AggRunner c(name, types);
        c.Resize(3);
        ASSERT_TRUE(c.Update(nulls, {0, 0}).ok());
        ASSERT_TRUE(c.Merge(b, {2}).ok());
        EXPECT_EQ(c.FinalizeTexts(), got);
      }
    }
  }
  EXPECT_GT(overloads, 150);
}

}  // namespace
}  // namespace copra::aggtest
