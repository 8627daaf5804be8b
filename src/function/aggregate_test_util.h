// Test helpers for the aggregate tests (src/function/aggregate_*_test.cpp):
// build columns from Values, run a registered aggregate through
// FunctionRegistry::Global(), read results back as strings.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "function/aggregate_function.h"
#include "function/function_registry.h"
#include "vector/column.h"

namespace copra::aggtest {

inline ColumnPtr Col(const LogicalType& type, const std::vector<Value>& values) {
  Result<ColumnPtr> r = Column::FromValues(type, values);
  COPRA_CHECK_MSG(r.ok(), r.status().message());
  return *r;
}
inline Datum Flat(const LogicalType& type, const std::vector<Value>& values) {
  return Datum::Flat(Col(type, values));
}
inline Datum Scalar(const Value& v) { return Datum::FromValue(v); }

inline std::vector<Value> I32s(std::initializer_list<std::optional<int32_t>> xs) {
  std::vector<Value> out;
  for (auto x : xs) out.push_back(x ? Value::Int32(*x) : Value::Null(LogicalType::Int32()));
  return out;
}
inline std::vector<Value> I64s(std::initializer_list<std::optional<int64_t>> xs) {
  std::vector<Value> out;
  for (auto x : xs) out.push_back(x ? Value::Int64(*x) : Value::Null(LogicalType::Int64()));
  return out;
}
inline std::vector<Value> F64s(std::initializer_list<std::optional<double>> xs) {
  std::vector<Value> out;
  for (auto x : xs) out.push_back(x ? Value::Float64(*x) : Value::Null(LogicalType::Float64()));
  return out;
}
inline std::vector<Value> Strs(std::initializer_list<std::optional<std::string>> xs) {
  std::vector<Value> out;
  for (const auto& x : xs) out.push_back(x ? Value::String(*x) : Value::Null(LogicalType::String()));
  return out;
}

// Row values as text ("NULL" for NULL), for compact assertions.
inline std::vector<std::string> Texts(const Column& col) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < col.length(); ++i) {
    Value v = col.GetValue(i);
    out.push_back(v.is_null() ? "NULL" : v.ToString());
  }
  return out;
}
using Strings = std::vector<std::string>;

// One aggregator of a registered overload.
class AggRunner {
 public:
  AggRunner(const std::string& name, const std::vector<LogicalType>& types) {
    auto r = FunctionRegistry::Global().ResolveAggregate(name, types);
    COPRA_CHECK_MSG(r.ok(), r.status().message());
    fn_ = r->function;
    agg_ = fn_->make(*fn_);
  }

  const AggregateFunction& fn() const { return *fn_; }
  GroupedAggregator& agg() { return *agg_; }

  void Resize(int64_t n) { agg_->Resize(n); }
  // One row per group id.
  Status Update(const std::vector<Datum>& args, const std::vector<uint32_t>& group_ids) {
    return agg_->Update(args, group_ids.data(), static_cast<int64_t>(group_ids.size()));
  }
  // Ungrouped (group_ids == nullptr).
  Status UpdateAll(const std::vector<Datum>& args, int64_t num_rows) {
    return agg_->Update(args, nullptr, num_rows);
  }
  Status Merge(AggRunner& other, const std::vector<uint32_t>& group_map) {
    return agg_->Merge(*other.agg_, group_map.data());
  }
  ColumnPtr Finalize() {
    Result<ColumnPtr> r = agg_->Finalize();
    COPRA_CHECK_MSG(r.ok(), r.status().message());
    COPRA_CHECK((*r)->type() == fn_->return_type);
    COPRA_CHECK((*r)->Validate().ok());
    return *r;
  }
  Strings FinalizeTexts() { return Texts(*Finalize()); }

 private:
  const AggregateFunction* fn_ = nullptr;
  std::unique_ptr<GroupedAggregator> agg_;
};

}  // namespace copra::aggtest
