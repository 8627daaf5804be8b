#include "storage/csv/csv_batch_builder.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "types/cast.h"
#include "types/number_format.h"
#include "types/plain_decimal.h"
#include "types/time_format.h"
#include "vector/bit_util.h"

namespace copra::csv {

namespace {

// How a column's values are built: in place for the common types, through
// a ColumnBuilder (and CAST) for the rest.
enum class Kind { kString, kFloat64, kFloat32, kInt64, kInt32, kTimestamp, kDate, kOther };

Kind KindOf(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kString: return Kind::kString;
    case TypeId::kFloat64: return Kind::kFloat64;
    case TypeId::kFloat32: return Kind::kFloat32;
    case TypeId::kInt64: return Kind::kInt64;
    case TypeId::kInt32: return Kind::kInt32;
    case TypeId::kTimestamp: return Kind::kTimestamp;
    case TypeId::kDate: return Kind::kDate;
    default: return Kind::kOther;
  }
}

}  // namespace

struct CsvBatchBuilder::Column {
  LogicalType type;
  Kind kind = Kind::kOther;
  int width = 0;                         // bytes per fixed-width value
  BufferPtr values;                      // fixed-width values, or STRING offsets
  BufferPtr data;                        // STRING bytes
  int64_t data_hint = 0;                 // STRING bytes the next batch likely needs
  std::vector<int64_t> nulls;            // rows that are NULL
  std::unique_ptr<ColumnBuilder> other;  // kOther
  Value staged;                          // kOther: the record's value until it is complete
  // TIMESTAMP: the date of the last plain timestamp and its day number.
  char last_date[10] = {};
  int64_t last_days = 0;
  bool have_date = false;

  // "YYYY-MM-DD HH:MM:SS" (or with 'T'), a valid UTC date and time from
  // year 1 on, as ticks of `unit`; false for anything else (then CAST
  // decides, with the same result for the text this accepts).
  bool ParsePlainTimestamp(std::string_view t, TimeUnit unit, int64_t* out) {
    if (t.size() != 19 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') ||
        t[13] != ':' || t[16] != ':') {
      return false;
    }
    auto digits = [&t](size_t at, size_t n, int* v) {
      int x = 0;
      for (size_t i = 0; i < n; ++i) {
        const unsigned d = static_cast<unsigned char>(t[at + i]) - '0';
        if (d > 9) return false;
        x = x * 10 + static_cast<int>(d);
      }
      *v = x;
      return true;
    };
    if (!have_date || std::memcmp(last_date, t.data(), 10) != 0) {
      int y, mo, d;
      if (!digits(0, 4, &y) || !digits(5, 2, &mo) || !digits(8, 2, &d)) return false;
      if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return false;
      last_days = DaysFromCivil(y, mo, d);
      std::memcpy(last_date, t.data(), 10);
      have_date = true;
    }
    int h, mi, s;
    if (!digits(11, 2, &h) || !digits(14, 2, &mi) || !digits(17, 2, &s)) return false;
    if (h > 23 || mi > 59 || s > 59) return false;
    const int64_t seconds = last_days * 86400 + int64_t{h} * 3600 + mi * 60 + s;
    return !__builtin_mul_overflow(seconds, UnitsPerSecond(unit), out);
  }
};

CsvBatchBuilder::CsvBatchBuilder(std::string path, std::vector<LogicalType> types,
                                 std::vector<std::string> names, int64_t rows_hint)
    : path_(std::move(path)),
      types_(std::move(types)),
      names_(std::move(names)),
      rows_hint_(rows_hint) {
  for (const LogicalType& t : types_) {
    auto col = std::make_unique<Column>();
    col->type = t;
    col->kind = KindOf(t);
    if (col->kind != Kind::kString && col->kind != Kind::kOther) col->width = t.ByteWidth();
    col->data_hint = rows_hint_ * 8;
    columns_.push_back(std::move(col));
  }
  ResetBuffers();
}

CsvBatchBuilder::~CsvBatchBuilder() = default;

void CsvBatchBuilder::ResetBuffers() {
  capacity_ = std::max<int64_t>(rows_hint_, 0);
  for (auto& col : columns_) {
    col->nulls.clear();
    switch (col->kind) {
      case Kind::kOther: col->other = std::make_unique<ColumnBuilder>(col->type, capacity_); break;
      case Kind::kString:
        col->values = Buffer::AllocateUninitialized((capacity_ + 1) * int64_t{sizeof(int32_t)});
        col->values->mutable_data_as<int32_t>()[0] = 0;
        col->data = Buffer::AllocateUninitialized(std::max<int64_t>(col->data_hint, 64));
        break;
      default: col->values = Buffer::AllocateUninitialized(capacity_ * col->width); break;
    }
  }
}

void CsvBatchBuilder::Grow() {
  const int64_t cap = std::max<int64_t>({1024, capacity_ * 2, rows_hint_});
  for (auto& col : columns_) {
    switch (col->kind) {
      case Kind::kOther: break;
      case Kind::kString:
        col->values->ResizeUninitialized((cap + 1) * int64_t{sizeof(int32_t)});
        break;
      default: col->values->ResizeUninitialized(cap * col->width); break;
    }
  }
  capacity_ = cap;
}

Status CsvBatchBuilder::AppendSlow(size_t c, std::string_view text) {
  Column& col = *columns_[c];
  bool b;
  Result<Value> v = col.type.IsBoolean() && ParseBool(text, &b)
                        ? Result<Value>(Value::Boolean(b))
                        : CastValue(Value::String(std::string(text)), col.type);
  if (!v.ok()) {
    return Status::Error(v.status().code(),
                         ", column \"" + names_[c] + "\": " + v.status().message());
  }
  uint8_t* slot = col.kind == Kind::kOther || col.kind == Kind::kString
                      ? nullptr
                      : col.values->mutable_data() + rows_ * col.width;
  switch (col.kind) {
    case Kind::kOther: col.staged = std::move(*v); break;
    case Kind::kFloat64: {
      const double d = v->GetDouble();
      std::memcpy(slot, &d, sizeof(d));
      break;
    }
    case Kind::kFloat32: {
      const float f = static_cast<float>(v->GetDouble());
      std::memcpy(slot, &f, sizeof(f));
      break;
    }
    case Kind::kInt32:
    case Kind::kDate: {
      const int32_t x = static_cast<int32_t>(v->GetInt64());
      std::memcpy(slot, &x, sizeof(x));
      break;
    }
    case Kind::kInt64:
    case Kind::kTimestamp: {
      const int64_t x = v->GetInt64();
      std::memcpy(slot, &x, sizeof(x));
      break;
    }
    case Kind::kString: break;  // never slow
  }
  return Status::OK();
}

Status CsvBatchBuilder::AppendRecord(const CsvFieldView* fields) {
  if (rows_ == capacity_) Grow();
  const size_t width = columns_.size();
  const int64_t row = rows_;
  bool any_null = false;
  for (size_t c = 0; c < width; ++c) {
    Column& col = *columns_[c];
    const std::string_view text = fields[c].text;
    bytes_ += static_cast<int64_t>(text.size()) + 8;
    if (fields[c].is_null) {
      any_null = true;
      switch (col.kind) {
        case Kind::kOther: col.staged = Value(); break;
        case Kind::kString: {
          int32_t* offs = col.values->mutable_data_as<int32_t>();
          offs[row + 1] = offs[row];
          break;
        }
        default: std::memset(col.values->mutable_data() + row * col.width, 0, col.width); break;
      }
      continue;
    }
    switch (col.kind) {
      case Kind::kString: {
        int32_t* offs = col.values->mutable_data_as<int32_t>();
        const int64_t start = offs[row];
        const int64_t stop = start + static_cast<int64_t>(text.size());
        if (stop > std::numeric_limits<int32_t>::max()) {
          return Status::Error(ErrorCode::kStringTooLong,
                               ", column \"" + names_[c] +
                                   "\": column exceeds 2 GiB of string data; use smaller batches");
        }
        if (stop > col.data->size()) {
          col.data->ResizeUninitialized(std::max(stop, col.data->size() * 2));
        }
        if (!text.empty()) std::memcpy(col.data->mutable_data() + start, text.data(), text.size());
        offs[row + 1] = static_cast<int32_t>(stop);
        continue;
      }
      case Kind::kFloat64: {
        double d;
        if (ParsePlainDecimal(text, &d) || ParseDouble(text, &d) == NumberParse::kOk) {
          col.values->mutable_data_as<double>()[row] = d;
          continue;
        }
        break;
      }
      case Kind::kFloat32: {
        float f;
        if (ParseFloat(text, &f) == NumberParse::kOk) {
          col.values->mutable_data_as<float>()[row] = f;
          continue;
        }
        break;
      }
      case Kind::kInt64: {
        int64_t x;
        if (ParseInt64(text, &x) == NumberParse::kOk) {
          col.values->mutable_data_as<int64_t>()[row] = x;
          continue;
        }
        break;
      }
      case Kind::kInt32: {
        int64_t x;
        if (ParseInt64(text, &x) == NumberParse::kOk && x >= std::numeric_limits<int32_t>::min() &&
            x <= std::numeric_limits<int32_t>::max()) {
          col.values->mutable_data_as<int32_t>()[row] = static_cast<int32_t>(x);
          continue;
        }
        break;
      }
      case Kind::kTimestamp: {
        int64_t ticks;
        if (col.ParsePlainTimestamp(text, col.type.unit(), &ticks)) {
          col.values->mutable_data_as<int64_t>()[row] = ticks;
          continue;
        }
        Result<int64_t> parsed = ParseTimestamp(text, col.type.unit());
        if (parsed.ok()) {
          col.values->mutable_data_as<int64_t>()[row] = *parsed;
          continue;
        }
        break;
      }
      case Kind::kDate: {
        Result<int32_t> days = ParseDate(text);
        if (days.ok()) {
          col.values->mutable_data_as<int32_t>()[row] = *days;
          continue;
        }
        break;
      }
      case Kind::kOther: break;
    }
    COPRA_RETURN_NOT_OK(AppendSlow(c, text));
  }
  // The record is complete: commit what is not written in place.
  for (size_t c = 0; c < width; ++c) {
    Column& col = *columns_[c];
    if (any_null && fields[c].is_null && col.kind != Kind::kOther) col.nulls.push_back(row);
    if (col.kind == Kind::kOther) {
      COPRA_RETURN_NOT_OK(col.other->AppendValue(col.staged));
    }
  }
  ++rows_;
  return Status::OK();
}

Status CsvBatchBuilder::Append(const std::vector<CsvField>& fields, int64_t line) {
  views_.resize(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    views_[i] = CsvFieldView{fields[i].text, fields[i].is_null};
  }
  Status st = AppendRecord(views_.data());
  if (st.ok()) return st;
  return Status::Error(st.code(), "\"" + path_ + "\" line " + std::to_string(line) + st.message());
}

std::vector<ColumnPtr> CsvBatchBuilder::Finish() {
  std::vector<ColumnPtr> out;
  for (auto& col : columns_) {
    if (col->kind == Kind::kOther) {
      out.push_back(col->other->Finish());
      continue;
    }
    BufferPtr validity;
    if (!col->nulls.empty()) {
      validity = Buffer::AllocateUninitialized(bit_util::BytesForBits(rows_));
      bit_util::SetBitsTo(validity->mutable_data(), 0, rows_, true);
      for (int64_t r : col->nulls) bit_util::ClearBit(validity->mutable_data(), r);
    }
    if (col->kind == Kind::kString) {
      col->values->ResizeUninitialized((rows_ + 1) * int64_t{sizeof(int32_t)});
      const int64_t used = col->values->data_as<int32_t>()[rows_];
      col->data->ResizeUninitialized(used);
      // The next batch likely holds as many bytes per row.
      if (rows_ > 0) col->data_hint = used / rows_ * std::max<int64_t>(rows_hint_, rows_) + 64;
    } else {
      col->values->ResizeUninitialized(rows_ * col->width);
    }
    out.push_back(std::make_shared<copra::Column>(col->type, rows_, std::move(validity),
                                                  std::move(col->values), std::move(col->data),
                                                  static_cast<int64_t>(col->nulls.size())));
  }
  rows_ = 0;
  bytes_ = 0;
  ResetBuffers();
  return out;
}

}  // namespace copra::csv
