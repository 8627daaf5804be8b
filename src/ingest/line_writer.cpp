#include "ingest/line_writer.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include "catalog/catalog.h"
#include "common/copra_metrics.h"
#include "engine/access_control.h"
#include "engine/database.h"
#include "engine/session.h"
#include "types/cast.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  return out + "\"";
}

LogicalType FieldType(LineFieldType t) {
  switch (t) {
    case LineFieldType::kFloat: return LogicalType::Float64();
    case LineFieldType::kInteger: return LogicalType::Int64();
    case LineFieldType::kUnsigned: return LogicalType::UInt64();
    case LineFieldType::kString: return LogicalType::String();
    case LineFieldType::kBoolean: return LogicalType::Boolean();
  }
  return LogicalType::Float64();
}

Value FieldValue(const LineField& f) {
  switch (f.type) {
    case LineFieldType::kFloat: return Value::Float64(f.float_value);
    case LineFieldType::kInteger: return Value::Int64(f.int_value);
    case LineFieldType::kUnsigned: return Value::UInt64(f.uint_value);
    case LineFieldType::kString: return Value::String(std::string(f.string_value));
    case LineFieldType::kBoolean: return Value::Boolean(f.bool_value);
  }
  return Value::Null();
}

// Nanoseconds to ticks of `unit`, rounding toward negative infinity.
int64_t NanosTo(int64_t nanos, TimeUnit unit) {
  const int64_t per = int64_t{1000000000} / UnitsPerSecond(unit);
  int64_t q = nanos / per;
  if (nanos % per != 0 && nanos < 0) --q;
  return q;
}

// Name equality with the cheap checks first: keys of one measurement
// mostly differ in size or last byte, and equal ones are short.
inline bool SameName(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {  // 8 bytes at a time, inline (no memcmp call)
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Whether two points have the same tag and field keys in the same order
// (field types not compared).
bool SameKeys(const LineProtocolResult& parsed, const LinePoint& a, const LinePoint& b) {
  auto ta = parsed.tags(a), tb = parsed.tags(b);
  auto fa = parsed.fields(a), fb = parsed.fields(b);
  if (ta.size() != tb.size() || fa.size() != fb.size()) return false;
  for (size_t i = 0; i < ta.size(); ++i) {
    if (!SameName(ta[i].key, tb[i].key)) return false;
  }
  for (size_t i = 0; i < fa.size(); ++i) {
    if (fa[i].type != fb[i].type || !SameName(fa[i].key, fb[i].key)) return false;
  }
  return true;
}

// CREATE TABLE for a measurement's points: tags in first-seen order, then
// fields in first-seen order with the type of their first value.
std::string CreateTableSql(const std::string& table, const LineProtocolResult& parsed,
                           const std::vector<uint32_t>& points) {
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, LogicalType>> fields;
  for (uint32_t i : points) {
    const LinePoint& p = parsed.points[i];
    for (const LineTag& t : parsed.tags(p)) {
      if (std::find(tags.begin(), tags.end(), t.key) == tags.end()) tags.emplace_back(t.key);
    }
    for (const LineField& f : parsed.fields(p)) {
      bool seen = false;
      for (const auto& [name, type] : fields) seen |= name == f.key;
      if (!seen) fields.emplace_back(std::string(f.key), FieldType(f.type));
    }
  }
  std::string sql = "CREATE TABLE IF NOT EXISTS " + Quote(table) + " (";
  for (const std::string& t : tags) sql += Quote(t) + " STRING NULL, ";
  for (const auto& [name, type] : fields) {
    // A field named like a tag or the time index cannot become a column.
    if (std::find(tags.begin(), tags.end(), name) != tags.end() || name == kLineTimeIndexColumn) {
      continue;
    }
    sql += Quote(name) + " " + type.ToString() + " NULL, ";
  }
  sql += Quote(kLineTimeIndexColumn) + " TIMESTAMP(9) NOT NULL TIME INDEX";
  if (!tags.empty()) {
    sql += ", PRIMARY KEY (";
    for (size_t i = 0; i < tags.size(); ++i) sql += (i > 0 ? ", " : "") + Quote(tags[i]);
    sql += ")";
  }
  return sql + ")";
}

// ALTER TABLE statements adding the tags and fields of `points` that
// `schema` lacks: tags as STRING tag columns, fields typed by their first
// value. IF NOT EXISTS makes a concurrent writer's identical change harmless.
std::vector<std::pair<std::string, std::string>> MissingColumnsSql(
    const std::string& table, const TableSchema& schema, const LineProtocolResult& parsed,
    const std::vector<uint32_t>& points) {
  std::vector<std::pair<std::string, std::string>> out;  // (column, sql)
  auto wanted = [&](std::string_view name) {
    if (schema.FindColumn(name) >= 0) return false;
    for (const auto& [n, sql] : out) {
      if (n == name) return false;
    }
    return true;
  };
  const std::string prefix = "ALTER TABLE " + Quote(table) + " ADD COLUMN IF NOT EXISTS ";
  // Points of a measurement usually share their keys: check each distinct
  // key list once.
  const LinePoint* previous = nullptr;
  for (uint32_t i : points) {
    const LinePoint& p = parsed.points[i];
    if (previous != nullptr && SameKeys(parsed, *previous, p)) continue;
    previous = &p;
    for (const LineTag& t : parsed.tags(p)) {
      std::string k(t.key);
      if (wanted(k)) out.emplace_back(k, prefix + Quote(k) + " STRING NULL PRIMARY KEY");
    }
    for (const LineField& f : parsed.fields(p)) {
      std::string k(f.key);
      if (wanted(k)) {
        out.emplace_back(k, prefix + Quote(k) + " " + FieldType(f.type).ToString() + " NULL");
      }
    }
  }
  return out;
}

// Builds one measurement's batch straight from the parsed points: values go
// into typed column builders, casting only where a value's type differs from
// its column's.
class MeasurementBatch {
 public:
  // `rows`: the points that will be appended (buffers are sized for them).
  MeasurementBatch(const std::string& measurement, const TableSchema& schema,
                   const std::map<std::string, std::string>& alter_errors, int64_t rows)
      : measurement_(measurement), schema_(schema), alter_errors_(alter_errors) {
    for (size_t c = 0; c < schema.num_columns(); ++c) {
      builders_.emplace_back(schema.column(c).type, rows);
      by_name_.emplace(schema.column(c).name, static_cast<int>(c));
    }
    source_.assign(schema.num_columns(), Source{});
    stamp_.assign(schema.num_columns(), 0);
    cast_.resize(schema.num_columns());
  }

  // Appends point `p`, or returns why it does not fit (nothing appended).
  std::string Append(const LineProtocolResult& parsed, const LinePoint& p) {
    ++current_;
    std::string error;
    auto tags = parsed.tags(p);
    for (size_t j = 0; j < tags.size() && error.empty(); ++j) {
      error = Assign(tags[j].key, j, &tag_slots_, Source{&tags[j], nullptr}, "tag");
    }
    auto fields = parsed.fields(p);
    for (size_t j = 0; j < fields.size() && error.empty(); ++j) {
      error = Assign(fields[j].key, j, &field_slots_, Source{nullptr, &fields[j]}, "field");
    }
    const int time_index = schema_.time_index();
    for (size_t c = 0; c < schema_.num_columns() && error.empty(); ++c) {
      if (static_cast<int>(c) == time_index || stamp_[c] == current_) continue;
      if (!schema_.column(c).nullable) {
        error = "column \"" + schema_.column(c).name + "\" of table \"" + measurement_ +
                "\" is NOT NULL and the line has no value for it";
      }
    }
    if (!error.empty()) return error;
    for (size_t c = 0; c < schema_.num_columns(); ++c) {
      ColumnBuilder& b = builders_[c];
      if (static_cast<int>(c) == time_index) {
        b.Append<int64_t>(NanosTo(p.timestamp_ns, schema_.column(c).type.unit()));
      } else if (stamp_[c] != current_) {
        b.AppendNull();
      } else if (!AppendDirect(c)) {
        (void)b.AppendValue(*cast_[c]);  // cast to the column's type in Assign
      }
    }
    ++rows_;
    return "";
  }

  int64_t rows() const { return rows_; }
  BatchPtr Finish() {
    std::vector<ColumnPtr> columns;
    for (ColumnBuilder& b : builders_) columns.push_back(b.Finish());
    return Batch::Make(schema_.batch_schema(), std::move(columns), rows_);
  }

 private:
  // Where a column's value of the current point comes from.
  struct Source {
    const LineTag* tag = nullptr;
    const LineField* field = nullptr;
  };
  // Column of the key at position j of a point (cached per position: points
  // of a measurement mostly list the same keys in the same order).
  struct Slot {
    std::string key;
    int column = -1;
  };

  int ColumnOf(std::string_view key, size_t j, std::vector<Slot>* slots) {
    if (j < slots->size() && SameName((*slots)[j].key, key)) return (*slots)[j].column;
    auto it = by_name_.find(std::string(key));
    const int column = it == by_name_.end() ? -1 : it->second;
    if (j >= slots->size()) slots->resize(j + 1);
    (*slots)[j] = Slot{std::string(key), column};
    return column;
  }

  // Records `source` as the value of the column named `key` (a later value
  // for the same column wins); the cast, when one is needed, is done (and
  // checked) here so that a point is appended only when all of it fits.
  std::string Assign(std::string_view key, size_t j, std::vector<Slot>* slots, Source source,
                     const char* what) {
    const int column = ColumnOf(key, j, slots);
    if (column < 0) {
      const std::string name(key);
      std::string error = "table \"" + measurement_ + "\" has no column \"" + name + "\" (for " +
                          what + " \"" + name + "\")";
      auto why = alter_errors_.find(name);
      if (why != alter_errors_.end()) error += " and adding it failed: " + why->second;
      return error;
    }
    if (column == schema_.time_index()) {
      return std::string(what) + " \"" + std::string(key) + "\" has the name of the time index";
    }
    const size_t c = static_cast<size_t>(column);
    source_[c] = source;
    stamp_[c] = current_;
    if (Direct(c)) return "";
    Value v = source.tag != nullptr ? Value::String(std::string(source.tag->value))
                                    : FieldValue(*source.field);
    Result<Value> cast = CastValue(v, schema_.column(c).type);
    if (!cast.ok()) {
      return std::string(what) + " \"" + std::string(key) + "\": " + cast.status().message();
    }
    cast_[c] = std::move(*cast);
    return "";
  }

  // Whether column c's current source needs no cast.
  bool Direct(size_t c) const {
    const Source& s = source_[c];
    const TypeId type = schema_.column(c).type.id();
    if (s.tag != nullptr) return type == TypeId::kString;
    switch (s.field->type) {
      case LineFieldType::kFloat: return type == TypeId::kFloat64;
      case LineFieldType::kInteger: return type == TypeId::kInt64;
      case LineFieldType::kUnsigned: return type == TypeId::kUInt64;
      case LineFieldType::kString: return type == TypeId::kString;
      case LineFieldType::kBoolean: return type == TypeId::kBoolean;
    }
    return false;
  }

  // Appends column c's current source without a cast; false if it needs one.
  bool AppendDirect(size_t c) {
    if (!Direct(c)) return false;
    ColumnBuilder& b = builders_[c];
    const Source& s = source_[c];
    if (s.tag != nullptr) return b.AppendString(s.tag->value).ok();
    const LineField& f = *s.field;
    switch (f.type) {
      case LineFieldType::kFloat: b.Append<double>(f.float_value); return true;
      case LineFieldType::kInteger: b.Append<int64_t>(f.int_value); return true;
      case LineFieldType::kUnsigned: b.Append<uint64_t>(f.uint_value); return true;
      case LineFieldType::kString: return b.AppendString(f.string_value).ok();
      case LineFieldType::kBoolean: b.AppendBool(f.bool_value); return true;
    }
    return false;
  }

  const std::string& measurement_;
  const TableSchema& schema_;
  const std::map<std::string, std::string>& alter_errors_;
  std::vector<ColumnBuilder> builders_;
  std::unordered_map<std::string, int> by_name_;
  std::vector<Slot> tag_slots_, field_slots_;
  std::vector<Source> source_;              // per column, valid where stamp_ == current_
  std::vector<uint64_t> stamp_;             // per column: the point that set it last
  std::vector<std::optional<Value>> cast_;  // per column: the cast value, when not direct
  uint64_t current_ = 0;
  int64_t rows_ = 0;
};

}  // namespace

Result<LineWriteResult> LineProtocolWriter::Write(const LineProtocolResult& parsed) {
  LineWriteResult result;
  Catalog& catalog = session_->database()->catalog();
  const std::string database = session_->current_database();
  if (catalog.HasDatabase(database)) {
    COPRA_RETURN_NOT_OK(CheckDatabaseAccess(*session_, database, Privilege::kWrite));
  }

  // Group by measurement, keeping first-seen order.
  std::vector<std::string_view> order;
  std::unordered_map<std::string_view, std::vector<uint32_t>> groups;
  std::vector<uint32_t>* last_group = nullptr;
  std::string_view last_measurement;
  for (size_t i = 0; i < parsed.points.size(); ++i) {
    const std::string_view m = parsed.points[i].measurement;
    if (last_group == nullptr || m != last_measurement) {
      auto [it, inserted] = groups.try_emplace(m);
      if (inserted) order.push_back(m);
      last_group = &it->second;
      last_measurement = m;
    }
    last_group->push_back(static_cast<uint32_t>(i));
  }

  for (std::string_view measurement_view : order) {
    const std::string measurement(measurement_view);
    const std::vector<uint32_t>& group = groups[measurement_view];
    Result<TablePtr> table = catalog.GetTable(database, measurement);
    if (!table.ok() && table.status().code() == ErrorCode::kUndefinedTable) {
      // Writers may create the tables they write (write privilege, checked
      // above, not admin): the CREATE runs in a session of its own.
      std::string sql = CreateTableSql(measurement, parsed, group);
      std::unique_ptr<Session> creator = session_->database()->Connect(database);
      creator->set_protocol(session_->protocol());
      COPRA_ASSIGN_OR_RETURN(auto created, creator->Execute(sql));
      table = catalog.GetTable(database, measurement);
    }
    if (!table.ok()) return table.status();
    // New tags and fields become new columns (GreptimeDB's auto-alter);
    // like table creation, this needs only the write privilege checked
    // above, so the ALTERs run in a session of their own.
    std::map<std::string, std::string> alter_errors;  // column -> why it could not be added
    auto missing = MissingColumnsSql(measurement, (*table)->schema(), parsed, group);
    std::unique_ptr<Session> alterer;
    if (!missing.empty()) {
      alterer = session_->database()->Connect(database);
      alterer->set_protocol(session_->protocol());
    }
    for (const auto& [column, sql] : missing) {
      Result<std::unique_ptr<QueryResult>> altered = alterer->Execute(sql);
      if (!altered.ok()) alter_errors[column] = altered.status().message();
    }
    if (!missing.empty()) {
      table = catalog.GetTable(database, measurement);
      if (!table.ok()) return table.status();
    }
    MeasurementBatch batch(measurement, (*table)->schema(), alter_errors,
                           static_cast<int64_t>(group.size()));
    std::vector<int> lines;
    for (uint32_t i : group) {
      const LinePoint& p = parsed.points[i];
      std::string error = batch.Append(parsed, p);
      if (!error.empty()) {
        result.errors.push_back(LineError{p.line, std::move(error)});
        continue;
      }
      lines.push_back(p.line);
    }
    if (lines.empty()) continue;
    Result<int64_t> written = (*table)->Insert(batch.Finish());
    if (!written.ok()) {
      for (int line : lines) {
        result.errors.push_back(
            LineError{line, "table \"" + measurement + "\": " + written.status().message()});
      }
      continue;
    }
    CopraMetrics::Get()
        .rows(WriteSource::kLineProtocol)
        ->Increment(static_cast<uint64_t>(*written));
    result.rows_written += *written;
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const LineError& a, const LineError& b) { return a.line < b.line; });
  return result;
}

}  // namespace copra
