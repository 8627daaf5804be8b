#include "function/aggregate_kernel.h"

namespace copra::agg {

int64_t CountValid(const Datum& d, int64_t n) {
  if (d.is_scalar) return d.column->IsValid(0) ? n : 0;
  return CountValidRows(*d.column, n);
}

int64_t CountValidRows(const Column& col, int64_t n) {
  const uint8_t* bits = col.validity_bits();
  if (bits == nullptr) return n;
  return bit_util::CountSetBits(bits, col.offset(), n);
}

FixedOutput::FixedOutput(const LogicalType& type, int64_t length)
    : type_(type), length_(length) {
  const int64_t bytes =
      type.IsBoolean() ? bit_util::BytesForBits(length) : length * type.ByteWidth();
  COPRA_CHECK(type.IsBoolean() || type.ByteWidth() > 0);
  values_ = Buffer::Allocate(bytes);
}

void FixedOutput::SetNull(int64_t i) {
  if (validity_ == nullptr) {
    validity_ = Buffer::Allocate(bit_util::BytesForBits(length_));
    bit_util::SetBitsTo(validity_->mutable_data(), 0, length_, true);
  }
  bit_util::ClearBit(validity_->mutable_data(), i);
  ++null_count_;
}

ColumnPtr FixedOutput::Finish() {
  return std::make_shared<const Column>(type_, length_, std::move(validity_), std::move(values_),
                                        nullptr, null_count_);
}

void AddAggregate(FunctionRegistry* registry, const std::string& name,
                  std::vector<LogicalType> args, LogicalType ret,
                  std::unique_ptr<GroupedAggregator> (*make)(const AggregateFunction&),
                  bool order_sensitive) {
  AggregateFunction fn;
  fn.name = name;
  fn.arg_types = std::move(args);
  fn.return_type = ret;
  fn.make = make;
  fn.is_order_sensitive = order_sensitive;
  registry->AddAggregate(std::move(fn));
}

const std::vector<LogicalType>& IntegerTypes() {
  static const std::vector<LogicalType> types = {
      LogicalType::Int8(),  LogicalType::Int16(),  LogicalType::Int32(),  LogicalType::Int64(),
      LogicalType::UInt8(), LogicalType::UInt16(), LogicalType::UInt32(), LogicalType::UInt64(),
  };
  return types;
}

const std::vector<LogicalType>& NumericTypes() {
  static const std::vector<LogicalType> types = [] {
    std::vector<LogicalType> t = IntegerTypes();
    t.push_back(LogicalType::Float32());
    t.push_back(LogicalType::Float64());
    return t;
  }();
  return types;
}

const std::vector<LogicalType>& AllValueTypes() {
  static const std::vector<LogicalType> types = [] {
    std::vector<LogicalType> t = {LogicalType::Boolean()};
    for (const LogicalType& n : NumericTypes()) t.push_back(n);
    t.push_back(LogicalType::String());
    t.push_back(LogicalType::Binary());
    for (TimeUnit u : {TimeUnit::kSecond, TimeUnit::kMillisecond, TimeUnit::kMicrosecond,
                       TimeUnit::kNanosecond}) {
      t.push_back(LogicalType::Timestamp(u));
    }
    t.push_back(LogicalType::Date());
    t.push_back(LogicalType::Interval());
    return t;
  }();
  return types;
}

}  // namespace copra::agg
