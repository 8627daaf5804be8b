// QueryResult: the outcome of one statement. Row-returning statements stream
// batches through Next(); commands report a tag and an affected-row count.
//
// Not thread-safe; owned by the caller of Session::Execute*.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "vector/batch.h"

namespace copra {

class QueryResult {
 public:
  // Produces the next batch, or nullptr at the end.
  using BatchSource = std::function<Result<BatchPtr>()>;

  // A row-returning result; `tag_verb` is "SELECT", "SHOW", "EXPLAIN", ...
  static std::unique_ptr<QueryResult> Rows(SchemaPtr schema, BatchSource source,
                                           std::string tag_verb = "SELECT");
  // Rows already computed.
  static std::unique_ptr<QueryResult> Materialized(SchemaPtr schema,
                                                   std::vector<BatchPtr> batches,
                                                   std::string tag_verb = "SELECT");
  // A command: `tag` like "CREATE TABLE", "INSERT 0 5", "DELETE 3".
  static std::unique_ptr<QueryResult> Command(std::string tag, int64_t rows_affected = 0);

  bool returns_rows() const { return schema_ != nullptr; }
  // REQUIRES: returns_rows().
  const SchemaPtr& schema() const { return schema_; }

  // Next batch (never empty), or nullptr when exhausted. After an error the
  // result is exhausted.
  Result<BatchPtr> Next();
  // Drains the remaining batches into a vector.
  Result<std::vector<BatchPtr>> FetchAll();

  // Rows returned so far (row results) or affected (commands).
  int64_t rows() const { return rows_; }
  // PostgreSQL command tag, e.g. "SELECT 3"; final once exhausted.
  std::string command_tag() const;

 private:
  QueryResult() = default;

  SchemaPtr schema_;
  BatchSource source_;
  std::string tag_verb_;
  std::string command_tag_;
  int64_t rows_ = 0;
  bool done_ = false;
};

}  // namespace copra
