// Data file I/O: the storage engine's only contact with the Parquet
// reader/writer (storage/parquet/). Data files hold a region's internal row
// layout — the table's columns, then __seq and __op — sorted by (key, time)
// with versions resolved, and never mix two time windows.
//
// DataFileReader exposes per-row-group and per-page statistics as
// ColumnRanges for pruning and reads chosen columns of chosen rows of one
// row group as one batch, reading and decoding only the pages that hold
// them.
//
// Thread safety: WriteDataFile is reentrant; a DataFileReader's reads and
// Reopen() may run on several threads at once (its state after Open is
// immutable but for the page index cache, which locks).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/page_pruning.h"
#include "storage/parquet/file_info.h"
#include "storage/stats_pruning.h"
#include "types/value.h"
#include "vector/batch.h"

namespace copra::parquet {
class FileReader;
class FileWriter;
}  // namespace copra::parquet

namespace copra::storage {

// Writes `rows` to a new file at `path` (via a temp name + rename; fsynced),
// encoding the column chunks of each row group on `encode_threads` threads
// (the caller included; the bytes do not depend on it). Returns the file's
// size in bytes.
Result<int64_t> WriteDataFile(const std::string& path, const BatchPtr& rows, int64_t row_group_rows,
                              int encode_threads = 1);

// Writes one data file in pieces (compaction output): batches go to
// `<path>.tmp`, Finish() closes it, renames it to `path` and syncs the
// directory. Destroyed without Finish(), it removes the temporary file.
class DataFileWriter {
 public:
  static Result<std::unique_ptr<DataFileWriter>> Open(const std::string& path,
                                                      const SchemaPtr& schema,
                                                      int64_t row_group_rows,
                                                      int encode_threads = 1);
  ~DataFileWriter();
  Status Write(const Batch& rows);
  // Returns the file's size in bytes.
  Result<int64_t> Finish();

 private:
  DataFileWriter() = default;
  std::string path_;
  std::unique_ptr<parquet::FileWriter> writer_;
  bool finished_ = false;
};

// How a file written under an older region schema (ALTER TABLE) provides
// the current internal columns: per internal column, the file column that
// holds it, or -1 when the file lacks it (every row then reads as fill[c]).
struct FileColumnMap {
  std::vector<int> file_column;
  std::vector<Value> fill;
};

class DataFileReader {
 public:
  // `internal_schema`: the schema the file must have (checked), or, with
  // `map`, the schema the reader presents over the file's columns.
  static Result<std::unique_ptr<DataFileReader>> Open(const std::string& path,
                                                      const SchemaPtr& internal_schema,
                                                      const FileColumnMap* map = nullptr);
  ~DataFileReader();

  int num_row_groups() const { return static_cast<int>(groups_->size()); }
  int64_t row_group_rows(int rg) const { return (*groups_)[static_cast<size_t>(rg)].rows; }
  int64_t row_group_bytes(int rg) const { return (*groups_)[static_cast<size_t>(rg)].bytes; }
  // Statistics of internal column `column` in row group `rg` (never null).
  const ColumnRange* range(int rg, int column) const {
    return &(*groups_)[static_cast<size_t>(rg)].ranges[static_cast<size_t>(column)];
  }

  // Another reader of the file sharing this one's statistics, decoded
  // footer and page index (only the file is opened again), and the same
  // without its file (to keep in a cache: it serves only Reopen()).
  Result<std::unique_ptr<DataFileReader>> Reopen() const;
  void ReleaseFile();
  // Internal columns `columns` (ascending) of row group `rg`, as one batch
  // of `schema` (whose fields are those columns).
  Result<BatchPtr> Read(int rg, const std::vector<int>& columns, const SchemaPtr& schema,
                        parquet::PageCounts* counts = nullptr);
  // Like Read, but only rows `rows` (ascending offsets into the row group);
  // the other rows are skipped without being materialized.
  Result<BatchPtr> ReadRows(int rg, const std::vector<int>& columns, const SchemaPtr& schema,
                            const std::vector<int32_t>& rows,
                            parquet::PageCounts* counts = nullptr);
  // Like Read, but only the rows in `ranges` (ascending, disjoint); only
  // the data pages holding them are read and decoded. `counts` adds up the
  // data pages decoded and skipped.
  Result<BatchPtr> ReadRanges(int rg, const std::vector<int>& columns, const SchemaPtr& schema,
                              const std::vector<RowRange>& ranges,
                              parquet::PageCounts* counts = nullptr);
  // The data pages of internal column `column` in row group `rg` with their
  // statistics (page index). False when there are none: the file has no
  // ColumnIndex for the chunk, or the column is filled in (older schema).
  Result<bool> PageStatistics(int rg, int column, ColumnPages* out) const;

 private:
  struct Group {
    int64_t rows = 0;
    int64_t bytes = 0;
    std::vector<ColumnRange> ranges;
  };
  DataFileReader() = default;
  std::string path_;
  std::unique_ptr<parquet::FileReader> reader_;
  std::shared_ptr<const std::vector<Group>> groups_;
  SchemaPtr schema_;              // internal schema presented
  std::vector<int> file_column_;  // per internal column, -1 = filled
  std::vector<Value> fill_;
};

}  // namespace copra::storage
