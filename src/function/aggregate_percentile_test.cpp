#include <cmath>

#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

Datum Fraction(double f) { return Scalar(Value::Float64(f)); }

TEST(PercentileAggregate, InterpolatesLikePostgres) {
  // Group 0: {1, 2, 3, 4} (shuffled); group 1: {10}; group 2: only NULL; group 3: no rows.
  Datum x = Flat(LogicalType::Float64(), F64s({3, 10, 1, std::nullopt, 4, 2}));
  std::vector<uint32_t> groups = {0, 1, 0, 2, 0, 0};
  struct Case {
    double fraction;
    Strings want;
  };
  for (const Case& c : {Case{0.5, {"2.5", "10", "NULL", "NULL"}},
                        Case{0.25, {"1.75", "10", "NULL", "NULL"}},
                        Case{0.0, {"1", "10", "NULL", "NULL"}},
                        Case{1.0, {"4", "10", "NULL", "NULL"}},
                        Case{0.9, {"3.7", "10", "NULL", "NULL"}}}) {
    AggRunner p("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
    p.Resize(4);
    ASSERT_TRUE(p.Update({x, Fraction(c.fraction)}, groups).ok());
    ColumnPtr out = p.Finalize();
    for (int g = 0; g < 4; ++g) {
      if (c.want[g] == "NULL") {
        EXPECT_TRUE(out->IsNull(g));
      } else {
        EXPECT_NEAR(out->GetValue(g).GetDouble(), std::stod(c.want[g]), 1e-12)
            << c.fraction << " group " << g;
      }
    }
  }
}

TEST(PercentileAggregate, IntegersUngroupedAcrossBatches) {
  AggRunner p("percentile_cont", {LogicalType::Int32(), LogicalType::Float64()});
  EXPECT_EQ(p.fn().return_type, LogicalType::Float64());
  p.Resize(1);
  // 1..10 in two batches: pos = 0.33 * 9 = 2.97 → 3 + 0.97 * (4 - 3).
  ASSERT_TRUE(p.UpdateAll({Flat(LogicalType::Int32(), I32s({10, 2, 7, 4, 5})), Fraction(0.33)}, 5)
                  .ok());
  ASSERT_TRUE(p.UpdateAll({Flat(LogicalType::Int32(), I32s({6, 1, 8, 9, 3})), Fraction(0.33)}, 5)
                  .ok());
  EXPECT_NEAR(p.Finalize()->GetValue(0).GetDouble(), 3.97, 1e-12);
}

TEST(PercentileAggregate, MedianAndAliases) {
  AggRunner m("median", {LogicalType::Int64()});
  m.Resize(2);
  ASSERT_TRUE(m.Update({Flat(LogicalType::Int64(), I64s({5, 1, 3, 8, 2}))}, {0, 0, 0, 1, 1}).ok());
  EXPECT_EQ(m.FinalizeTexts(), (Strings{"3", "5"}));

  AggRunner approx("approx_percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  EXPECT_EQ(approx.fn().name, "percentile_cont");
  // Integer fraction literals resolve by implicit cast to DOUBLE.
  auto r = FunctionRegistry::Global().ResolveAggregate("approx_percentile_cont",
                                                        {LogicalType::Int64(), LogicalType::Int32()});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cast_to[1], LogicalType::Float64());
  EXPECT_TRUE(FunctionRegistry::Global().ResolveAggregate("approx_median", {LogicalType::Int8()}).ok());
}

TEST(PercentileAggregate, FractionMustBeAConstantInRange) {
  Datum x = Flat(LogicalType::Float64(), F64s({1, 2}));
  for (double bad : {-0.1, 1.5, std::nan("")}) {
    AggRunner p("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
    p.Resize(1);
    Status st = p.UpdateAll({x, Fraction(bad)}, 2);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), ErrorCode::kInvalidParameter);
  }
  AggRunner varying("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  varying.Resize(1);
  Status st = varying.UpdateAll({x, Flat(LogicalType::Float64(), F64s({0.1, 0.2}))}, 2);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidParameter);
  // A flat column holding one value throughout is accepted.
  AggRunner same("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  same.Resize(1);
  ASSERT_TRUE(same.UpdateAll({x, Flat(LogicalType::Float64(), F64s({0.5, 0.5}))}, 2).ok());
  EXPECT_EQ(same.FinalizeTexts(), (Strings{"1.5"}));
  // NULL fraction → NULL.
  AggRunner null_fraction("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  null_fraction.Resize(2);
  ASSERT_TRUE(null_fraction.Update({x, Scalar(Value::Null(LogicalType::Float64()))}, {0, 1}).ok());
  EXPECT_EQ(null_fraction.FinalizeTexts(), (Strings{"NULL", "NULL"}));
}

TEST(PercentileAggregate, MergeAndScalarInput) {
  AggRunner a("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  AggRunner b("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  a.Resize(2);
  b.Resize(1);
  ASSERT_TRUE(a.Update({Scalar(Value::Float64(1)), Fraction(0.5)}, {0, 0, 1}).ok());
  ASSERT_TRUE(b.Update({Flat(LogicalType::Float64(), F64s({4, 5})), Fraction(0.5)}, {0, 0}).ok());
  ASSERT_TRUE(a.Merge(b, {0}).ok());
  // Group 0: {1, 1, 4, 5} → 2.5; group 1: {1}.
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"2.5", "1"}));
}

TEST(PercentileAggregate, NaNSortsLast) {
  AggRunner p("percentile_cont", {LogicalType::Float64(), LogicalType::Float64()});
  p.Resize(1);
  ASSERT_TRUE(p.UpdateAll({Flat(LogicalType::Float64(), F64s({std::nan(""), 1, 2})), Fraction(0.5)},
                          3)
                  .ok());
  EXPECT_EQ(p.FinalizeTexts(), (Strings{"2"}));
}

}  // namespace
}  // namespace copra::aggtest
