// string_agg(x, separator): STRING → STRING, BINARY → BINARY. Concatenates
// the group's non-NULL values in input order; as in PostgreSQL, each value
// after the first is preceded by the separator of its own row (a NULL
// separator counts as empty), and a group without values gives NULL.
// Order-sensitive: Merge appends `other`'s groups after this one's.
#include <string>

#include "function/aggregate_kernel.h"
#include "vector/column_builder.h"

namespace copra::agg {

namespace {

class StringAggAggregator final : public GroupedAggregator {
 public:
  explicit StringAggAggregator(const AggregateFunction& fn) : return_type_(fn.return_type) {}

  void Resize(int64_t num_groups) override {
    const auto n = static_cast<size_t>(num_groups);
    text_.resize(n);
    first_separator_.resize(n);
    has_.resize(n, 0);
  }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    const Datum& value = args[0];
    const Datum& sep = args[1];
    const Reader<std::string_view> values(*value.column);
    const Reader<std::string_view> seps(*sep.column);
    const bool one_group = group_ids == nullptr || has_.size() == 1;
    ForEachValid(value, num_rows, [&](int64_t row, int64_t idx) {
      const uint32_t g = one_group ? 0 : group_ids[row];
      const int64_t s = sep.Index(row);
      const std::string_view separator = sep.column->IsValid(s) ? seps[s] : std::string_view();
      Append(g, separator, values[idx]);
    });
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<StringAggAggregator>(other);
    for (size_t g = 0; g < o.has_.size(); ++g) {
      if (o.has_[g]) Append(group_map[g], o.first_separator_[g], o.text_[g]);
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    ColumnBuilder builder(return_type_, static_cast<int64_t>(has_.size()));
    for (size_t g = 0; g < has_.size(); ++g) {
      if (has_[g]) {
        COPRA_RETURN_NOT_OK(builder.AppendString(text_[g]));
      } else {
        builder.AppendNull();
      }
    }
    return builder.Finish();
  }

 private:
  void Append(uint32_t g, std::string_view separator, std::string_view text) {
    if (!has_[g]) {
      has_[g] = 1;
      first_separator_[g].assign(separator.data(), separator.size());
      text_[g].assign(text.data(), text.size());
    } else {
      text_[g].append(separator);
      text_[g].append(text);
    }
  }

  LogicalType return_type_;
  std::vector<std::string> text_;
  // The separator that came with the group's first value: dropped from the
  // result, but needed when this partial state is merged after another.
  std::vector<std::string> first_separator_;
  std::vector<uint8_t> has_;
};

}  // namespace

void RegisterStringAggAggregates(FunctionRegistry* registry) {
  for (const LogicalType& t : {LogicalType::String(), LogicalType::Binary()}) {
    AddAggregate(registry, "string_agg", {t, t}, t, MakeAggregator<StringAggAggregator>, true);
  }
}

}  // namespace copra::agg
