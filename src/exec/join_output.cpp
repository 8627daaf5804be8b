#include "exec/join_output.h"

#include <algorithm>
#include <limits>

#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

const char* JoinTypeLabel(LogicalJoinType type) {
  switch (type) {
    case LogicalJoinType::kInner: return "Inner";
    case LogicalJoinType::kLeft: return "Left";
    case LogicalJoinType::kRight: return "Right";
    case LogicalJoinType::kFull: return "Full";
    case LogicalJoinType::kCross: return "Cross";
    case LogicalJoinType::kSemi: return "Semi";
    case LogicalJoinType::kAnti: return "Anti";
  }
  return "?";
}

ColumnPtr TakeColumnOrNull(const Column& col, const std::vector<int32_t>& rows) {
  const auto n = static_cast<int64_t>(rows.size());
  if (col.type().IsNull()) return Column::MakeNull(col.type(), n);
  int64_t nulls = 0;
  for (int32_t r : rows) nulls += r < 0 ? 1 : 0;
  if (nulls == 0) return TakeColumn(col, rows.data(), n);
  if (nulls == n) return Column::MakeNull(col.type(), n);
  if (col.type().IsVarWidth()) {
    // Gathering a stand-in row for the NULLs could copy a long string many
    // times; build row by row instead.
    ColumnBuilder builder(col.type(), n);
    for (int32_t r : rows) {
      if (r < 0) {
        builder.AppendNull();
      } else {
        builder.AppendFrom(col, r);
      }
    }
    return builder.Finish();
  }
  // Fixed width: gather with row 0 standing in for the NULL rows, then mask
  // them out of the validity bitmap.
  std::vector<int32_t> indices(rows);
  for (int32_t& r : indices) r = std::max(r, 0);
  ColumnPtr taken = TakeColumn(col, indices.data(), n);
  BufferPtr validity = Buffer::Allocate(bit_util::BytesForBits(n));
  uint8_t* bits = validity->mutable_data();
  int64_t valid = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (rows[static_cast<size_t>(i)] >= 0 && taken->IsValid(i)) {
      bit_util::SetBit(bits, i);
      ++valid;
    }
  }
  return std::make_shared<Column>(col.type(), n, std::move(validity), taken->values_buffer(),
                                  taken->data_buffer(), n - valid, taken->offset());
}

int64_t EstimateBatchBytes(const Batch& batch) {
  const int64_t n = batch.num_rows();
  int64_t bytes = 0;
  for (const ColumnPtr& c : batch.columns()) {
    if (c->validity_bits() != nullptr) bytes += (n + 7) / 8;
    const LogicalType& type = c->type();
    if (type.IsVarWidth()) {
      if (n > 0) bytes += (n + 1) * 4 + (c->data<int32_t>()[n] - c->data<int32_t>()[0]);
    } else if (type.IsBoolean()) {
      bytes += (n + 7) / 8;
    } else {
      bytes += n * type.ByteWidth();
    }
  }
  return bytes;
}

Result<BatchPtr> MaterializeInput(PhysicalOperator& input, const ExecContext& ctx,
                                  const char* what) {
  std::vector<BatchPtr> batches;
  int64_t rows = 0;
  int64_t bytes = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr b, input.Next());
    if (b == nullptr) break;
    rows += b->num_rows();
    bytes += EstimateBatchBytes(*b);
    COPRA_RETURN_NOT_OK(ctx.CheckMemory(bytes, what));
    if (rows > std::numeric_limits<int32_t>::max()) {
      return Status::NotSupported(std::string(what) + " has more than 2147483647 rows");
    }
    batches.push_back(std::move(b));
  }
  const Schema& schema = *input.schema();
  if (batches.size() == 1 && batches[0]->schema() == input.schema()) return batches[0];
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < schema.num_fields(); ++c) {
    if (batches.empty()) {
      columns.push_back(Column::MakeNull(schema.field(c).type, 0));
      continue;
    }
    std::vector<ColumnPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    columns.push_back(ConcatColumns(parts));
  }
  return Batch::Make(input.schema(), std::move(columns), rows);
}

void JoinPairs::Retain(const std::vector<int32_t>& kept_indices) {
  size_t out = 0;
  for (int32_t i : kept_indices) {
    left[out] = left[static_cast<size_t>(i)];
    right[out] = right[static_cast<size_t>(i)];
    ++out;
  }
  left.resize(out);
  right.resize(out);
}

BatchPtr GatherJoinRows(const SchemaPtr& schema, const Schema& left_schema, const Batch* left,
                        const Batch& right, const JoinPairs& pairs, bool left_only) {
  const int64_t n = static_cast<int64_t>(pairs.size());
  std::vector<ColumnPtr> columns;
  if (left == nullptr) {
    for (const Field& f : left_schema.fields()) columns.push_back(Column::MakeNull(f.type, n));
  } else {
    for (const ColumnPtr& c : left->columns()) columns.push_back(TakeColumnOrNull(*c, pairs.left));
  }
  if (!left_only) {
    for (const ColumnPtr& c : right.columns()) {
      columns.push_back(TakeColumnOrNull(*c, pairs.right));
    }
  }
  return Batch::Make(schema, std::move(columns), n);
}

}  // namespace copra
