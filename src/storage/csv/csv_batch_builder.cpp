#include "storage/csv/csv_batch_builder.h"

#include <limits>

#include "types/cast.h"
#include "types/number_format.h"
#include "types/time_format.h"

namespace copra::csv {

namespace {

// "YYYY-MM-DD HH:MM:SS" (or with 'T'), a valid UTC date and time from year 1
// on, as ticks of `unit`; false for anything else (then ParseTimestamp
// decides, with the same result for the text this accepts).
bool ParsePlainTimestamp(std::string_view t, TimeUnit unit, int64_t* out) {
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') ||
      t[13] != ':' || t[16] != ':') {
    return false;
  }
  int v[6];
  static constexpr int kAt[6] = {0, 5, 8, 11, 14, 17};
  for (int f = 0; f < 6; ++f) {
    const int digits = f == 0 ? 4 : 2;
    int x = 0;
    for (int i = 0; i < digits; ++i) {
      const char ch = t[static_cast<size_t>(kAt[f] + i)];
      if (ch < '0' || ch > '9') return false;
      x = x * 10 + (ch - '0');
    }
    v[f] = x;
  }
  if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > DaysInMonth(v[0], v[1]) ||
      v[3] > 23 || v[4] > 59 || v[5] > 59) {
    return false;
  }
  const int64_t seconds =
      DaysFromCivil(v[0], v[1], v[2]) * 86400 + int64_t{v[3]} * 3600 + v[4] * 60 + v[5];
  return !__builtin_mul_overflow(seconds, UnitsPerSecond(unit), out);
}

}  // namespace

CsvBatchBuilder::CsvBatchBuilder(std::string path, std::vector<LogicalType> types,
                                 std::vector<std::string> names, int64_t rows_hint)
    : path_(std::move(path)),
      types_(std::move(types)),
      names_(std::move(names)),
      rows_hint_(rows_hint) {
  for (const LogicalType& t : types_) builders_.emplace_back(t, rows_hint_);
}

bool CsvBatchBuilder::AppendFast(size_t c, const std::string& text) {
  ColumnBuilder& b = builders_[c];
  switch (types_[c].id()) {
    case TypeId::kString: return b.AppendString(text).ok();
    case TypeId::kFloat64: {
      double d;
      if (ParseDouble(text, &d) != NumberParse::kOk) return false;
      b.Append<double>(d);
      return true;
    }
    case TypeId::kFloat32: {
      float f;
      if (ParseFloat(text, &f) != NumberParse::kOk) return false;
      b.Append<float>(f);
      return true;
    }
    case TypeId::kInt64: {
      int64_t x;
      if (ParseInt64(text, &x) != NumberParse::kOk) return false;
      b.Append<int64_t>(x);
      return true;
    }
    case TypeId::kInt32: {
      int64_t x;
      if (ParseInt64(text, &x) != NumberParse::kOk || x < std::numeric_limits<int32_t>::min() ||
          x > std::numeric_limits<int32_t>::max()) {
        return false;
      }
      b.Append<int32_t>(static_cast<int32_t>(x));
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t fast = 0;
      if (ParsePlainTimestamp(text, types_[c].unit(), &fast)) {
        b.Append<int64_t>(fast);
        return true;
      }
      Result<int64_t> ticks = ParseTimestamp(text, types_[c].unit());
      if (!ticks.ok()) return false;
      b.Append<int64_t>(*ticks);
      return true;
    }
    case TypeId::kDate: {
      Result<int32_t> days = ParseDate(text);
      if (!days.ok()) return false;
      b.Append<int32_t>(*days);
      return true;
    }
    case TypeId::kBoolean: {
      bool v;
      if (!ParseBool(text, &v)) return false;
      b.AppendBool(v);
      return true;
    }
    default: return false;
  }
}

Status CsvBatchBuilder::Append(const std::vector<CsvField>& fields, int64_t line) {
  const size_t width = types_.size();
  for (size_t c = 0; c < width; ++c) {
    const CsvField& f = fields[c];
    bytes_ += static_cast<int64_t>(f.text.size()) + 8;
    if (f.is_null) {
      builders_[c].AppendNull();
      continue;
    }
    if (AppendFast(c, f.text)) continue;
    // CAST's own conversion: its value, or its error with the position.
    Result<Value> v = CastValue(Value::String(f.text), types_[c]);
    Status st = v.ok() ? builders_[c].AppendValue(*v) : v.status();
    if (!st.ok()) {
      // Drop the record's values appended so far: rebuild without them.
      for (size_t k = 0; k < c; ++k) {
        ColumnPtr done = builders_[k].Finish();
        for (int64_t i = 0; i < rows_; ++i) builders_[k].AppendFrom(*done, i);
      }
      return Status::Error(st.code(), "\"" + path_ + "\" line " + std::to_string(line) +
                                          ", column \"" + names_[c] + "\": " + st.message());
    }
  }
  ++rows_;
  return Status::OK();
}

std::vector<ColumnPtr> CsvBatchBuilder::Finish() {
  std::vector<ColumnPtr> out;
  for (size_t c = 0; c < builders_.size(); ++c) {
    out.push_back(builders_[c].Finish());
    builders_[c] = ColumnBuilder(types_[c], rows_hint_);  // sized for the next batch
  }
  rows_ = 0;
  bytes_ = 0;
  return out;
}

}  // namespace copra::csv
