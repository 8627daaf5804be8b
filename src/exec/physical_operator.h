// PhysicalOperator: a node of an executable plan. Execution is pull-based
// and vectorized: the consumer calls Next() and gets the next batch (at most
// ctx->batch_size rows) or nullptr at the end, so the first rows reach the
// client before the last are computed.
//
// Lifecycle: Open(ctx) once (opens children first), then Next() until
// nullptr or an error. An operator is used by one thread at a time. Adding an
// operator: see docs/operators.md (the checklist).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/table.h"
#include "common/status.h"
#include "exec/expression_evaluator.h"
#include "vector/batch.h"

namespace copra {

struct ExecContext {
  // Set by another thread to cancel the statement (Session::Cancel).
  const std::atomic<bool>* cancel = nullptr;
  int64_t batch_size = kDefaultBatchSize;
  EvalContext eval;
  // Bytes a single blocking operator (sort, aggregate, join build) may hold;
  // exceeding it fails the query with kOutOfMemory. 0 = unlimited.
  int64_t memory_limit = 0;

  Status CheckCancelled() const {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
      return Status::Cancelled("canceling statement due to user request");
    }
    return Status::OK();
  }
  Status CheckMemory(int64_t bytes, const char* what) const;
};

struct OperatorMetrics {
  int64_t output_rows = 0;
  int64_t output_batches = 0;
  int64_t elapsed_nanos = 0;  // inclusive of children
  ScanMetrics scan;           // scans only
};

class PhysicalOperator;
using PhysicalOperatorPtr = std::unique_ptr<PhysicalOperator>;

// {a} or {a, b}: the children vector for one- and two-input operators.
std::vector<PhysicalOperatorPtr> Children(PhysicalOperatorPtr a, PhysicalOperatorPtr b = nullptr);

class PhysicalOperator {
 public:
  PhysicalOperator(SchemaPtr schema, std::vector<PhysicalOperatorPtr> children);
  // A single-child operator whose output schema is the child's.
  explicit PhysicalOperator(PhysicalOperatorPtr child);
  virtual ~PhysicalOperator();

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<PhysicalOperatorPtr>& children() const { return children_; }

  Status Open(ExecContext* ctx);
  // Next batch (never empty) or nullptr at the end.
  Result<BatchPtr> Next();

  // "HashAggregate", "TableScan", ...
  virtual std::string name() const = 0;
  // Parameters for EXPLAIN: "keys=[host], aggr=[avg(cpu)]".
  virtual std::string details() const { return ""; }
  const OperatorMetrics& metrics() const { return metrics_; }

  // The indented tree; with `analyze`, each line also shows rows and time.
  std::string ToString(bool analyze) const;

 protected:
  virtual Status OpenImpl() { return Status::OK(); }
  virtual Result<BatchPtr> NextImpl() = 0;
  PhysicalOperator& child(size_t i = 0) { return *children_[i]; }
  // For operators that run a fresh plan per step (TimeSlice): the new child
  // is shown by EXPLAIN; the caller opens it.
  void ReplaceChild(size_t i, PhysicalOperatorPtr op) { children_[i] = std::move(op); }

  ExecContext* ctx_ = nullptr;
  OperatorMetrics metrics_;

 private:
  void AppendTree(int depth, bool analyze, std::string* out) const;

  SchemaPtr schema_;
  std::vector<PhysicalOperatorPtr> children_;
};

}  // namespace copra
