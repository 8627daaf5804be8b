// CopyOptions: the options of a COPY statement, checked and normalised.
//
//   format        'csv' | 'parquet' (default: from the file extension:
//                 .csv/.tsv/.txt -> csv, .parquet/.pq -> parquet)
//   header        CSV: first line names the columns (default false)
//   delimiter     CSV: one character (default ',', '\t' for .tsv)
//   null          CSV: the spelling of NULL (default: empty unquoted field)
//   quote         CSV: one character (default '"')
//   compression   Parquet TO: zstd (default) | snappy | lz4 | uncompressed
//   row_group_size Parquet TO: rows per row group
// Unknown options, options of the other format and bad values are errors
// positioned at the option. Plain data and a stateless function.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "sql/object_name.h"
#include "storage/csv/csv_options.h"
#include "storage/parquet/writer_options.h"

namespace copra {

enum class CopyFormat { kCsv, kParquet };

struct CopyOptions {
  CopyFormat format = CopyFormat::kCsv;
  csv::CsvOptions csv;
  parquet::WriterOptions parquet;
};

// `pos` is the statement's position (for errors about the path).
Result<CopyOptions> ParseCopyOptions(const std::vector<SqlOption>& options, const std::string& path,
                                     SourcePosition pos);

}  // namespace copra
