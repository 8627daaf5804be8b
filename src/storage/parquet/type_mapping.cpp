#include "storage/parquet/type_mapping.h"

#include <set>

namespace copra::parquet {

using format::ConvertedType;
using format::Type;

Result<ColumnDescriptor> DescribeForWrite(const Field& field) {
  ColumnDescriptor d;
  d.field = field;
  d.max_def_level = field.nullable ? 1 : 0;
  switch (field.type.id()) {
    case TypeId::kBoolean:
      d.physical = Type::kBoolean;
      d.conversion = Conversion::kBoolean;
      break;
    case TypeId::kInt8:
    case TypeId::kUInt8:
      d.physical = Type::kInt32;
      d.conversion = Conversion::kInt32ToInt8;
      break;
    case TypeId::kInt16:
    case TypeId::kUInt16:
      d.physical = Type::kInt32;
      d.conversion = Conversion::kInt32ToInt16;
      break;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kDate:
      d.physical = Type::kInt32;
      d.conversion = Conversion::kInt32;
      break;
    case TypeId::kInt64:
    case TypeId::kUInt64:
      d.physical = Type::kInt64;
      d.conversion = Conversion::kInt64;
      break;
    case TypeId::kTimestamp:
      d.physical = Type::kInt64;
      d.conversion =
          field.type.unit() == TimeUnit::kSecond ? Conversion::kInt64Div1000 : Conversion::kInt64;
      break;
    case TypeId::kFloat32:
      d.physical = Type::kFloat;
      d.conversion = Conversion::kFloat;
      break;
    case TypeId::kFloat64:
      d.physical = Type::kDouble;
      d.conversion = Conversion::kDouble;
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      d.physical = Type::kByteArray;
      d.conversion = Conversion::kByteArray;
      d.stats_ordered = false;
      break;
    case TypeId::kInterval:
      d.physical = Type::kFixedLenByteArray;
      d.type_length = 12;
      d.conversion = Conversion::kIntervalFromFixed;
      d.stats_ordered = false;
      break;
    case TypeId::kNull:
      return Status::NotSupported("column \"" + field.name +
                                  "\" has type NULL, which cannot be stored in Parquet");
  }
  if (field.type.IsUnsignedInteger()) d.stats_ordered = false;
  return d;
}

format::SchemaElement ToSchemaElement(const ColumnDescriptor& d) {
  format::SchemaElement e;
  e.name = d.field.name;
  e.type = d.physical;
  e.repetition =
      d.max_def_level > 0 ? format::Repetition::kOptional : format::Repetition::kRequired;
  if (d.physical == Type::kFixedLenByteArray) e.type_length = d.type_length;
  auto integer = [&](int bits, bool is_signed, ConvertedType ct) {
    e.logical_type.kind = format::LogicalType::kInteger;
    e.logical_type.bit_width = bits;
    e.logical_type.is_signed = is_signed;
    e.converted_type = ct;
  };
  const LogicalType& t = d.field.type;
  switch (t.id()) {
    case TypeId::kInt8: integer(8, true, ConvertedType::kInt8); break;
    case TypeId::kInt16: integer(16, true, ConvertedType::kInt16); break;
    case TypeId::kInt32: integer(32, true, ConvertedType::kInt32); break;
    case TypeId::kUInt8: integer(8, false, ConvertedType::kUint8); break;
    case TypeId::kUInt16: integer(16, false, ConvertedType::kUint16); break;
    case TypeId::kUInt32: integer(32, false, ConvertedType::kUint32); break;
    case TypeId::kUInt64: integer(64, false, ConvertedType::kUint64); break;
    case TypeId::kString:
      e.logical_type.kind = format::LogicalType::kString;
      e.converted_type = ConvertedType::kUtf8;
      break;
    case TypeId::kDate:
      e.logical_type.kind = format::LogicalType::kDate;
      e.converted_type = ConvertedType::kDate;
      break;
    case TypeId::kTimestamp: {
      e.logical_type.kind = format::LogicalType::kTimestamp;
      e.logical_type.is_adjusted_to_utc = true;
      switch (t.unit()) {
        case TimeUnit::kSecond:
        case TimeUnit::kMillisecond:
          e.logical_type.time_unit = 1;
          e.converted_type = ConvertedType::kTimestampMillis;
          break;
        case TimeUnit::kMicrosecond:
          e.logical_type.time_unit = 2;
          e.converted_type = ConvertedType::kTimestampMicros;
          break;
        case TimeUnit::kNanosecond: e.logical_type.time_unit = 3; break;
      }
      break;
    }
    case TypeId::kInterval: e.converted_type = ConvertedType::kInterval; break;
    default: break;
  }
  return e;
}

int PhysicalWidth(const ColumnDescriptor& d) {
  switch (d.physical) {
    case Type::kBoolean: return 1;
    case Type::kInt32:
    case Type::kFloat: return 4;
    case Type::kInt64:
    case Type::kDouble: return 8;
    case Type::kInt96: return 12;
    case Type::kFixedLenByteArray: return d.type_length;
    case Type::kByteArray: return 0;
  }
  return 0;
}

namespace {

Status Unsupported(const format::SchemaElement& e, const std::string& what) {
  return Status::NotSupported("Parquet column \"" + e.name + "\": " + what + " is not supported");
}

Result<ColumnDescriptor> DescribeLeaf(const format::SchemaElement& e, bool seconds) {
  ColumnDescriptor d;
  d.field.name = e.name;
  d.physical = *e.type;
  d.type_length = e.type_length.value_or(0);
  const format::Repetition rep = e.repetition.value_or(format::Repetition::kOptional);
  if (rep == format::Repetition::kRepeated) return Unsupported(e, "a repeated (list) column");
  d.max_def_level = rep == format::Repetition::kOptional ? 1 : 0;
  d.field.nullable = d.max_def_level > 0;
  const auto& lt = e.logical_type;
  const auto ct = e.converted_type;
  auto set = [&](LogicalType type, Conversion conv) {
    d.field.type = type;
    d.conversion = conv;
  };
  bool is_decimal =
      lt.kind == format::LogicalType::kDecimal || (ct && *ct == ConvertedType::kDecimal);
  int32_t scale = lt.kind == format::LogicalType::kDecimal ? lt.scale : e.scale.value_or(0);
  if (lt.kind == format::LogicalType::kTime ||
      (ct && (*ct == ConvertedType::kTimeMillis || *ct == ConvertedType::kTimeMicros))) {
    return Unsupported(e, "the TIME type");
  }
  switch (d.physical) {
    case Type::kBoolean: set(LogicalType::Boolean(), Conversion::kBoolean); break;
    case Type::kInt32: {
      if (is_decimal) {
        set(LogicalType::Float64(), Conversion::kDecimal32ToDouble);
        d.decimal_scale = scale;
        break;
      }
      int bits = 32;
      bool is_signed = true;
      if (lt.kind == format::LogicalType::kInteger) {
        bits = lt.bit_width;
        is_signed = lt.is_signed;
      } else if (ct) {
        switch (*ct) {
          case ConvertedType::kInt8: bits = 8; break;
          case ConvertedType::kInt16: bits = 16; break;
          case ConvertedType::kUint8:
            bits = 8;
            is_signed = false;
            break;
          case ConvertedType::kUint16:
            bits = 16;
            is_signed = false;
            break;
          case ConvertedType::kUint32: is_signed = false; break;
          default: break;
        }
      }
      if (lt.kind == format::LogicalType::kDate || (ct && *ct == ConvertedType::kDate)) {
        set(LogicalType::Date(), Conversion::kInt32);
      } else if (bits == 8) {
        set(is_signed ? LogicalType::Int8() : LogicalType::UInt8(), Conversion::kInt32ToInt8);
      } else if (bits == 16) {
        set(is_signed ? LogicalType::Int16() : LogicalType::UInt16(), Conversion::kInt32ToInt16);
      } else if (bits == 32) {
        set(is_signed ? LogicalType::Int32() : LogicalType::UInt32(), Conversion::kInt32);
      } else {
        return Unsupported(e, "INT32 with bit width " + std::to_string(bits));
      }
      d.stats_ordered = is_signed;
      break;
    }
    case Type::kInt64: {
      if (is_decimal) {
        set(LogicalType::Float64(), Conversion::kDecimal64ToDouble);
        d.decimal_scale = scale;
        break;
      }
      if (lt.kind == format::LogicalType::kTimestamp) {
        TimeUnit unit = lt.time_unit == 3   ? TimeUnit::kNanosecond
                        : lt.time_unit == 2 ? TimeUnit::kMicrosecond
                                            : TimeUnit::kMillisecond;
        if (seconds && unit == TimeUnit::kMillisecond) {
          set(LogicalType::Timestamp(TimeUnit::kSecond), Conversion::kInt64Div1000);
        } else {
          set(LogicalType::Timestamp(unit), Conversion::kInt64);
        }
      } else if (ct && *ct == ConvertedType::kTimestampMillis) {
        set(LogicalType::Timestamp(seconds ? TimeUnit::kSecond : TimeUnit::kMillisecond),
            seconds ? Conversion::kInt64Div1000 : Conversion::kInt64);
      } else if (ct && *ct == ConvertedType::kTimestampMicros) {
        set(LogicalType::Timestamp(TimeUnit::kMicrosecond), Conversion::kInt64);
      } else if ((lt.kind == format::LogicalType::kInteger && !lt.is_signed) ||
                 (ct && *ct == ConvertedType::kUint64)) {
        set(LogicalType::UInt64(), Conversion::kInt64);
        d.stats_ordered = false;
      } else {
        set(LogicalType::Int64(), Conversion::kInt64);
      }
      break;
    }
    case Type::kInt96:
      set(LogicalType::Timestamp(TimeUnit::kNanosecond), Conversion::kInt96ToNanos);
      d.stats_ordered = false;
      break;
    case Type::kFloat: set(LogicalType::Float32(), Conversion::kFloat); break;
    case Type::kDouble: set(LogicalType::Float64(), Conversion::kDouble); break;
    case Type::kByteArray:
      if (is_decimal) {
        set(LogicalType::Float64(), Conversion::kDecimalBytesToDouble);
        d.decimal_scale = scale;
        d.stats_ordered = false;
        break;
      }
      if (lt.kind == format::LogicalType::kString || lt.kind == format::LogicalType::kEnum ||
          lt.kind == format::LogicalType::kJson ||
          (ct && (*ct == ConvertedType::kUtf8 || *ct == ConvertedType::kJson))) {
        set(LogicalType::String(), Conversion::kByteArray);
      } else {
        set(LogicalType::Binary(), Conversion::kByteArray);
      }
      d.stats_ordered = false;  // unsigned byte order: decoded separately
      break;
    case Type::kFixedLenByteArray:
      if (d.type_length <= 0 || d.type_length > (1 << 20)) {
        return Unsupported(e, "FIXED_LEN_BYTE_ARRAY of length " + std::to_string(d.type_length));
      }
      if (is_decimal) {
        if (d.type_length > 16) return Unsupported(e, "DECIMAL wider than 16 bytes");
        set(LogicalType::Float64(), Conversion::kDecimalBytesToDouble);
        d.decimal_scale = scale;
        d.stats_ordered = false;
        break;
      }
      if (ct && *ct == ConvertedType::kInterval) {
        if (d.type_length != 12) return Unsupported(e, "INTERVAL with a length other than 12");
        set(LogicalType::Interval(), Conversion::kIntervalFromFixed);
      } else {
        set(LogicalType::Binary(), Conversion::kFixedToBinary);
      }
      d.stats_ordered = false;
      break;
    default: return Unsupported(e, "physical type " + std::to_string(static_cast<int>(d.physical)));
  }
  return d;
}

}  // namespace

Result<std::vector<ColumnDescriptor>> FromSchema(const std::vector<format::SchemaElement>& schema,
                                                 const std::vector<format::KeyValue>& kv) {
  std::set<int> second_columns;
  for (const auto& p : kv) {
    if (p.key != kSecondColumnsKey) continue;
    size_t pos = 0;
    while (pos < p.value.size()) {
      size_t comma = p.value.find(',', pos);
      if (comma == std::string::npos) comma = p.value.size();
      try {
        second_columns.insert(std::stoi(p.value.substr(pos, comma - pos)));
      } catch (...) {
      }
      pos = comma + 1;
    }
  }
  if (schema.empty()) return Status::Corruption("empty schema");
  const auto& root = schema[0];
  int64_t children = root.num_children.value_or(0);
  if (static_cast<int64_t>(schema.size()) - 1 != children) {
    for (size_t i = 1; i < schema.size(); ++i) {
      if (schema[i].num_children.value_or(0) > 0 || !schema[i].type) {
        return Unsupported(schema[i], "a nested (group) column");
      }
    }
    return Status::Corruption("schema root declares " + std::to_string(children) +
                              " columns but the schema lists " + std::to_string(schema.size() - 1));
  }
  std::vector<ColumnDescriptor> out;
  for (size_t i = 1; i < schema.size(); ++i) {
    const auto& e = schema[i];
    if (e.num_children.value_or(0) > 0 || !e.type) {
      return Unsupported(e, "a nested (group) column");
    }
    COPRA_ASSIGN_OR_RETURN(ColumnDescriptor d,
                           DescribeLeaf(e, second_columns.count(static_cast<int>(out.size())) > 0));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace copra::parquet
