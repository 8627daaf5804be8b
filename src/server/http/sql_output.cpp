#include "server/http/sql_output.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "types/number_format.h"
#include "types/time_format.h"

namespace copra {

namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j) {
  // Invalid UTF-8 in a string must not throw: replace it.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json FloatJson(double v) {
  if (std::isfinite(v)) return v;
  return FormatDouble(v);  // "NaN", "Infinity", "-Infinity"
}

Json CellJson(const Column& c, int64_t row) {
  if (c.IsNull(row) || c.type().IsNull()) return nullptr;
  switch (c.type().id()) {
    case TypeId::kNull: return nullptr;
    case TypeId::kBoolean: return c.GetBool(row);
    case TypeId::kInt8: return c.data<int8_t>()[row];
    case TypeId::kInt16: return c.data<int16_t>()[row];
    case TypeId::kInt32: return c.data<int32_t>()[row];
    case TypeId::kInt64: return c.data<int64_t>()[row];
    case TypeId::kUInt8: return c.data<uint8_t>()[row];
    case TypeId::kUInt16: return c.data<uint16_t>()[row];
    case TypeId::kUInt32: return c.data<uint32_t>()[row];
    case TypeId::kUInt64: return c.data<uint64_t>()[row];
    case TypeId::kFloat32: return FloatJson(c.data<float>()[row]);
    case TypeId::kFloat64: return FloatJson(c.data<double>()[row]);
    case TypeId::kString: return std::string(c.GetString(row));
    case TypeId::kTimestamp: return c.data<int64_t>()[row];
    case TypeId::kBinary:
    case TypeId::kDate:
    case TypeId::kInterval: return c.GetValue(row).ToString();
  }
  return nullptr;
}

// A CSV field, quoted when it holds a comma, quote or line break.
void AppendCsvField(const std::string& text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char ch : text) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

// The CSV text of a cell ("" for NULL); timestamps as ticks, as in JSON.
void AppendCsvCell(const Column& c, int64_t row, std::string* out) {
  if (c.IsNull(row) || c.type().IsNull()) return;
  if (c.type().id() == TypeId::kString) {
    AppendCsvField(std::string(c.GetString(row)), out);
  } else if (c.type().id() == TypeId::kTimestamp) {
    out->append(std::to_string(c.data<int64_t>()[row]));
  } else {
    AppendCsvField(c.GetValue(row).ToString(), out);
  }
}

}  // namespace

const char* GreptimeTypeName(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kNull: return "Null";
    case TypeId::kBoolean: return "Boolean";
    case TypeId::kInt8: return "Int8";
    case TypeId::kInt16: return "Int16";
    case TypeId::kInt32: return "Int32";
    case TypeId::kInt64: return "Int64";
    case TypeId::kUInt8: return "UInt8";
    case TypeId::kUInt16: return "UInt16";
    case TypeId::kUInt32: return "UInt32";
    case TypeId::kUInt64: return "UInt64";
    case TypeId::kFloat32: return "Float32";
    case TypeId::kFloat64: return "Float64";
    case TypeId::kString: return "String";
    case TypeId::kBinary: return "Binary";
    case TypeId::kDate: return "Date";
    case TypeId::kInterval: return "IntervalMonthDayNano";
    case TypeId::kTimestamp:
      switch (type.unit()) {
        case TimeUnit::kSecond: return "TimestampSecond";
        case TimeUnit::kMillisecond: return "TimestampMillisecond";
        case TimeUnit::kMicrosecond: return "TimestampMicrosecond";
        case TimeUnit::kNanosecond: return "TimestampNanosecond";
      }
  }
  return "Null";
}

int GreptimeStatusCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 0;
    case ErrorCode::kSyntaxError: return 2000;          // InvalidSyntax
    case ErrorCode::kDuplicateTable: return 4000;       // TableAlreadyExists
    case ErrorCode::kUndefinedTable: return 4001;       // TableNotFound
    case ErrorCode::kUndefinedColumn: return 4002;      // TableColumnNotFound
    case ErrorCode::kDuplicateColumn: return 4003;      // TableColumnExists
    case ErrorCode::kInvalidDatabase: return 4004;      // DatabaseNotFound
    case ErrorCode::kDuplicateDatabase: return 4010;    // DatabaseAlreadyExists
    case ErrorCode::kFeatureNotSupported: return 1001;  // Unsupported
    case ErrorCode::kInternal: return 1003;             // Internal
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidParameter: return 1004;       // InvalidArguments
    case ErrorCode::kQueryCanceled: return 1005;          // Cancelled
    case ErrorCode::kInsufficientPrivilege: return 7005;  // AccessDenied
    case ErrorCode::kIoError:
    case ErrorCode::kDiskFull:
    case ErrorCode::kDataCorrupted: return 5000;  // StorageUnavailable
    case ErrorCode::kOutOfMemory: return 6000;    // RuntimeResourcesExhausted
    case ErrorCode::kUndefinedFunction:
    case ErrorCode::kUndefinedObject:
    case ErrorCode::kAmbiguousColumn:
    case ErrorCode::kDatatypeMismatch:
    case ErrorCode::kGroupingError: return 3000;  // PlanQuery
    default: return 3001;                         // EngineExecuteQuery
  }
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInternal:
    case ErrorCode::kIoError:
    case ErrorCode::kDiskFull:
    case ErrorCode::kDataCorrupted:
    case ErrorCode::kOutOfMemory: return 500;
    case ErrorCode::kInsufficientPrivilege: return 403;
    default: return 400;
  }
}

Status SqlJsonOutput::Add(QueryResult& result) {
  Json out;
  if (!result.returns_rows()) {
    out = {{"affectedrows", result.rows()}};
  } else {
    const Schema& schema = *result.schema();
    Json columns = Json::array();
    for (const Field& f : schema.fields()) {
      columns.push_back({{"name", f.name}, {"data_type", GreptimeTypeName(f.type)}});
    }
    Json rows = Json::array();
    while (true) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, result.Next());
      if (batch == nullptr) break;
      for (int64_t r = 0; r < batch->num_rows(); ++r) {
        Json row = Json::array();
        for (size_t c = 0; c < batch->num_columns(); ++c)
          row.push_back(CellJson(*batch->column(c), r));
        rows.push_back(std::move(row));
      }
    }
    int64_t total = static_cast<int64_t>(rows.size());
    out = {{"records",
            {{"schema", {{"column_schemas", std::move(columns)}}},
             {"rows", std::move(rows)},
             {"total_rows", total}}}};
  }
  if (count_++ > 0) outputs_.push_back(',');
  outputs_ += Dump(out);
  return Status::OK();
}

std::string SqlJsonOutput::Finish(int64_t execution_time_ms) const {
  return "{\"code\":0,\"output\":[" + outputs_ +
         "],\"execution_time_ms\":" + std::to_string(execution_time_ms) + "}";
}

std::string SqlJsonOutput::Error(const Status& status, int64_t execution_time_ms) {
  std::string message = status.message();
  SourcePosition pos = status.position();
  if (pos.IsKnown()) {
    message +=
        " (at line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) + ")";
  }
  return Dump(Json{{"code", GreptimeStatusCode(status.code())},
                   {"error", message},
                   {"execution_time_ms", execution_time_ms}});
}

Status SqlCsvOutput::Add(QueryResult& result) {
  if (!result.returns_rows()) return Status::OK();
  if (with_names_) {
    const Schema& schema = *result.schema();
    for (size_t i = 0; i < schema.num_fields(); ++i) {
      if (i > 0) body_.push_back(',');
      AppendCsvField(schema.field(i).name, &body_);
    }
    body_ += "\r\n";
  }
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, result.Next());
    if (batch == nullptr) break;
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      for (size_t c = 0; c < batch->num_columns(); ++c) {
        if (c > 0) body_.push_back(',');
        AppendCsvCell(*batch->column(c), r, &body_);
      }
      body_ += "\r\n";
    }
  }
  return Status::OK();
}

}  // namespace copra
