#include "server/pgwire/parameter_decoder.h"

#include <cstring>
#include <string>

#include "server/pgwire/message_reader.h"
#include "server/pgwire/pg_numeric.h"
#include "server/pgwire/pg_protocol.h"
#include "types/number_format.h"
#include "types/time_format.h"

namespace copra::pgwire {

namespace {

constexpr int64_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = kPgEpochDays * kSecondsPerDay * 1000000;

enum class Oid : uint32_t {
  kBool = 16,
  kBytea = 17,
  kName = 19,
  kInt8 = 20,
  kInt2 = 21,
  kInt4 = 23,
  kText = 25,
  kOid = 26,
  kFloat4 = 700,
  kFloat8 = 701,
  kBpchar = 1042,
  kVarchar = 1043,
  kDate = 1082,
  kTimestamp = 1114,
  kTimestampTz = 1184,
  kInterval = 1186,
  kNumeric = 1700,
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea text input: "\x0a0b" (hex) or the escape format ("a\\b\000").
Result<std::string> DecodeByteaText(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    std::string_view hex = text.substr(2);
    for (size_t i = 0; i < hex.size();) {
      if (hex[i] == ' ' || hex[i] == '\n' || hex[i] == '\t') {
        ++i;
        continue;
      }
      if (i + 1 >= hex.size() || HexValue(hex[i]) < 0 || HexValue(hex[i + 1]) < 0) {
        return Status::Error(ErrorCode::kInvalidText, "invalid hexadecimal data in bytea");
      }
      out.push_back(static_cast<char>(HexValue(hex[i]) * 16 + HexValue(hex[i + 1])));
      i += 2;
    }
    return out;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else if (i + 3 < text.size() + 0 && text[i + 1] >= '0' && text[i + 1] <= '3' &&
               text[i + 2] >= '0' && text[i + 2] <= '7' && text[i + 3] >= '0' &&
               text[i + 3] <= '7') {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                                      (text[i + 3] - '0')));
      i += 3;
    } else {
      return Status::Error(ErrorCode::kInvalidText, "invalid input syntax for type bytea");
    }
  }
  return out;
}

Value NumericTextToValue(const std::string& text, bool* ok) {
  int64_t i = 0;
  *ok = true;
  if (ParseInt64(text, &i) == NumberParse::kOk) return Value::Int64(i);
  double d = 0;
  if (ParseDouble(text, &d) == NumberParse::kOk) return Value::Float64(d);
  *ok = false;
  return Value();
}

Result<Value> DecodeText(Oid oid, std::string_view bytes) {
  std::string text(bytes);
  switch (oid) {
    case Oid::kBytea: {
      COPRA_ASSIGN_OR_RETURN(std::string raw, DecodeByteaText(bytes));
      return Value::Binary(std::move(raw));
    }
    case Oid::kNumeric: {
      bool ok;
      Value v = NumericTextToValue(text, &ok);
      if (!ok) {
        return Status::Error(ErrorCode::kInvalidText,
                             "invalid input syntax for type numeric: \"" + text + "\"");
      }
      return v;
    }
    default: break;
  }
  LogicalType type = ParameterType(static_cast<uint32_t>(oid));
  if (type.IsNull() || type.id() == TypeId::kString) return Value::String(std::move(text));
  return Value::String(std::move(text)).CastTo(type);
}

Result<Value> DecodeBinary(Oid oid, std::string_view bytes) {
  MessageReader r(bytes, "binary parameter");
  Result<Value> out = Status::Internal("unreachable");
  switch (oid) {
    case Oid::kBool: {
      COPRA_ASSIGN_OR_RETURN(uint8_t b, r.Byte());
      out = Value::Boolean(b != 0);
      break;
    }
    case Oid::kInt2: {
      COPRA_ASSIGN_OR_RETURN(int16_t v, r.Int16());
      out = Value::Int16(v);
      break;
    }
    case Oid::kInt4: {
      COPRA_ASSIGN_OR_RETURN(int32_t v, r.Int32());
      out = Value::Int32(v);
      break;
    }
    case Oid::kOid: {
      COPRA_ASSIGN_OR_RETURN(int32_t v, r.Int32());
      out = Value::Int64(static_cast<uint32_t>(v));
      break;
    }
    case Oid::kInt8:
    case Oid::kTimestamp:
    case Oid::kTimestampTz: {
      COPRA_ASSIGN_OR_RETURN(int32_t hi, r.Int32());
      COPRA_ASSIGN_OR_RETURN(int32_t lo, r.Int32());
      int64_t v = static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(hi)) << 32) |
                                       static_cast<uint32_t>(lo));
      if (oid == Oid::kInt8) {
        out = Value::Int64(v);
      } else {
        if (v > INT64_MAX - kPgEpochMicros) return r.Invalid("timestamp out of range");
        out = Value::Timestamp(v + kPgEpochMicros, TimeUnit::kMicrosecond);
      }
      break;
    }
    case Oid::kFloat4: {
      COPRA_ASSIGN_OR_RETURN(int32_t bits, r.Int32());
      float f;
      std::memcpy(&f, &bits, 4);
      out = Value::Float32(f);
      break;
    }
    case Oid::kFloat8: {
      COPRA_ASSIGN_OR_RETURN(int32_t hi, r.Int32());
      COPRA_ASSIGN_OR_RETURN(int32_t lo, r.Int32());
      uint64_t bits =
          (static_cast<uint64_t>(static_cast<uint32_t>(hi)) << 32) | static_cast<uint32_t>(lo);
      double d;
      std::memcpy(&d, &bits, 8);
      out = Value::Float64(d);
      break;
    }
    case Oid::kDate: {
      COPRA_ASSIGN_OR_RETURN(int32_t days, r.Int32());
      out = Value::Date(static_cast<int32_t>(days + kPgEpochDays));
      break;
    }
    case Oid::kInterval: {
      COPRA_ASSIGN_OR_RETURN(int32_t hi, r.Int32());
      COPRA_ASSIGN_OR_RETURN(int32_t lo, r.Int32());
      COPRA_ASSIGN_OR_RETURN(int32_t days, r.Int32());
      COPRA_ASSIGN_OR_RETURN(int32_t months, r.Int32());
      int64_t micros = static_cast<int64_t>(
          (static_cast<uint64_t>(static_cast<uint32_t>(hi)) << 32) | static_cast<uint32_t>(lo));
      if (micros > INT64_MAX / 1000 || micros < INT64_MIN / 1000) {
        return r.Invalid("interval out of range");
      }
      out = Value::IntervalValue(Interval{months, days, micros * 1000});
      break;
    }
    case Oid::kNumeric: {
      COPRA_ASSIGN_OR_RETURN(std::string text, NumericBinaryToText(bytes));
      bool ok;
      Value v = NumericTextToValue(text, &ok);
      if (!ok) return r.Invalid("bad numeric \"" + text + "\"");
      return v;
    }
    case Oid::kBytea: return Value::Binary(std::string(bytes));
    case Oid::kText:
    case Oid::kVarchar:
    case Oid::kBpchar:
    case Oid::kName: return Value::String(std::string(bytes));
    default:
      return Status::Error(ErrorCode::kFeatureNotSupported,
                           "binary format is not supported for parameters of type OID " +
                               std::to_string(static_cast<uint32_t>(oid)) +
                               "; send it in text format");
  }
  COPRA_RETURN_NOT_OK(r.ExpectEnd());
  return out;
}

}  // namespace

LogicalType ParameterType(uint32_t oid) {
  switch (static_cast<Oid>(oid)) {
    case Oid::kBool: return LogicalType::Boolean();
    case Oid::kBytea: return LogicalType::Binary();
    case Oid::kInt2: return LogicalType::Int16();
    case Oid::kInt4: return LogicalType::Int32();
    case Oid::kInt8:
    case Oid::kOid: return LogicalType::Int64();
    case Oid::kFloat4: return LogicalType::Float32();
    case Oid::kFloat8:
    case Oid::kNumeric: return LogicalType::Float64();
    case Oid::kText:
    case Oid::kName:
    case Oid::kBpchar:
    case Oid::kVarchar: return LogicalType::String();
    case Oid::kDate: return LogicalType::Date();
    case Oid::kTimestamp:
    case Oid::kTimestampTz: return LogicalType::Timestamp(TimeUnit::kMicrosecond);
    case Oid::kInterval: return LogicalType::Interval();
  }
  return LogicalType::Null();
}

Result<Value> DecodeParameter(int number, uint32_t oid, int16_t format,
                              std::optional<std::string_view> bytes) {
  if (!bytes.has_value()) return Value::Null(ParameterType(oid));
  Result<Value> v = Status::Internal("unreachable");
  if (format == kTextFormat) {
    v = DecodeText(static_cast<Oid>(oid), *bytes);
  } else if (format == kBinaryFormat) {
    if (oid == 0) {
      return Status::Error(ErrorCode::kProtocolViolation,
                           "parameter $" + std::to_string(number) +
                               " is in binary format but its type was not declared in Parse");
    }
    v = DecodeBinary(static_cast<Oid>(oid), *bytes);
  } else {
    return Status::Error(ErrorCode::kProtocolViolation,
                         "unsupported format code " + std::to_string(format) + " for parameter $" +
                             std::to_string(number));
  }
  if (!v.ok()) return v.status().WithPrefix("parameter $" + std::to_string(number) + ": ");
  return v;
}

}  // namespace copra::pgwire
