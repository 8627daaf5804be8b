// FileWriter: writes one Apache Parquet file from copra Batches.
//
// Open() creates (truncates) the file and writes the leading magic; Write()
// takes any number of batches of the schema given to Open(), cutting them
// into row groups of WriterOptions::row_group_rows and pages of about
// page_bytes; Close() writes the last row group and the footer, fsyncs and
// returns what was written. A writer destroyed without Close() leaves an
// unreadable partial file: callers write to a temporary name and rename
// after Close() succeeds.
//
// One column chunk per column and row group is buffered in memory
// (compressed) until its row group is complete. Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/parquet/file_info.h"
#include "storage/parquet/writer_options.h"
#include "vector/batch.h"

namespace copra::parquet {

class ColumnChunkWriter;
class OutputFile;
namespace format {
struct RowGroup;
}

class FileWriter {
 public:
  // Errors: types Parquet cannot hold (NULL), I/O errors naming the path.
  static Result<std::unique_ptr<FileWriter>> Open(const std::string& path, SchemaPtr schema,
                                                  WriterOptions options = {});
  ~FileWriter();

  // REQUIRES: batch columns match the schema's types (else kDatatypeMismatch).
  Status Write(const Batch& batch);
  // Writes the footer, fsyncs and closes. Call once.
  Result<FileInfo> Close();

  const SchemaPtr& schema() const { return schema_; }

 private:
  FileWriter(std::string path, SchemaPtr schema, WriterOptions options);
  Status FlushRowGroup();

  std::string path_;
  SchemaPtr schema_;
  WriterOptions options_;
  std::unique_ptr<OutputFile> file_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;
  std::vector<std::unique_ptr<format::RowGroup>> row_groups_;
  // Page index of each column chunk, written before the footer.
  struct PageIndex {
    std::optional<std::string> column_index;  // encoded
    std::string offset_index;                 // encoded, absolute offsets
  };
  std::vector<std::vector<PageIndex>> page_indexes_;  // [row group][column]
  FileInfo info_;
  int64_t rows_in_group_ = 0;
  bool closed_ = false;
  Status failed_;  // a failed Write poisons the writer
};

}  // namespace copra::parquet
