#include "storage/data_file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "storage/file_util.h"
#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"
#include "vector/selection.h"

namespace copra::storage {

namespace {
// Data pages per full row group (cut by rows; pages also end at 1 MB). With
// the default 8 Ki-row groups a page holds 1,024 rows, about three hours of
// one series at 10 s intervals, so the page index narrows a one-hour query
// on a series to one or two pages of each column.
constexpr int64_t kPagesPerRowGroup = 8;
}  // namespace

Result<std::unique_ptr<DataFileWriter>> DataFileWriter::Open(const std::string& path,
                                                             const SchemaPtr& schema,
                                                             int64_t row_group_rows,
                                                             int encode_threads) {
  if (DiskFullForTesting()) return ErrnoStatus("write data file", path, ENOSPC);
  std::unique_ptr<DataFileWriter> w(new DataFileWriter());
  w->path_ = path;
  parquet::WriterOptions options;
  options.compression = parquet::Compression::kZstd;
  options.row_group_rows = row_group_rows;
  options.page_rows = std::max<int64_t>(1, row_group_rows / kPagesPerRowGroup);
  options.encode_threads = encode_threads;
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

Result<int64_t> WriteDataFile(const std::string& path, const BatchPtr& rows, int64_t row_group_rows,
                              int encode_threads) {
  COPRA_ASSIGN_OR_RETURN(
      auto writer, DataFileWriter::Open(path, rows->schema(), row_group_rows, encode_threads));
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
  std::vector<Group> groups;
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
    groups.push_back(std::move(group));
  }
  r->groups_ = std::make_shared<const std::vector<Group>>(std::move(groups));
  return r;
}

Result<std::unique_ptr<DataFileReader>> DataFileReader::Reopen() const {
  std::unique_ptr<DataFileReader> r(new DataFileReader());
  r->path_ = path_;
  COPRA_ASSIGN_OR_RETURN(r->reader_, reader_->Reopen());
  r->groups_ = groups_;
  r->schema_ = schema_;
  r->file_column_ = file_column_;
  r->fill_ = fill_;
  return r;
}

void DataFileReader::ReleaseFile() { reader_->ReleaseFile(); }

Result<BatchPtr> DataFileReader::Read(int rg, const std::vector<int>& columns,
                                      const SchemaPtr& schema, parquet::PageCounts* counts) {
  return ReadRanges(rg, columns, schema, {RowRange{0, row_group_rows(rg)}}, counts);
}

Result<BatchPtr> DataFileReader::ReadRows(int rg, const std::vector<int>& columns,
                                          const SchemaPtr& schema, const std::vector<int32_t>& rows,
                                          parquet::PageCounts* counts) {
  COPRA_ASSIGN_OR_RETURN(std::vector<parquet::RowRange> ranges,
                         parquet::FileReader::RangesOfRows(rows));
  return ReadRanges(rg, columns, schema, ranges, counts);
}

Result<BatchPtr> DataFileReader::ReadRanges(int rg, const std::vector<int>& columns,
                                            const SchemaPtr& schema,
                                            const std::vector<RowRange>& ranges,
                                            parquet::PageCounts* counts) {
  int64_t n = 0;
  for (const RowRange& r : ranges) n += r.end - r.begin;
  // Columns the file holds are read; the others are filled.
  std::vector<int> file_columns;
  for (int c : columns) {
    const int fc = file_column_[static_cast<size_t>(c)];
    if (fc >= 0) file_columns.push_back(fc);
  }
  BatchPtr read;
  if (!file_columns.empty()) {
    COPRA_ASSIGN_OR_RETURN(read, reader_->ReadRowGroupRanges(rg, file_columns, ranges, counts));
    if (read->num_rows() != n) {
      return Status::Error(ErrorCode::kDataCorrupted, "data file \"" + path_ + "\": row group " +
                                                          std::to_string(rg) + " has " +
                                                          std::to_string(read->num_rows()) +
                                                          " rows, expected " + std::to_string(n));
    }
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

Result<bool> DataFileReader::PageStatistics(int rg, int column, ColumnPages* out) const {
  const int fc = file_column_[static_cast<size_t>(column)];
  if (fc < 0) return false;
  COPRA_ASSIGN_OR_RETURN(parquet::FileReader::PagesPtr pages, reader_->PageIndex(rg, fc));
  if (pages->empty() || !(*pages)[0].has_statistics) return false;
  out->column = column;
  out->first_rows.clear();
  out->ranges.clear();
  for (const parquet::PageInfo& p : *pages) {
    out->first_rows.push_back(p.first_row);
    ColumnRange range;
    range.num_rows = p.num_rows;
    range.min = p.statistics.min;
    range.max = p.statistics.max;
    range.null_count = p.statistics.null_count;
    out->ranges.push_back(std::move(range));
  }
  return true;
}

}  // namespace copra::storage
