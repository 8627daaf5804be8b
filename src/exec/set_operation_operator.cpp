#include "exec/set_operation_operator.h"

#include "exec/row_key.h"
#include "vector/selection.h"

namespace copra {

namespace {

std::vector<Datum> AllColumns(const Batch& batch) {
  std::vector<Datum> out;
  for (const ColumnPtr& c : batch.columns()) out.push_back(Datum::Flat(c));
  return out;
}

}  // namespace

SetOperationOperator::SetOperationOperator(SchemaPtr schema, PhysicalOperatorPtr left,
                                           PhysicalOperatorPtr right, SetOperationType type,
                                           bool all)
    : PhysicalOperator(std::move(schema), Children(std::move(left), std::move(right))),
      type_(type),
      all_(all) {}

std::string SetOperationOperator::name() const {
  std::string n = type_ == SetOperationType::kIntersect ? "HashIntersect" : "HashExcept";
  return all_ ? n + "All" : n;
}

Status SetOperationOperator::BuildRight() {
  RowKeyEncoder encoder(std::vector<KeyOrder>(schema()->num_fields()));
  std::vector<std::string> keys;
  int64_t bytes = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child(1).Next());
    if (batch == nullptr) break;
    encoder.Encode(AllColumns(*batch), batch->num_rows(), &keys);
    for (std::string& k : keys) {
      bytes += static_cast<int64_t>(k.size()) + 48;
      right_counts_[std::move(k)] += 1;
    }
    COPRA_RETURN_NOT_OK(ctx_->CheckMemory(bytes, name().c_str()));
  }
  return Status::OK();
}

Result<BatchPtr> SetOperationOperator::NextImpl() {
  if (!built_) {
    built_ = true;
    COPRA_RETURN_NOT_OK(BuildRight());
  }
  RowKeyEncoder encoder(std::vector<KeyOrder>(schema()->num_fields()));
  std::vector<std::string> keys;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child(0).Next());
    if (batch == nullptr) return batch;
    encoder.Encode(AllColumns(*batch), batch->num_rows(), &keys);
    std::vector<int32_t> keep;
    for (size_t r = 0; r < keys.size(); ++r) {
      auto it = right_counts_.find(keys[r]);
      int64_t in_right = it == right_counts_.end() ? 0 : it->second;
      bool emit = false;
      if (type_ == SetOperationType::kIntersect) {
        if (all_) {
          if (in_right > 0) {
            emit = true;
            it->second -= 1;
          }
        } else {
          emit = in_right > 0 && emitted_[keys[r]]++ == 0;
        }
      } else {  // EXCEPT
        if (all_) {
          if (in_right > 0) {
            it->second -= 1;
          } else {
            emit = true;
          }
        } else {
          emit = in_right == 0 && emitted_[keys[r]]++ == 0;
        }
      }
      if (emit) keep.push_back(static_cast<int32_t>(r));
    }
    if (keep.empty()) continue;
    BatchPtr out = TakeBatch(*batch, keep.data(), static_cast<int64_t>(keep.size()));
    return Batch::Make(schema(), out->columns(), out->num_rows());
  }
}

}  // namespace copra
