#include "ingest/line_writer.h"

#include <algorithm>
#include <map>
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
    case LineFieldType::kString: return Value::String(f.string_value);
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

// CREATE TABLE for a measurement's points: tags in first-seen order, then
// fields in first-seen order with the type of their first value.
std::string CreateTableSql(const std::string& table, const std::vector<const LinePoint*>& points) {
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, LogicalType>> fields;
  for (const LinePoint* p : points) {
    for (const auto& [k, v] : p->tags) {
      if (std::find(tags.begin(), tags.end(), k) == tags.end()) tags.push_back(k);
    }
    for (const LineField& f : p->fields) {
      bool seen = false;
      for (const auto& [name, type] : fields) seen |= name == f.key;
      if (!seen) fields.emplace_back(f.key, FieldType(f.type));
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
    const std::string& table, const TableSchema& schema,
    const std::vector<const LinePoint*>& points) {
  std::vector<std::pair<std::string, std::string>> out;  // (column, sql)
  auto wanted = [&](const std::string& name) {
    if (schema.FindColumn(name) >= 0) return false;
    for (const auto& [n, sql] : out) {
      if (n == name) return false;
    }
    return true;
  };
  const std::string prefix = "ALTER TABLE " + Quote(table) + " ADD COLUMN IF NOT EXISTS ";
  for (const LinePoint* p : points) {
    for (const auto& [k, v] : p->tags) {
      if (wanted(k)) out.emplace_back(k, prefix + Quote(k) + " STRING NULL PRIMARY KEY");
    }
    for (const LineField& f : p->fields) {
      if (wanted(f.key)) {
        out.emplace_back(f.key,
                         prefix + Quote(f.key) + " " + FieldType(f.type).ToString() + " NULL");
      }
    }
  }
  return out;
}

}  // namespace

Result<LineWriteResult> LineProtocolWriter::Write(const std::vector<LinePoint>& points) {
  LineWriteResult result;
  Catalog& catalog = session_->database()->catalog();
  const std::string database = session_->current_database();
  if (catalog.HasDatabase(database)) {
    COPRA_RETURN_NOT_OK(CheckDatabaseAccess(*session_, database, Privilege::kWrite));
  }

  // Group by measurement, keeping first-seen order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const LinePoint*>> groups;
  for (const LinePoint& p : points) {
    auto [it, inserted] = groups.try_emplace(p.measurement);
    if (inserted) order.push_back(p.measurement);
    it->second.push_back(&p);
  }

  for (const std::string& measurement : order) {
    const std::vector<const LinePoint*>& group = groups[measurement];
    Result<TablePtr> table = catalog.GetTable(database, measurement);
    if (!table.ok() && table.status().code() == ErrorCode::kUndefinedTable) {
      // Writers may create the tables they write (write privilege, checked
      // above, not admin): the CREATE runs in a session of its own.
      std::string sql = CreateTableSql(measurement, group);
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
    auto missing = MissingColumnsSql(measurement, (*table)->schema(), group);
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
    const TableSchema& schema = (*table)->schema();
    std::unordered_map<std::string, int> by_name;
    for (size_t c = 0; c < schema.num_columns(); ++c) {
      by_name.emplace(schema.column(c).name, static_cast<int>(c));
    }
    const int time_index = schema.time_index();

    std::vector<ColumnBuilder> builders;
    for (const TableColumn& col : schema.columns()) builders.emplace_back(col.type);
    std::vector<Value> row(schema.num_columns());
    std::vector<int> lines;
    for (const LinePoint* p : group) {
      for (size_t c = 0; c < row.size(); ++c) row[c] = Value::Null(schema.column(c).type);
      std::string error;
      auto put = [&](const std::string& name, const Value& v, const char* what) {
        auto it = by_name.find(name);
        if (it == by_name.end()) {
          error = "table \"" + measurement + "\" has no column \"" + name + "\" (for " + what +
                  " \"" + name + "\")";
          auto why = alter_errors.find(name);
          if (why != alter_errors.end()) error += " and adding it failed: " + why->second;
          return;
        }
        const TableColumn& col = schema.column(static_cast<size_t>(it->second));
        if (it->second == time_index) {
          error = std::string(what) + " \"" + name + "\" has the name of the time index";
          return;
        }
        Result<Value> cast = CastValue(v, col.type);
        if (!cast.ok()) {
          error = std::string(what) + " \"" + name + "\": " + cast.status().message();
          return;
        }
        row[static_cast<size_t>(it->second)] = std::move(*cast);
      };
      for (const auto& [k, v] : p->tags) {
        if (error.empty()) put(k, Value::String(v), "tag");
      }
      for (const LineField& f : p->fields) {
        if (error.empty()) put(f.key, FieldValue(f), "field");
      }
      if (error.empty() && time_index >= 0) {
        const LogicalType& ts_type = schema.column(static_cast<size_t>(time_index)).type;
        row[static_cast<size_t>(time_index)] =
            Value::Timestamp(NanosTo(p->timestamp_ns, ts_type.unit()), ts_type.unit());
      }
      for (size_t c = 0; c < row.size() && error.empty(); ++c) {
        if (row[c].is_null() && !schema.column(c).nullable) {
          error = "column \"" + schema.column(c).name + "\" of table \"" + measurement +
                  "\" is NOT NULL and the line has no value for it";
        }
      }
      if (!error.empty()) {
        result.errors.push_back(LineError{p->line, std::move(error)});
        continue;
      }
      for (size_t c = 0; c < row.size(); ++c) {
        Status st = builders[c].AppendValue(row[c]);
        if (!st.ok()) return st;  // values were cast to the column type above
      }
      lines.push_back(p->line);
    }
    if (lines.empty()) continue;
    std::vector<ColumnPtr> columns;
    for (ColumnBuilder& b : builders) columns.push_back(b.Finish());
    BatchPtr batch =
        Batch::Make(schema.batch_schema(), std::move(columns), static_cast<int64_t>(lines.size()));
    Result<int64_t> written = (*table)->Insert(batch);
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
