#include <cmath>

#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

struct Expected {
  double var_samp, var_pop;
};

// Two-pass reference in long double.
Expected TwoPass(const std::vector<double>& xs) {
  long double sum = 0;
  for (double x : xs) sum += x;
  const long double mean = sum / xs.size();
  long double m2 = 0;
  for (double x : xs) m2 += (x - mean) * (x - mean);
  return {static_cast<double>(m2 / (xs.size() - 1)), static_cast<double>(m2 / xs.size())};
}

void ExpectRelNear(double got, double want) {
  EXPECT_NEAR(got, want, std::abs(want) * 1e-10 + 1e-12);
}

TEST(VarianceAggregate, MatchesTwoPassAcrossGroupsBatchesAndMerge) {
  constexpr int kGroups = 4;
  std::vector<std::vector<double>> per_group(kGroups);
  std::vector<Value> values;
  std::vector<uint32_t> groups;
  uint64_t state = 12345;
  for (int i = 0; i < 3000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double x = 1e6 + static_cast<double>(state >> 40) / 1024.0;
    const auto g = static_cast<uint32_t>((state >> 20) % kGroups);
    if (i % 11 == 0) {
      values.push_back(Value::Null(LogicalType::Float64()));
    } else {
      values.push_back(Value::Float64(x));
      per_group[g].push_back(x);
    }
    groups.push_back(g);
  }
  ColumnPtr col = Col(LogicalType::Float64(), values);
  for (const char* name : {"var_samp", "var_pop", "stddev_samp", "stddev_pop"}) {
    // Half in aggregator a, half in b, merged.
    AggRunner a(name, {LogicalType::Float64()});
    AggRunner b(name, {LogicalType::Float64()});
    a.Resize(kGroups);
    b.Resize(kGroups);
    ASSERT_TRUE(a.agg().Update({Datum::Flat(col->Slice(0, 1000))}, groups.data(), 1000).ok());
    ASSERT_TRUE(b.agg().Update({Datum::Flat(col->Slice(1000, 2000))}, groups.data() + 1000, 2000)
                    .ok());
    ASSERT_TRUE(a.Merge(b, {0, 1, 2, 3}).ok());
    ColumnPtr out = a.Finalize();
    for (int g = 0; g < kGroups; ++g) {
      Expected e = TwoPass(per_group[g]);
      double want = std::string(name).find("samp") != std::string::npos ? e.var_samp : e.var_pop;
      if (std::string(name).rfind("stddev", 0) == 0) want = std::sqrt(want);
      ExpectRelNear(out->GetValue(g).GetDouble(), want);
    }
  }
  // Ungrouped path, two batches.
  std::vector<double> all;
  for (const auto& v : per_group) all.insert(all.end(), v.begin(), v.end());
  AggRunner one("var_samp", {LogicalType::Float64()});
  one.Resize(1);
  ASSERT_TRUE(one.UpdateAll({Datum::Flat(col->Slice(0, 1700))}, 1700).ok());
  ASSERT_TRUE(one.UpdateAll({Datum::Flat(col->Slice(1700, 1300))}, 1300).ok());
  ExpectRelNear(one.Finalize()->GetValue(0).GetDouble(), TwoPass(all).var_samp);
}

TEST(VarianceAggregate, LargeOffsetStaysAccurate) {
  for (bool grouped : {false, true}) {
    AggRunner var("var_samp", {LogicalType::Int64()});
    var.Resize(grouped ? 2 : 1);
    Datum x = Flat(LogicalType::Int64(),
                   I64s({1000000004000, 1000000007000, 1000000013000, 1000000016000}));
    if (grouped) {
      ASSERT_TRUE(var.Update({x}, {0, 0, 0, 0}).ok());
    } else {
      ASSERT_TRUE(var.UpdateAll({x}, 4).ok());
    }
    EXPECT_EQ(var.Finalize()->GetValue(0).GetDouble(), 30e6);
  }
}

TEST(VarianceAggregate, SmallGroupsAndConstants) {
  AggRunner samp("var_samp", {LogicalType::Int32()});
  AggRunner pop("var_pop", {LogicalType::Int32()});
  AggRunner sd("stddev_pop", {LogicalType::Int32()});
  Datum x = Flat(LogicalType::Int32(), I32s({5, 7, 7, 7, std::nullopt}));
  for (AggRunner* r : {&samp, &pop, &sd}) {
    r->Resize(4);
    ASSERT_TRUE(r->Update({x}, {0, 1, 1, 1, 2}).ok());
  }
  EXPECT_EQ(samp.FinalizeTexts(), (Strings{"NULL", "0", "NULL", "NULL"}));
  EXPECT_EQ(pop.FinalizeTexts(), (Strings{"0", "0", "NULL", "NULL"}));
  EXPECT_EQ(sd.FinalizeTexts(), (Strings{"0", "0", "NULL", "NULL"}));
}

TEST(VarianceAggregate, ScalarRepeatedAndAliases) {
  AggRunner var("variance", {LogicalType::Float64()});
  EXPECT_EQ(var.fn().name, "var_samp");
  var.Resize(1);
  ASSERT_TRUE(var.UpdateAll({Scalar(Value::Float64(2))}, 3).ok());
  ASSERT_TRUE(var.UpdateAll({Scalar(Value::Float64(6))}, 1).ok());
  // {2, 2, 2, 6}: mean 3, M2 = 3 + 9 = 12, var_samp = 4.
  EXPECT_EQ(var.FinalizeTexts(), (Strings{"4"}));

  AggRunner sd("stddev", {LogicalType::Float64()});
  EXPECT_EQ(sd.fn().name, "stddev_samp");
  sd.Resize(2);
  ASSERT_TRUE(sd.Update({Scalar(Value::Float64(2))}, {0, 1, 0, 0}).ok());
  ASSERT_TRUE(sd.Update({Scalar(Value::Float64(6))}, {0}).ok());
  EXPECT_EQ(sd.FinalizeTexts(), (Strings{"2", "NULL"}));
  EXPECT_TRUE(FunctionRegistry::Global().ResolveAggregate("var", {LogicalType::UInt8()}).ok());
}

}  // namespace
}  // namespace copra::aggtest
