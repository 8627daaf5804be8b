#include "exec/physical_operator.h"

#include <chrono>
#include <cstdio>

#include "common/cancel_flag.h"

namespace copra {

namespace {

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string FormatNanos(int64_t nanos) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3fms", static_cast<double>(nanos) / 1e6);
  return buf;
}

}  // namespace

Status ExecContext::CheckMemory(int64_t bytes, const char* what) const {
  if (memory_limit > 0 && bytes > memory_limit) {
    return Status::Error(ErrorCode::kOutOfMemory,
                         std::string(what) + " needs more than the query memory limit of " +
                             std::to_string(memory_limit) + " bytes (setting query_memory_limit)");
  }
  return Status::OK();
}

PhysicalOperator::PhysicalOperator(SchemaPtr schema, std::vector<PhysicalOperatorPtr> children)
    : schema_(std::move(schema)), children_(std::move(children)) {}

PhysicalOperator::PhysicalOperator(PhysicalOperatorPtr child) : schema_(child->schema()) {
  children_.push_back(std::move(child));
}

PhysicalOperator::~PhysicalOperator() = default;

std::vector<PhysicalOperatorPtr> Children(PhysicalOperatorPtr a, PhysicalOperatorPtr b) {
  std::vector<PhysicalOperatorPtr> out;
  out.push_back(std::move(a));
  if (b != nullptr) out.push_back(std::move(b));
  return out;
}

Status PhysicalOperator::Open(ExecContext* ctx) {
  ctx_ = ctx;
  for (PhysicalOperatorPtr& c : children_) COPRA_RETURN_NOT_OK(c->Open(ctx));
  int64_t start = NowNanos();
  ScopedCancelFlag cancel_scope(ctx->cancel);
  Status st = OpenImpl();
  metrics_.elapsed_nanos += NowNanos() - start;
  return st;
}

Result<BatchPtr> PhysicalOperator::Next() {
  COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
  int64_t start = NowNanos();
  ScopedCancelFlag cancel_scope(ctx_->cancel);
  Result<BatchPtr> out = NextImpl();
  metrics_.elapsed_nanos += NowNanos() - start;
  if (out.ok() && *out != nullptr) {
    metrics_.output_rows += (*out)->num_rows();
    metrics_.output_batches += 1;
  }
  return out;
}

std::string PhysicalOperator::ToString(bool analyze) const {
  std::string out;
  AppendTree(0, analyze, &out);
  if (!out.empty()) out.pop_back();
  return out;
}

void PhysicalOperator::AppendTree(int depth, bool analyze, std::string* out) const {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  out->append(name());
  std::string d = details();
  if (!d.empty()) out->append(": " + d);
  if (analyze) {
    int64_t children_nanos = 0;
    for (const PhysicalOperatorPtr& c : children_) children_nanos += c->metrics().elapsed_nanos;
    out->append(" [rows=" + std::to_string(metrics_.output_rows) +
                ", batches=" + std::to_string(metrics_.output_batches) +
                ", time=" + FormatNanos(metrics_.elapsed_nanos - children_nanos) +
                ", total_time=" + FormatNanos(metrics_.elapsed_nanos));
    const ScanMetrics& s = metrics_.scan;
    if (name() == "TableScan") {
      out->append(", rows_scanned=" + std::to_string(s.rows_scanned) +
                  ", files_scanned=" + std::to_string(s.files_scanned) +
                  ", files_pruned=" + std::to_string(s.files_pruned) +
                  ", row_groups_scanned=" + std::to_string(s.row_groups_scanned) +
                  ", row_groups_pruned=" + std::to_string(s.row_groups_pruned) +
                  ", pages_scanned=" + std::to_string(s.pages_scanned) +
                  ", pages_pruned=" + std::to_string(s.pages_pruned));
    }
    out->append("]");
  }
  out->push_back('\n');
  for (const PhysicalOperatorPtr& c : children_) c->AppendTree(depth + 1, analyze, out);
}

}  // namespace copra
