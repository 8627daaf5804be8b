#include "server/pgwire/value_encoder.h"

#include <charconv>
#include <cstring>

#include "server/pgwire/message_writer.h"
#include "server/pgwire/pg_numeric.h"
#include "server/pgwire/pg_protocol.h"
#include "types/number_format.h"
#include "types/time_format.h"

namespace copra::pgwire {

namespace {

// PostgreSQL's epoch for dates and timestamps: 2000-01-01, in Unix days.
constexpr int64_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = kPgEpochDays * kSecondsPerDay * 1000000;

template <typename T>
void AppendNumber(T v, std::string* out) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

// Signed value of an integer column row, widened.
int64_t SignedAt(const Column& c, int64_t row) {
  switch (c.type().id()) {
    case TypeId::kInt8: return c.data<int8_t>()[row];
    case TypeId::kInt16: return c.data<int16_t>()[row];
    case TypeId::kInt32: return c.data<int32_t>()[row];
    case TypeId::kInt64: return c.data<int64_t>()[row];
    case TypeId::kUInt8: return c.data<uint8_t>()[row];
    case TypeId::kUInt16: return c.data<uint16_t>()[row];
    case TypeId::kUInt32: return c.data<uint32_t>()[row];
    default: return 0;
  }
}

int64_t MicrosAt(const Column& c, int64_t row) {
  int64_t ticks = c.data<int64_t>()[row];
  switch (c.type().unit()) {
    case TimeUnit::kSecond: return ticks * 1000000;
    case TimeUnit::kMillisecond: return ticks * 1000;
    case TimeUnit::kMicrosecond: return ticks;
    case TimeUnit::kNanosecond: return FloorDiv(ticks, 1000);
  }
  return ticks;
}

void AppendHex(std::string_view bytes, std::string* out) {
  static const char kDigits[] = "0123456789abcdef";
  out->append("\\x");
  for (unsigned char b : bytes) {
    out->push_back(kDigits[b >> 4]);
    out->push_back(kDigits[b & 15]);
  }
}

}  // namespace

void AppendTextValue(const Column& c, int64_t row, std::string* out) {
  switch (c.type().id()) {
    case TypeId::kNull: return;
    case TypeId::kBoolean: out->push_back(c.GetBool(row) ? 't' : 'f'); return;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32: AppendNumber(SignedAt(c, row), out); return;
    case TypeId::kUInt64: AppendNumber(c.data<uint64_t>()[row], out); return;
    case TypeId::kFloat32: out->append(FormatFloat(c.data<float>()[row])); return;
    case TypeId::kFloat64: out->append(FormatDouble(c.data<double>()[row])); return;
    case TypeId::kString: out->append(c.GetString(row)); return;
    case TypeId::kBinary: AppendHex(c.GetString(row), out); return;
    case TypeId::kTimestamp:
      out->append(FormatTimestamp(c.data<int64_t>()[row], c.type().unit()));
      return;
    case TypeId::kDate: out->append(FormatDate(c.data<int32_t>()[row])); return;
    case TypeId::kInterval: out->append(FormatInterval(c.data<Interval>()[row])); return;
  }
}

void AppendBinaryValue(const Column& c, int64_t row, std::string* out) {
  switch (c.type().id()) {
    case TypeId::kNull: return;
    case TypeId::kBoolean: out->push_back(c.GetBool(row) ? 1 : 0); return;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kUInt8: AppendInt16(out, static_cast<int16_t>(SignedAt(c, row))); return;
    case TypeId::kInt32:
    case TypeId::kUInt16: AppendInt32(out, static_cast<int32_t>(SignedAt(c, row))); return;
    case TypeId::kInt64:
    case TypeId::kUInt32: AppendInt64(out, SignedAt(c, row)); return;
    case TypeId::kUInt64: {
      std::string text;
      AppendNumber(c.data<uint64_t>()[row], &text);
      AppendNumericBinary(text, out);
      return;
    }
    case TypeId::kFloat32: {
      uint32_t bits;
      float f = c.data<float>()[row];
      std::memcpy(&bits, &f, 4);
      AppendInt32(out, static_cast<int32_t>(bits));
      return;
    }
    case TypeId::kFloat64: {
      uint64_t bits;
      double d = c.data<double>()[row];
      std::memcpy(&bits, &d, 8);
      AppendInt64(out, static_cast<int64_t>(bits));
      return;
    }
    case TypeId::kString:
    case TypeId::kBinary: out->append(c.GetString(row)); return;
    case TypeId::kTimestamp: AppendInt64(out, MicrosAt(c, row) - kPgEpochMicros); return;
    case TypeId::kDate:
      AppendInt32(out, static_cast<int32_t>(c.data<int32_t>()[row] - kPgEpochDays));
      return;
    case TypeId::kInterval: {
      Interval v = c.data<Interval>()[row];
      AppendInt64(out, v.nanos / 1000);
      AppendInt32(out, v.days);
      AppendInt32(out, v.months);
      return;
    }
  }
}

void AppendDataRow(const Batch& batch, int64_t row, const std::vector<int16_t>& formats,
                   std::string* out) {
  out->push_back('D');
  size_t length_at = out->size();
  out->append(4, '\0');
  AppendInt16(out, static_cast<int16_t>(batch.num_columns()));
  for (size_t i = 0; i < batch.num_columns(); ++i) {
    const Column& c = *batch.column(i);
    if (c.IsNull(row) || c.type().IsNull()) {
      AppendInt32(out, -1);
      continue;
    }
    size_t value_at = out->size();
    out->append(4, '\0');
    if (i < formats.size() && formats[i] == kBinaryFormat) {
      AppendBinaryValue(c, row, out);
    } else {
      AppendTextValue(c, row, out);
    }
    auto len = static_cast<uint32_t>(out->size() - value_at - 4);
    for (int k = 0; k < 4; ++k) {
      (*out)[value_at + static_cast<size_t>(k)] = static_cast<char>((len >> (24 - 8 * k)) & 0xff);
    }
  }
  auto len = static_cast<uint32_t>(out->size() - length_at);
  for (int k = 0; k < 4; ++k) {
    (*out)[length_at + static_cast<size_t>(k)] = static_cast<char>((len >> (24 - 8 * k)) & 0xff);
  }
}

}  // namespace copra::pgwire
