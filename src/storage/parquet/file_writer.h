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
// (compressed) until its row group is complete. With
// WriterOptions::encode_threads > 1 the column chunks of a row group are
// encoded on that many threads at once (helpers owned by the writer); the
// file is byte for byte the same as with one. Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/parquet/file_info.h"
#include "storage/parquet/writer_options.h"
#include "vector/batch.h"

namespace copra {
class ParallelFor;
}

namespace copra::parquet {

class ColumnChunkWriter;
struct FinishedChunk;
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
  // Appends rows [offset, offset + n) of every column of `batch`; with
  // `finish`, then finishes every column chunk into `chunks` (one per column).
  // Columns are encoded in parallel; the first error in column order wins.
  Status EncodeColumns(const Batch* batch, int64_t offset, int64_t n, bool finish,
                       std::vector<FinishedChunk>* chunks);
  // Writes the finished chunks of the open row group and records it.
  Status WriteRowGroup(std::vector<FinishedChunk> chunks);
  // Finishes and writes the open row group, if it has rows.
  Status FlushRowGroup();

  std::string path_;
  SchemaPtr schema_;
  WriterOptions options_;
  std::unique_ptr<OutputFile> file_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;
  std::unique_ptr<ParallelFor> encoders_;  // null: encode on the caller only
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
