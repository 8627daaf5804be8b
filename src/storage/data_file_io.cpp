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

Result<int64_t> WriteDataFile(const std::string& path, const BatchPtr& rows,
                              int64_t row_group_rows) {
  if (DiskFullForTesting()) return ErrnoStatus("write data file", path, ENOSPC);
  const std::string tmp = path + ".tmp";
  parquet::WriterOptions options;
  options.compression = parquet::Compression::kZstd;
  options.row_group_rows = row_group_rows;
  Status st;
  int64_t bytes = 0;
  {
    Result<std::unique_ptr<parquet::FileWriter>> writer =
        parquet::FileWriter::Open(tmp, rows->schema(), options);
    if (!writer.ok()) {
      st = writer.status();
    } else {
      st = (*writer)->Write(*rows);
      if (st.ok()) {
        Result<parquet::FileInfo> info = (*writer)->Close();
        if (info.ok()) {
          bytes = info->file_bytes;
        } else {
          st = info.status();
        }
      }
    }
  }
  if (st.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    st = ErrnoStatus("rename", tmp, errno);
  }
  if (st.ok()) st = SyncDirectory(std::filesystem::path(path).parent_path().string());
  if (!st.ok()) {
    std::remove(tmp.c_str());
    return st;
  }
  return bytes;
}

DataFileReader::~DataFileReader() = default;

Result<std::unique_ptr<DataFileReader>> DataFileReader::Open(const std::string& path,
                                                             const SchemaPtr& internal_schema) {
  std::unique_ptr<DataFileReader> r(new DataFileReader());
  r->path_ = path;
  COPRA_ASSIGN_OR_RETURN(r->reader_, parquet::FileReader::Open(path));
  const Schema& file_schema = *r->reader_->schema();
  bool same = file_schema.num_fields() == internal_schema->num_fields();
  for (size_t i = 0; same && i < file_schema.num_fields(); ++i) {
    same = file_schema.field(i).type == internal_schema->field(i).type;
  }
  if (!same) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "data file \"" + path + "\" does not have the table's columns");
  }
  for (const parquet::RowGroupInfo& g : r->reader_->info().row_groups) {
    Group group;
    group.rows = g.num_rows;
    group.bytes = g.total_byte_size;
    for (const parquet::ColumnStatistics& c : g.columns) {
      ColumnRange range;
      range.min = c.min;
      range.max = c.max;
      range.null_count = c.null_count;
      range.num_rows = g.num_rows;
      group.ranges.push_back(std::move(range));
    }
    if (group.ranges.size() != internal_schema->num_fields()) {
      return Status::Error(ErrorCode::kDataCorrupted,
                           "data file \"" + path + "\" has incomplete statistics");
    }
    r->groups_.push_back(std::move(group));
  }
  return r;
}

Result<BatchPtr> DataFileReader::Read(int rg, const std::vector<int>& columns,
                                      const SchemaPtr& schema) {
  const int64_t rows = groups_[static_cast<size_t>(rg)].rows;
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
