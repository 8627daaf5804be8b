#include "engine/query_result.h"

namespace copra {

std::unique_ptr<QueryResult> QueryResult::Rows(SchemaPtr schema, BatchSource source,
                                               std::string tag_verb) {
  std::unique_ptr<QueryResult> r(new QueryResult());
  r->schema_ = std::move(schema);
  r->source_ = std::move(source);
  r->tag_verb_ = std::move(tag_verb);
  return r;
}

std::unique_ptr<QueryResult> QueryResult::Materialized(SchemaPtr schema,
                                                       std::vector<BatchPtr> batches,
                                                       std::string tag_verb) {
  auto shared = std::make_shared<std::vector<BatchPtr>>(std::move(batches));
  size_t next = 0;
  BatchSource source = [shared, next]() mutable -> Result<BatchPtr> {
    while (next < shared->size()) {
      BatchPtr b = (*shared)[next++];
      if (b != nullptr && b->num_rows() > 0) return b;
    }
    return BatchPtr();
  };
  return Rows(std::move(schema), std::move(source), std::move(tag_verb));
}

std::unique_ptr<QueryResult> QueryResult::Command(std::string tag, int64_t rows_affected) {
  std::unique_ptr<QueryResult> r(new QueryResult());
  r->command_tag_ = std::move(tag);
  r->rows_ = rows_affected;
  r->done_ = true;
  return r;
}

Result<BatchPtr> QueryResult::Next() {
  if (done_ || !source_) {
    done_ = true;
    return BatchPtr();
  }
  while (true) {
    Result<BatchPtr> next = source_();
    if (!next.ok()) {
      done_ = true;
      source_ = nullptr;
      return next.status();
    }
    BatchPtr batch = std::move(next).value();
    if (batch == nullptr) {
      done_ = true;
      source_ = nullptr;  // releases the operator tree early
      return BatchPtr();
    }
    if (batch->num_rows() == 0) continue;
    rows_ += batch->num_rows();
    return batch;
  }
}

Result<std::vector<BatchPtr>> QueryResult::FetchAll() {
  std::vector<BatchPtr> out;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr b, Next());
    if (b == nullptr) break;
    out.push_back(std::move(b));
  }
  return out;
}

std::string QueryResult::command_tag() const {
  if (!returns_rows()) return command_tag_;
  return tag_verb_ + " " + std::to_string(rows_);
}

}  // namespace copra
