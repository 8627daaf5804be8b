// Test-only helpers for optimizer unit tests: small in-memory tables and
// terse builders for bound expressions and plans, so a test reads like the
// plan it builds. Failures to build abort the test (they are test bugs).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "function/scalar_function.h"
#include "optimizer/optimizer.h"
#include "optimizer/rules.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"
#include "planner/logical_plan.h"
#include "sql/parser.h"
#include "storage/memory_table.h"

namespace copra::plan_test {

// A MemoryTable; `time_index` names the TIME INDEX column or is empty.
inline TablePtr MakeTable(const std::string& name,
                          std::vector<std::pair<std::string, LogicalType>> columns,
                          const std::string& time_index = "") {
  std::vector<TableColumn> cols;
  int ti = -1;
  for (auto& [n, t] : columns) {
    TableColumn c;
    c.name = n;
    c.type = t;
    if (n == time_index) {
      ti = static_cast<int>(cols.size());
      c.role = ColumnRole::kTimeIndex;
      c.nullable = false;
    }
    cols.push_back(std::move(c));
  }
  return std::make_shared<MemoryTable>(name, TableSchema(std::move(cols), {}, ti, {}));
}

// A scan of every column of `table`.
inline LogicalPlanPtr Scan(const TablePtr& table) {
  std::vector<int> projection;
  for (size_t i = 0; i < table->schema().num_columns(); ++i) {
    projection.push_back(static_cast<int>(i));
  }
  return MakeScan(table, table->name(), std::move(projection));
}

// Parses and binds one SELECT over `catalog` (database "public") and
// returns the unoptimized plan; nullptr (with a test failure) on error.
inline LogicalPlanPtr BindSql(Catalog* catalog, const std::string& sql) {
  Result<std::vector<StatementPtr>> parsed = ParseSql(sql);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  if (!parsed.ok() || parsed->size() != 1) return nullptr;
  const Statement& stmt = *(*parsed)[0];
  EXPECT_EQ(stmt.kind, StatementKind::kSelect);
  if (stmt.kind != StatementKind::kSelect) return nullptr;
  Binder binder(catalog, kDefaultDatabase);
  Result<BoundQuery> bound = binder.BindQuery(*stmt.As<SelectStatement>().query);
  EXPECT_TRUE(bound.ok()) << bound.status().ToString();
  if (!bound.ok()) return nullptr;
  return std::move(bound->plan);
}

// Column ref `i` of `plan`'s output (for joins: of left ++ right, pass
// the join's schema).
inline BoundExprPtr Col(const Schema& input, int i) {
  const Field& f = input.field(static_cast<size_t>(i));
  return BoundExpr::ColumnRef(i, f.type, f.name);
}
inline BoundExprPtr Col(const LogicalPlan& input, int i) { return Col(*input.schema, i); }

inline BoundExprPtr Int(int64_t v) { return BoundExpr::Constant(Value::Int64(v)); }
inline BoundExprPtr Str(const std::string& v) { return BoundExpr::Constant(Value::String(v)); }
inline BoundExprPtr Ts(int64_t ticks, TimeUnit unit = TimeUnit::kMillisecond) {
  return BoundExpr::Constant(Value::Timestamp(ticks, unit));
}

// A scalar function or operator call, resolved as the binder would.
inline BoundExprPtr Call(const std::string& fn, std::vector<BoundExprPtr> args) {
  Result<BoundExprPtr> e = MakeFunctionCall(fn, std::move(args), SourcePosition{});
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? *e : nullptr;
}

inline BoundExprPtr And(std::vector<BoundExprPtr> c) { return BoundExpr::And(std::move(c)); }

// random() stand-in: a non-deterministic function (never evaluated here).
inline BoundExprPtr Random() {
  static const ScalarFunction* fn = [] {
    auto* f = new ScalarFunction();
    f->name = "random";
    f->return_type = LogicalType::Float64();
    f->deterministic = false;
    return f;
  }();
  return BoundExpr::Function(fn, {});
}

inline std::vector<std::string> Names(const LogicalPlan& plan) {
  std::vector<std::string> out;
  for (const Field& f : plan.schema->fields()) out.push_back(f.name);
  return out;
}

// Applies one rule, checks the plan and that the output columns kept their
// types, and returns the plan's text.
inline std::string ApplyRule(const OptimizerRule& rule, LogicalPlanPtr* plan) {
  SchemaPtr before = (*plan)->schema;
  EXPECT_TRUE(CheckPlan(**plan).ok()) << "input plan:\n" << (*plan)->ToString();
  Result<LogicalPlanPtr> out = rule.Apply(std::move(*plan));
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return "";
  *plan = std::move(out).value();
  Status check = CheckPlan(**plan);
  EXPECT_TRUE(check.ok()) << check.ToString() << "\n" << (*plan)->ToString();
  EXPECT_EQ(before->num_fields(), (*plan)->schema->num_fields());
  for (size_t i = 0; i < before->num_fields() && i < (*plan)->schema->num_fields(); ++i) {
    EXPECT_EQ(before->field(i).type, (*plan)->schema->field(i).type) << "column " << i;
  }
  return (*plan)->ToString();
}

}  // namespace copra::plan_test
