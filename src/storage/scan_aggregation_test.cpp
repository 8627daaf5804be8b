#include "storage/scan_aggregation.h"

#include <gtest/gtest.h>

#include <map>

#include "function/function_registry.h"
#include "planner/bound_expr.h"
#include "vector/column_builder.h"

namespace copra::storage {
namespace {

class VectorReader : public BatchReader {
 public:
  VectorReader(SchemaPtr schema, std::vector<BatchPtr> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<BatchPtr> Next() override {
    if (next_ >= batches_.size()) return BatchPtr();
    return batches_[next_++];
  }

 private:
  SchemaPtr schema_;
  std::vector<BatchPtr> batches_;
  size_t next_ = 0;
};

const AggregateFunction* Aggregate(const std::string& name, std::vector<LogicalType> args) {
  auto r = FunctionRegistry::Global().ResolveAggregate(name, args);
  EXPECT_TRUE(r.ok());
  return r->function;
}

// Table columns (host STRING, v DOUBLE); the reader produces them in that
// order. Partial rows: host, sum(v), count(*) — several per host when the
// input is cut into partials every `rows_per_partial` rows.
std::map<std::string, std::pair<double, int64_t>> AggregateSample(int64_t rows_per_partial,
                                                                  int64_t* partial_rows,
                                                                  ScanMetrics* metrics) {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{
      Field{"host", LogicalType::String(), true}, Field{"v", LogicalType::Float64(), true}});
  std::vector<BatchPtr> batches;
  for (int b = 0; b < 4; ++b) {
    ColumnBuilder host(LogicalType::String()), v(LogicalType::Float64());
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(host.AppendString(i == 2 ? "b" : "a").ok());
      if (b == 3 && i == 0) {
        v.AppendNull();
      } else {
        v.Append<double>(b * 10 + i);
      }
    }
    batches.push_back(Batch::Make(schema, {host.Finish(), v.Finish()}, 3));
  }
  auto aggregation = std::make_shared<ScanAggregation>();
  aggregation->groups = {BoundExpr::ColumnRef(0, LogicalType::String(), "host")};
  ScanAggregation::Call sum{Aggregate("sum", {LogicalType::Float64()}),
                            {BoundExpr::ColumnRef(1, LogicalType::Float64(), "v")}};
  ScanAggregation::Call count{Aggregate("count", {}), {}};
  aggregation->calls = {sum, count};
  aggregation->schema = std::make_shared<const Schema>(std::vector<Field>{
      Field{"host", LogicalType::String(), true}, Field{"sum(v)", LogicalType::Float64(), true},
      Field{"count(*)", LogicalType::Int64(), true}});
  // Filter: v <> 11 (drops one row of host a; NULL v drops too).
  auto ne = FunctionRegistry::Global().ResolveScalar(
      "<>", {LogicalType::Float64(), LogicalType::Float64()});
  EXPECT_TRUE(ne.ok());
  BoundExprPtr filter =
      BoundExpr::Function(ne->function, {BoundExpr::ColumnRef(1, LogicalType::Float64(), "v"),
                                         BoundExpr::Constant(Value::Float64(11))});
  auto reader = MakeScanAggregateReader(std::make_unique<VectorReader>(schema, batches), {0, 1},
                                        {filter}, aggregation, 2, metrics, rows_per_partial);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::map<std::string, std::pair<double, int64_t>> totals;
  *partial_rows = 0;
  while (true) {
    auto b = (*reader)->Next();
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    if (!b.ok() || *b == nullptr) break;
    EXPECT_LE((*b)->num_rows(), 2);  // batch_size
    for (int64_t r = 0; r < (*b)->num_rows(); ++r) {
      auto& t = totals[(*b)->column(0)->GetValue(r).GetString()];
      t.first += (*b)->column(1)->GetValue(r).GetDouble();
      t.second += (*b)->column(2)->GetValue(r).GetInt64();
      ++*partial_rows;
    }
  }
  return totals;
}

TEST(ScanAggregationTest, FiltersThenAggregatesPerGroup) {
  ScanMetrics metrics;
  int64_t partial_rows = 0;
  auto totals = AggregateSample(1 << 20, &partial_rows, &metrics);
  // a: 0,1, 10,(11 filtered), 20,21, (NULL filtered),31 → sum 83, 6 rows
  // b: 2, 12, 22, 32 → sum 68, 4 rows
  EXPECT_EQ(totals["a"], (std::pair<double, int64_t>{83, 6}));
  EXPECT_EQ(totals["b"], (std::pair<double, int64_t>{68, 4}));
  EXPECT_EQ(partial_rows, 2);  // one partial row per group
  EXPECT_EQ(metrics.rows_scanned, 12);
}

TEST(ScanAggregationTest, EmitsPartialsEverySoManyRowsThatMergeToTheSame) {
  ScanMetrics metrics;
  int64_t partial_rows = 0;
  auto totals = AggregateSample(5, &partial_rows, &metrics);  // two batches (6 rows) per partial
  EXPECT_EQ(totals["a"], (std::pair<double, int64_t>{83, 6}));
  EXPECT_EQ(totals["b"], (std::pair<double, int64_t>{68, 4}));
  EXPECT_EQ(partial_rows, 4);
}

}  // namespace
}  // namespace copra::storage
