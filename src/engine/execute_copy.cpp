// StatementExecutor: COPY t FROM 'file' and COPY t | (query) TO 'file', for
// CSV and Parquet files (see copy_options.h for the options and
// docs/copy.md for the user's view).
//
// FROM appends with INSERT semantics through Table::Insert, in batches
// (CSV: one per block of about 8 MB of text, parsed on several threads
// while the previous one is being written; Parquet: 64Ki rows, the next
// decoded while one is written); CSV
// columns are matched by position,
// Parquet columns by name. TO streams the query into a temporary file
// beside the target and renames it into place once complete, so a failed
// COPY never leaves a partial file under the requested name.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <future>
#include <optional>
#include <set>

#include "catalog/catalog.h"
#include "common/copra_metrics.h"
#include "common/suggest.h"
#include "engine/copy_options.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "exec/physical_operator.h"
#include "function/cast_kernel.h"
#include "planner/binder.h"
#include "planner/physical_planner.h"
#include "sql/parser.h"
#include "storage/column_concat.h"
#include "storage/csv/csv_writer.h"
#include "storage/csv/parallel_csv_reader.h"
#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Where the rows of a COPY FROM go: the table, its target columns and the
// values of the other columns.
struct CopyTarget {
  TablePtr table;
  std::vector<int> columns;                    // table column per source column
  std::vector<std::optional<Value>> defaults;  // per table column
};

// Fills the columns COPY does not provide, checks NOT NULL and inserts.
Result<int64_t> InsertColumns(const CopyTarget& target, std::vector<ColumnPtr> columns, int64_t n,
                              SourcePosition pos) {
  const TableSchema& schema = target.table->schema();
  for (size_t c = 0; c < schema.num_columns(); ++c) {
    if (columns[c] != nullptr) continue;
    columns[c] = target.defaults[c] ? Column::MakeConstant(*target.defaults[c], n)
                                    : Column::MakeNull(schema.column(c).type, n);
  }
  for (size_t c = 0; c < schema.num_columns(); ++c) {
    const TableColumn& col = schema.column(c);
    if (!col.nullable && columns[c]->null_count() > 0) {
      return Status::Error(ErrorCode::kNotNullViolation,
                           "null value in column \"" + col.name + "\" of table \"" +
                               target.table->name() + "\" violates not-null constraint",
                           pos);
    }
  }
  COPRA_ASSIGN_OR_RETURN(int64_t written, target.table->Insert(Batch::Make(schema.batch_schema(),
                                                                           std::move(columns), n)));
  CopraMetrics::Get().rows(WriteSource::kCopy)->Increment(static_cast<uint64_t>(written));
  return written;
}

// Where an insert of `n` rows should end so that it holds whole ticks:
// the start of the trailing run of rows sharing the last row's time
// (those rows go with the next insert). n when the time column is not
// plain values (NULLs) or the whole batch is one tick.
int64_t WholeTicksEnd(const Column& time, int64_t n) {
  if (n < 2 || time.null_count() > 0) return n;
  const int64_t* t = time.data<int64_t>();
  int64_t start = n - 1;
  while (start > 0 && t[start - 1] == t[n - 1]) --start;
  return start == 0 ? n : start;
}

// Parses the CSV on several threads (storage/csv/parallel_csv_reader.h)
// and inserts its blocks' batches in file order: one insert (one WAL write
// and fsync) per block of about 8 MB of text, while the next blocks are
// being parsed. A failure stops the load (batches before it stay
// inserted).
//
// Inserts end between ticks: the rows of a block's last timestamp are held
// back and inserted with the next block. A memtable is frozen only between
// inserts, so a time-ordered file's flushed files then never share a
// timestamp (no rows a scan must merge across them). The rows and their
// order are unchanged; only where one insert ends and the next begins.
Result<int64_t> CopyFromCsv(const CopyTarget& target, const std::string& path,
                            const csv::CsvOptions& options, SourcePosition pos) {
  const TableSchema& schema = target.table->schema();
  const size_t width = target.columns.size();
  std::vector<LogicalType> types;
  std::vector<std::string> names;
  for (int c : target.columns) {
    types.push_back(schema.column(static_cast<size_t>(c)).type);
    names.push_back(schema.column(static_cast<size_t>(c)).name);
  }
  // The file's field holding the time index, if it has one.
  int time_field = -1;
  for (size_t i = 0; i < width; ++i) {
    if (target.columns[i] == schema.time_index() && types[i].id() == TypeId::kTimestamp) {
      time_field = static_cast<int>(i);
    }
  }
  COPRA_ASSIGN_OR_RETURN(auto reader, csv::ParallelCsvReader::Open(path, options, types, names));
  int64_t total = 0;
  std::vector<ColumnPtr> held;  // rows held back for the next insert (one tick)
  int64_t held_rows = 0;
  auto insert = [&](std::vector<ColumnPtr> built, int64_t n) -> Status {
    std::vector<ColumnPtr> columns(schema.num_columns());
    for (size_t i = 0; i < width; ++i) {
      columns[static_cast<size_t>(target.columns[i])] = std::move(built[i]);
    }
    COPRA_ASSIGN_OR_RETURN(int64_t written, InsertColumns(target, std::move(columns), n, pos));
    total += written;
    return Status::OK();
  };
  while (true) {
    std::vector<ColumnPtr> built;
    int64_t n = 0;
    Result<bool> more = reader->Next(&built, &n);
    if (!more.ok()) {
      // The held rows belong to the block before the failing one: they stay.
      if (held_rows > 0) COPRA_RETURN_NOT_OK(insert(std::move(held), held_rows));
      return more.status();
    }
    if (!*more) break;
    if (n == 0) continue;
    if (held_rows > 0) {
      // A tick is small (one row per series): prepend it to the block.
      for (size_t i = 0; i < width; ++i) {
        built[i] = storage::ConcatenateColumns({held[i], built[i]});
      }
      n += held_rows;
      held.clear();
      held_rows = 0;
    }
    int64_t end = n;
    if (time_field >= 0) {
      end = WholeTicksEnd(*built[static_cast<size_t>(time_field)], n);
      // Hold back at most a tenth of a block: a file that is not in time
      // order must not make the held rows grow.
      if (n - end > n / 10) end = n;
    }
    if (end < n) {
      held.resize(width);
      for (size_t i = 0; i < width; ++i) {
        held[i] = built[i]->Slice(end, n - end);
        built[i] = built[i]->Slice(0, end);
      }
      held_rows = n - end;
    }
    COPRA_RETURN_NOT_OK(insert(std::move(built), end));
  }
  if (held_rows > 0) COPRA_RETURN_NOT_OK(insert(std::move(held), held_rows));
  return total;
}

// Rows per insert when loading Parquet (the byte size of a batch follows
// from the table's width; 64Ki rows of TSBS cpu are about 12 MB).
constexpr int64_t kParquetInsertRows = 1 << 16;

Result<int64_t> CopyFromParquet(CopyTarget target, const std::vector<std::string>& named,
                                const std::string& path, int64_t batch_size, SourcePosition pos) {
  COPRA_ASSIGN_OR_RETURN(auto reader, parquet::FileReader::Open(path));
  const TableSchema& schema = target.table->schema();
  const Schema& file = *reader->schema();
  // File column -> table column, by name (exact, then case-insensitive).
  std::vector<std::string> table_names;
  for (const TableColumn& c : schema.columns()) table_names.push_back(c.name);
  std::vector<int> file_columns;
  std::vector<int> table_columns;
  std::set<int> listed(target.columns.begin(), target.columns.end());
  for (size_t f = 0; f < file.num_fields(); ++f) {
    const std::string& name = file.field(f).name;
    int t = schema.FindColumn(name);
    if (t < 0) {
      for (size_t c = 0; c < table_names.size(); ++c) {
        if (Lower(table_names[c]) == Lower(name)) t = static_cast<int>(c);
      }
    }
    if (t < 0) {
      if (!named.empty()) continue;  // only the listed columns are loaded
      return Status::Error(ErrorCode::kUndefinedColumn,
                           "column \"" + name + "\" of \"" + path +
                               "\" does not exist in table \"" + target.table->name() + "\"" +
                               DidYouMean(name, table_names),
                           pos);
    }
    if (!listed.count(t)) continue;
    if (std::find(table_columns.begin(), table_columns.end(), t) != table_columns.end()) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "\"" + path + "\" has more than one column named \"" + name + "\"", pos);
    }
    file_columns.push_back(static_cast<int>(f));
    table_columns.push_back(t);
  }
  if (!named.empty()) {
    for (int t : target.columns) {
      if (std::find(table_columns.begin(), table_columns.end(), t) == table_columns.end()) {
        return Status::Error(ErrorCode::kUndefinedColumn,
                             "column \"" + schema.column(static_cast<size_t>(t)).name +
                                 "\" is not in \"" + path + "\"",
                             pos);
      }
    }
  }
  // Batches of up to kParquetInsertRows rows (one WAL write and fsync
  // each); the next batch is decoded on a helper thread while one is
  // inserted. Only one thread touches the reader at a time.
  const int64_t rows_per_insert = std::max<int64_t>(batch_size, kParquetInsertRows);
  int group = 0;
  std::unique_ptr<BatchReader> batches;
  struct Decoded {
    std::vector<ColumnPtr> columns;  // per table column; empty at the end
    int64_t rows = 0;
  };
  auto next_batch = [&]() -> Result<Decoded> {
    while (true) {
      if (batches == nullptr) {
        if (group >= reader->num_row_groups()) return Decoded{};
        COPRA_ASSIGN_OR_RETURN(batches,
                               reader->ReadRowGroup(group++, file_columns, rows_per_insert));
      }
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, batches->Next());
      if (batch == nullptr) {
        batches.reset();
        continue;
      }
      if (batch->num_rows() == 0) continue;
      const int64_t n = batch->num_rows();
      std::vector<ColumnPtr> columns(schema.num_columns());
      for (size_t i = 0; i < table_columns.size(); ++i) {
        const TableColumn& col = schema.column(static_cast<size_t>(table_columns[i]));
        ColumnPtr c = batch->column(i);
        if (c->type() != col.type) {
          Result<Datum> cast = CastDatum(Datum::Flat(c), col.type, n);
          if (!cast.ok()) {
            return cast.status().WithPrefix("\"" + path + "\", column \"" + col.name + "\": ");
          }
          c = cast->column;
        }
        columns[static_cast<size_t>(table_columns[i])] = std::move(c);
      }
      return Decoded{std::move(columns), n};
    }
  };
  int64_t total = 0;
  std::future<Result<Decoded>> pending = std::async(std::launch::async, next_batch);
  while (true) {
    Result<Decoded> decoded = pending.get();
    if (!decoded.ok()) return decoded.status();
    if (decoded->columns.empty()) break;
    pending = std::async(std::launch::async, next_batch);
    Result<int64_t> written =
        InsertColumns(target, std::move(decoded->columns), decoded->rows, pos);
    if (!written.ok()) {
      (void)pending.get();  // the helper uses the reader: let it finish first
      return written.status();
    }
    total += *written;
  }
  return total;
}

// Writes batches to a CSV or Parquet file; Finish() completes it.
class CopySink {
 public:
  virtual ~CopySink() = default;
  virtual Status Write(const Batch& batch) = 0;
  virtual Status Finish() = 0;
};

class CsvSink : public CopySink {
 public:
  static Result<std::unique_ptr<CopySink>> Make(const std::string& path, const Schema& schema,
                                                const csv::CsvOptions& options) {
    COPRA_ASSIGN_OR_RETURN(auto writer, csv::CsvWriter::Create(path, options));
    if (options.header) {
      std::vector<std::string> names;
      for (const Field& f : schema.fields()) names.push_back(f.name);
      COPRA_RETURN_NOT_OK(writer->WriteHeader(names));
    }
    auto sink = std::make_unique<CsvSink>();
    sink->writer_ = std::move(writer);
    return std::unique_ptr<CopySink>(std::move(sink));
  }
  Status Write(const Batch& batch) override {
    std::vector<ColumnPtr> text;
    for (const ColumnPtr& c : batch.columns()) {
      if (c->type() == LogicalType::String()) {
        text.push_back(c);
        continue;
      }
      COPRA_ASSIGN_OR_RETURN(Datum d,
                             CastDatum(Datum::Flat(c), LogicalType::String(), batch.num_rows()));
      text.push_back(d.column);
    }
    return writer_->WriteRows(text, batch.num_rows());
  }
  Status Finish() override { return writer_->Close(); }

 private:
  std::unique_ptr<csv::CsvWriter> writer_;
};

class ParquetSink : public CopySink {
 public:
  static Result<std::unique_ptr<CopySink>> Make(const std::string& path, SchemaPtr schema,
                                                const parquet::WriterOptions& options) {
    COPRA_ASSIGN_OR_RETURN(auto writer,
                           parquet::FileWriter::Open(path, std::move(schema), options));
    auto sink = std::make_unique<ParquetSink>();
    sink->writer_ = std::move(writer);
    return std::unique_ptr<CopySink>(std::move(sink));
  }
  Status Write(const Batch& batch) override { return writer_->Write(batch); }
  Status Finish() override { return writer_->Close().status(); }

 private:
  std::unique_ptr<parquet::FileWriter> writer_;
};

}  // namespace

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteCopy(const CopyStatement& stmt) {
  if (stmt.stdio) {
    return Status::NotSupported(std::string("COPY ") + (stmt.is_from ? "FROM STDIN" : "TO STDOUT") +
                                    " is not supported; give a file name",
                                stmt.pos);
  }
  COPRA_ASSIGN_OR_RETURN(CopyOptions options, ParseCopyOptions(stmt.options, stmt.path, stmt.pos));
  const int64_t batch_size = session_->batch_size();

  if (stmt.is_from) {
    std::unique_ptr<Binder> binder = MakeBinder();
    CopyTarget target;
    COPRA_ASSIGN_OR_RETURN(target.table, binder->ResolveTable(stmt.table));
    const TableSchema& schema = target.table->schema();
    if (target.table->IsSystem()) {
      return Status::Error(ErrorCode::kInsufficientPrivilege,
                           "cannot copy into system table \"" + target.table->name() + "\"",
                           stmt.table.pos);
    }
    std::vector<std::string> names;
    for (const TableColumn& c : schema.columns()) names.push_back(c.name);
    if (stmt.columns.empty()) {
      for (size_t i = 0; i < schema.num_columns(); ++i) {
        target.columns.push_back(static_cast<int>(i));
      }
    } else {
      std::set<int> seen;
      for (const std::string& name : stmt.columns) {
        int index = schema.FindColumn(name);
        if (index < 0) {
          return Status::Error(ErrorCode::kUndefinedColumn,
                               "column \"" + name + "\" of table \"" + target.table->name() +
                                   "\" does not exist" + DidYouMean(name, names),
                               stmt.pos);
        }
        if (!seen.insert(index).second) {
          return Status::Error(ErrorCode::kDuplicateColumn,
                               "column \"" + name + "\" specified more than once", stmt.pos);
        }
        target.columns.push_back(index);
      }
    }
    // Defaults of the columns the file may not provide.
    target.defaults.resize(schema.num_columns());
    for (size_t c = 0; c < schema.num_columns(); ++c) {
      const TableColumn& col = schema.column(c);
      if (!col.default_sql) continue;
      COPRA_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpression(*col.default_sql));
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound, binder->BindConstantExpr(*expr));
      ExpressionEvaluator evaluator(MakeExecContext()->eval);
      COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*bound));
      if (!v.is_null()) {
        COPRA_ASSIGN_OR_RETURN(v, v.CastTo(col.type));
      }
      target.defaults[c] = v;
    }
    int64_t rows = 0;
    if (options.format == CopyFormat::kCsv) {
      COPRA_ASSIGN_OR_RETURN(rows, CopyFromCsv(target, stmt.path, options.csv, stmt.pos));
    } else {
      COPRA_ASSIGN_OR_RETURN(
          rows, CopyFromParquet(target, stmt.columns, stmt.path, batch_size, stmt.pos));
    }
    return QueryResult::Command("COPY " + std::to_string(rows), rows);
  }

  // COPY ... TO: plan the query (a table is SELECT its columns).
  LogicalPlanPtr plan;
  if (stmt.query != nullptr) {
    COPRA_ASSIGN_OR_RETURN(plan, PlanQuery(*stmt.query, nullptr, nullptr));
  } else {
    std::string sql = "SELECT ";
    if (stmt.columns.empty()) {
      sql += "*";
    } else {
      for (size_t i = 0; i < stmt.columns.size(); ++i) {
        if (i > 0) sql += ", ";
        sql += QuoteIdentifier(stmt.columns[i]);
      }
    }
    sql += " FROM " + stmt.table.ToString();
    COPRA_ASSIGN_OR_RETURN(auto parsed, ParseSql(sql));
    if (parsed.size() != 1 || parsed[0]->kind != StatementKind::kSelect) {
      return Status::Internal("COPY could not plan " + sql);
    }
    auto planned = PlanQuery(*parsed[0]->As<SelectStatement>().query, nullptr, nullptr);
    if (!planned.ok()) return planned.status().WithPosition(stmt.table.pos);
    plan = std::move(*planned);
  }
  SchemaPtr schema = plan->schema;
  COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr root, CreatePhysicalPlan(*plan));
  std::shared_ptr<ExecContext> ctx = MakeExecContext();
  COPRA_RETURN_NOT_OK(root->Open(ctx.get()));

  // A unique temporary name beside the target (sessions may COPY to the same
  // file at once); errors name the target, not the temporary file.
  static std::atomic<uint64_t> copy_counter{0};
  const std::string temp = stmt.path + ".copra-tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(copy_counter.fetch_add(1));
  auto about_target = [&](const Status& st) {
    std::string msg = st.message();
    for (size_t p = msg.find(temp); p != std::string::npos; p = msg.find(temp, p)) {
      msg.replace(p, temp.size(), stmt.path);
    }
    return Status::Error(st.code(), msg, st.position());
  };
  std::unique_ptr<CopySink> sink;
  Result<std::unique_ptr<CopySink>> made = options.format == CopyFormat::kCsv
                                               ? CsvSink::Make(temp, *schema, options.csv)
                                               : ParquetSink::Make(temp, schema, options.parquet);
  if (!made.ok()) {
    std::remove(temp.c_str());
    return about_target(made.status());
  }
  sink = std::move(*made);
  auto run = [&]() -> Result<int64_t> {
    int64_t rows = 0;
    while (true) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, root->Next());
      if (batch == nullptr) break;
      COPRA_RETURN_NOT_OK(sink->Write(*batch));
      rows += batch->num_rows();
    }
    COPRA_RETURN_NOT_OK(sink->Finish());
    if (std::rename(temp.c_str(), stmt.path.c_str()) != 0) {
      return Status::IOError("cannot rename a finished file to \"" + stmt.path +
                             "\": " + std::strerror(errno));
    }
    return rows;
  };
  Result<int64_t> rows = run();
  sink.reset();
  if (!rows.ok()) {
    std::remove(temp.c_str());
    return about_target(rows.status());
  }
  return QueryResult::Command("COPY " + std::to_string(*rows), *rows);
}

}  // namespace copra
