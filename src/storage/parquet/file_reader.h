// FileReader: reads an Apache Parquet file written by Copra or by other
// engines (DuckDB, Arrow, Spark) as long as its columns are flat.
//
// Open() reads and validates the footer (magic bytes, lengths, offsets and
// sizes of every column chunk); a damaged file is a kDataCorrupted error
// naming the file. Columns whose types Copra cannot represent make Open()
// fail with kFeatureNotSupported naming the column.
//
// After Open() the reader may be shared between threads (its page index
// cache is filled under a mutex); each ReadRowGroup() returns an
// independent BatchReader (single-threaded) that keeps the file open while
// it lives.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/parquet/file_info.h"
#include "storage/parquet/format.h"
#include "storage/parquet/type_mapping.h"
#include "vector/batch.h"
#include "vector/batch_reader.h"

namespace copra::parquet {

class InputFile;
class ColumnChunkReader;

class FileReader {
 public:
  static Result<std::unique_ptr<FileReader>> Open(const std::string& path);
  ~FileReader();

  // Copra types mapped back from the Parquet physical + logical types.
  const SchemaPtr& schema() const { return schema_; }
  // Row groups with their statistics.
  const FileInfo& info() const { return *info_; }
  // The file's key/value metadata (Copra's own bookkeeping keys excluded).
  const std::vector<std::pair<std::string, std::string>>& key_value_metadata() const {
    return key_value_metadata_;
  }
  int num_row_groups() const { return static_cast<int>(info_->row_groups.size()); }

  // Another reader of the same file sharing this one's decoded footer and
  // page index cache: only the file is opened again (the file must not
  // have changed: Parquet files Copra writes are immutable).
  Result<std::unique_ptr<FileReader>> Reopen() const;
  // Closes the file; the reader then serves only Reopen() and the footer
  // (a template kept in a cache without holding a file descriptor).
  void ReleaseFile() { file_.reset(); }

  // Reads `columns` (file column indexes, any order, repeats allowed) of row
  // group `row_group` as batches of at most batch_size rows; the batches'
  // schema holds those columns in that order.
  Result<std::unique_ptr<BatchReader>> ReadRowGroup(int row_group, const std::vector<int>& columns,
                                                    int64_t batch_size = kDefaultBatchSize) const;

  // Only rows `rows` (ascending offsets into the row group) of `columns`
  // of row group `row_group`, as one batch; the other rows are skipped
  // without being materialized.
  Result<BatchPtr> ReadRowGroupRows(int row_group, const std::vector<int>& columns,
                                    const std::vector<int32_t>& rows,
                                    PageCounts* counts = nullptr) const;
  // `rows` (ascending offsets) as runs of consecutive rows; an error if they
  // are not ascending.
  static Result<std::vector<RowRange>> RangesOfRows(const std::vector<int32_t>& rows);
  // Same for the rows in `ranges` (ascending, disjoint). Where the file has
  // an OffsetIndex only the data pages holding wanted rows (and the
  // dictionary page) are read from the file; pages without a wanted row are
  // never decompressed either way. `counts`, if given, adds up the data
  // pages of the chunks read: decoded, and passed over.
  Result<BatchPtr> ReadRowGroupRanges(int row_group, const std::vector<int>& columns,
                                      const std::vector<RowRange>& ranges,
                                      PageCounts* counts = nullptr) const;

  // The page index of one column chunk: one entry per data page, in order.
  // Empty when the file has no OffsetIndex for the chunk (e.g. older
  // writers). Read from the file once, then cached with the reader.
  Result<std::vector<PageInfo>> ReadPageIndex(int row_group, int column) const;
  using PagesPtr = std::shared_ptr<const std::vector<PageInfo>>;
  // Cached forms: with statistics (ColumnIndex + OffsetIndex), or only the
  // page locations (OffsetIndex; statistics absent unless already loaded).
  Result<PagesPtr> PageIndex(int row_group, int column) const;
  Result<PagesPtr> PageLocations(int row_group, int column) const;

 private:
  FileReader() = default;
  Status Load(const std::string& path);
  Status Corrupt(const std::string& detail) const;
  // A reader of column `column`'s chunk in row group `row_group` (both valid).
  Result<std::unique_ptr<ColumnChunkReader>> OpenChunk(int row_group, int column) const;
  // A reader of only the data pages of the chunk that hold rows of `ranges`.
  Result<std::unique_ptr<ColumnChunkReader>> OpenChunkPages(int row_group, int column,
                                                            const std::vector<RowRange>& ranges,
                                                            PageCounts* counts) const;
  Result<std::vector<PageInfo>> LoadPageIndex(int row_group, int column, bool statistics) const;

  // Page indexes loaded so far, by row_group * columns + column; shared by
  // the readers Reopen() makes.
  struct PageIndexCache {
    std::mutex mu;
    std::vector<PagesPtr> with_statistics;
    std::vector<PagesPtr> locations;
  };

  std::string path_;
  std::shared_ptr<InputFile> file_;
  std::shared_ptr<const format::FileMetaData> meta_;
  std::vector<ColumnDescriptor> columns_;
  SchemaPtr schema_;
  std::shared_ptr<const FileInfo> info_;
  std::vector<std::pair<std::string, std::string>> key_value_metadata_;
  std::shared_ptr<PageIndexCache> page_cache_ = std::make_shared<PageIndexCache>();
};

}  // namespace copra::parquet
