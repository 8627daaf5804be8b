// ParallelCsvReader: reads a CSV file as typed column batches, parsing on
// several threads, for COPY ... FROM.
//
// The file is cut into blocks of whole records (csv_chunk_reader.h); worker
// threads take blocks in file order, split them into records
// (csv_record_scanner.h) and build typed columns (csv_batch_builder.h).
// Next() returns the blocks' batches strictly in file order, so the rows
// come out exactly as a front-to-back read would give them (the order
// matters: of two rows with the same key and time the later one wins).
// Reading, parsing and the caller's work on the previous batch overlap;
// at most `max_blocks_ahead` blocks are read and not yet returned, which
// bounds memory to a few blocks.
//
// Errors are exact: a malformed record, a wrong field count or a bad value
// is reported for the first failing record of the file, with its line
// number (counted across blocks as CsvReader counts lines) and column:
//   "<path>" line 7, column "v": invalid input syntax for type double: "x"
// No batch after a failing block is returned.
//
// Thread safety: Next() is called from one thread. The destructor stops
// the workers and waits for them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "storage/csv/csv_chunk_reader.h"
#include "storage/csv/csv_options.h"
#include "vector/column.h"

namespace copra::csv {

class CsvBatchBuilder;

struct ParallelCsvOptions {
  // Parsing threads; 0: one per hardware thread, at most 4.
  int threads = 0;
  // Bytes of CSV text per block (one batch per block).
  size_t block_bytes = 8 << 20;
  // Blocks read but not yet returned by Next.
  int max_blocks_ahead = 3;
};

class ParallelCsvReader {
 public:
  // `types`/`names`: the target column of each CSV field, in field order.
  static Result<std::unique_ptr<ParallelCsvReader>> Open(const std::string& path,
                                                         const CsvOptions& csv,
                                                         std::vector<LogicalType> types,
                                                         std::vector<std::string> names,
                                                         ParallelCsvOptions options = {});
  ~ParallelCsvReader();

  // The next block's rows as one column per field (*rows may be 0 for a
  // block of empty lines); false after the last block.
  Result<bool> Next(std::vector<ColumnPtr>* columns, int64_t* rows);

 private:
  // A parsed block, waiting for Next.
  struct Parsed {
    std::vector<ColumnPtr> columns;
    int64_t rows = 0;
    int64_t lines = 0;        // line breaks in the block, as CsvReader counts them
    Status error;             // message without the file and line when error_line >= 0
    int64_t error_line = -1;  // 0-based within the block
  };

  ParallelCsvReader(std::string path, CsvOptions csv, std::vector<LogicalType> types,
                    std::vector<std::string> names, ParallelCsvOptions options,
                    std::unique_ptr<CsvChunkReader> chunks);
  void Work();
  // Parses one block (block 0 skips the header when there is one).
  Parsed ParseBlock(const CsvChunk& chunk, bool first, CsvRecordScanner* scanner,
                    CsvBatchBuilder* builder);

  const std::string path_;
  const CsvOptions csv_;
  const std::vector<LogicalType> types_;
  const std::vector<std::string> names_;
  const ParallelCsvOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<CsvChunkReader> chunks_;  // GUARDED_BY(mu_)
  int64_t next_block_ = 0;                  // GUARDED_BY(mu_): blocks read
  int64_t returned_ = 0;                    // GUARDED_BY(mu_): blocks returned by Next
  bool done_reading_ = false;               // GUARDED_BY(mu_): end of file, or an error
  bool stop_ = false;                       // GUARDED_BY(mu_)
  std::map<int64_t, Parsed> parsed_;        // GUARDED_BY(mu_)
  std::vector<CsvChunk> free_chunks_;       // GUARDED_BY(mu_): buffers to reuse
  int64_t rows_hint_ = 0;                   // GUARDED_BY(mu_): rows of a recent block
  int64_t line_base_ = 1;                   // Next only: line of the next block's start
  std::vector<std::thread> workers_;
};

}  // namespace copra::csv
