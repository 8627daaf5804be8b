#include "storage/data_file_io.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "storage/column_concat.h"
#include "storage/file_util.h"
#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"
#include "vector/selection.h"

namespace copra::storage {

Result<std::unique_ptr<DataFileWriter>> DataFileWriter::Open(const std::string& path,
                                                             const SchemaPtr& schema,
                                                             int64_t row_group_rows) {
  if (DiskFullForTesting()) return ErrnoStatus("write data file", path, ENOSPC);
  std::unique_ptr<DataFileWriter> w(new DataFileWriter());
  w->path_ = path;
  parquet::WriterOptions options;
  options.compression = parquet::Compression::kZstd;
  options.row_group_rows = row_group_rows;
  Result<std::unique_ptr<parquet::FileWriter>> writer =
      parquet::FileWriter::Open(path + ".tmp", schema, options);
  if (!writer.ok()) {
    std::remove((path + ".tmp").c_str());
    return writer.status();
  }
  w->writer_ = std::move(*writer);
  return w;
}

DataFileWriter::~DataFileWriter() {
  if (!finished_) {
    writer_.reset();
    std::remove((path_ + ".tmp").c_str());
  }
}

Status DataFileWriter::Write(const Batch& rows) { return writer_->Write(rows); }

Result<int64_t> DataFileWriter::Finish() {
  const std::string tmp = path_ + ".tmp";
  COPRA_ASSIGN_OR_RETURN(parquet::FileInfo info, writer_->Close());
  writer_.reset();
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) return ErrnoStatus("rename", tmp, errno);
  finished_ = true;
  COPRA_RETURN_NOT_OK(SyncDirectory(std::filesystem::path(path_).parent_path().string()));
  return info.file_bytes;
}

Result<int64_t> WriteDataFile(const std::string& path, const BatchPtr& rows,
                              int64_t row_group_rows) {
  COPRA_ASSIGN_OR_RETURN(auto writer, DataFileWriter::Open(path, rows->schema(), row_group_rows));
  COPRA_RETURN_NOT_OK(writer->Write(*rows));
  return writer->Finish();
}

DataFileReader::~DataFileReader() = default;

Result<std::unique_ptr<DataFileReader>> DataFileReader::Open(const std::string& path,
                                                             const SchemaPtr& internal_schema,
                                                             const FileColumnMap* map) {
  std::unique_ptr<DataFileReader> r(new DataFileReader());
  r->path_ = path;
  r->schema_ = internal_schema;
  COPRA_ASSIGN_OR_RETURN(r->reader_, parquet::FileReader::Open(path));
  const Schema& file_schema = *r->reader_->schema();
  const size_t n = internal_schema->num_fields();
  if (map != nullptr) {
    r->file_column_ = map->file_column;
    r->fill_ = map->fill;
  } else {
    for (size_t i = 0; i < n; ++i) {
      r->file_column_.push_back(i < file_schema.num_fields() ? static_cast<int>(i) : -1);
      r->fill_.push_back(Value::Null(internal_schema->field(i).type));
    }
  }
  bool same = map != nullptr || file_schema.num_fields() == n;
  for (size_t i = 0; same && i < n; ++i) {
    const int fc = r->file_column_[i];
    same = fc < 0 ? map != nullptr
                  : static_cast<size_t>(fc) < file_schema.num_fields() &&
                        file_schema.field(static_cast<size_t>(fc)).type ==
                            internal_schema->field(i).type;
  }
  if (!same) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "data file \"" + path + "\" does not have the table's columns");
  }
  for (const parquet::RowGroupInfo& g : r->reader_->info().row_groups) {
    if (g.columns.size() != file_schema.num_fields()) {
      return Status::Error(ErrorCode::kDataCorrupted,
                           "data file \"" + path + "\" has incomplete statistics");
    }
    Group group;
    group.rows = g.num_rows;
    group.bytes = g.total_byte_size;
    for (size_t i = 0; i < n; ++i) {
      ColumnRange range;
      range.num_rows = g.num_rows;
      const int fc = r->file_column_[i];
      if (fc >= 0) {
        const parquet::ColumnStatistics& c = g.columns[static_cast<size_t>(fc)];
        range.min = c.min;
        range.max = c.max;
        range.null_count = c.null_count;
      } else if (r->fill_[i].is_null()) {
        range.null_count = g.num_rows;
      } else {
        range.min = r->fill_[i];
        range.max = r->fill_[i];
        range.null_count = 0;
      }
      group.ranges.push_back(std::move(range));
    }
    r->groups_.push_back(std::move(group));
  }
  return r;
}

Result<BatchPtr> DataFileReader::Read(int rg, const std::vector<int>& columns,
                                      const SchemaPtr& schema) {
  const int64_t rows = groups_[static_cast<size_t>(rg)].rows;
  // Columns the file holds are read; the others are filled afterwards.
  std::vector<int> file_columns;
  std::vector<int> position(columns.size(), -1);  // in file_columns
  for (size_t c = 0; c < columns.size(); ++c) {
    const int fc = file_column_[static_cast<size_t>(columns[c])];
    if (fc < 0) continue;
    position[c] = static_cast<int>(file_columns.size());
    file_columns.push_back(fc);
  }
  if (file_columns.size() != columns.size()) {
    BatchPtr read;
    if (!file_columns.empty()) {
      COPRA_ASSIGN_OR_RETURN(read, ReadFileColumns(rg, file_columns, rows));
    }
    std::vector<ColumnPtr> out;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (position[c] >= 0) {
        out.push_back(read->column(static_cast<size_t>(position[c])));
      } else {
        const Value& fill = fill_[static_cast<size_t>(columns[c])];
        out.push_back(fill.is_null() ? Column::MakeNull(schema->field(c).type, rows)
                                     : Column::MakeConstant(fill, rows));
      }
    }
    return Batch::Make(schema, std::move(out), rows);
  }
  COPRA_ASSIGN_OR_RETURN(BatchPtr read, ReadFileColumns(rg, file_columns, rows));
  return Batch::Make(schema, read->columns(), rows);
}

Result<BatchPtr> DataFileReader::ReadRows(int rg, const std::vector<int>& columns,
                                          const SchemaPtr& schema,
                                          const std::vector<int32_t>& rows) {
  const int64_t n = static_cast<int64_t>(rows.size());
  std::vector<int> file_columns;
  for (int c : columns) {
    const int fc = file_column_[static_cast<size_t>(c)];
    if (fc >= 0) file_columns.push_back(fc);
  }
  BatchPtr read;
  if (!file_columns.empty()) {
    Result<BatchPtr> r = reader_->ReadRowGroupRows(rg, file_columns, rows);
    if (!r.ok()) return r.status();
    read = std::move(*r);
  }
  std::vector<ColumnPtr> out;
  size_t next = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (file_column_[static_cast<size_t>(columns[c])] >= 0) {
      out.push_back(read->column(next++));
    } else {
      const Value& fill = fill_[static_cast<size_t>(columns[c])];
      out.push_back(fill.is_null() ? Column::MakeNull(schema->field(c).type, n)
                                   : Column::MakeConstant(fill, n));
    }
  }
  return Batch::Make(schema, std::move(out), n);
}

Result<BatchPtr> DataFileReader::ReadFileColumns(int rg, const std::vector<int>& columns,
                                                 int64_t rows) {
  std::vector<Field> fields;
  for (int c : columns) fields.push_back(reader_->schema()->field(static_cast<size_t>(c)));
  auto schema = std::make_shared<const Schema>(std::move(fields));
  COPRA_ASSIGN_OR_RETURN(auto reader,
                         reader_->ReadRowGroup(rg, columns, std::max<int64_t>(rows, 1)));
  std::vector<BatchPtr> parts;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr b, reader->Next());
    if (b == nullptr) break;
    parts.push_back(std::move(b));
  }
  int64_t n = 0;
  for (const BatchPtr& p : parts) n += p->num_rows();
  if (n != rows) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "data file \"" + path_ + "\": row group " + std::to_string(rg) + " has " +
                             std::to_string(n) + " rows, expected " + std::to_string(rows));
  }
  if (parts.size() == 1) return Batch::Make(schema, parts[0]->columns(), n);
  std::vector<ColumnPtr> out;
  for (size_t c = 0; c < columns.size(); ++c) {
    std::vector<ColumnPtr> pieces;
    for (const BatchPtr& p : parts) pieces.push_back(p->column(c));
    if (pieces.empty()) {
      out.push_back(Column::MakeNull(schema->field(c).type, 0));
    } else {
      out.push_back(ConcatenateColumns(pieces));
    }
  }
  return Batch::Make(schema, std::move(out), n);
}

}  // namespace copra::storage
