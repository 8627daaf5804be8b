// ColumnChunkReader: decodes the pages of one column chunk (held in memory)
// into copra Columns, a requested number of rows at a time. Handles data
// pages V1 and V2, dictionary pages, PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY,
// DELTA_BINARY_PACKED and RLE booleans, and every codec in codec.h.
// Malformed pages are kDataCorrupted. Single-threaded; FileReader's batch
// readers own one per projected column.
//
// Reading chosen rows (ReadRanges, ReadSelected) passes over pages that hold
// none of them by their headers alone: they are neither decompressed nor
// decoded. The chunk may also hold only some of its data pages (the ones a
// page index says hold wanted rows, plus the dictionary page), given with
// the row each starts at (SetPageFirstRows).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/parquet/delta_binary_packed.h"
#include "storage/parquet/file_info.h"
#include "storage/parquet/format.h"
#include "storage/parquet/rle_hybrid.h"
#include "storage/parquet/type_mapping.h"
#include "vector/column.h"

namespace copra::parquet {

// Scratch vectors whose resize() leaves new elements uninitialized: every
// byte is written (decompressed, decoded) before it is read, and zeroing
// hundreds of KB per column chunk showed up in profiles.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <typename T>
using UninitializedVector = std::vector<T, DefaultInitAllocator<T>>;
using UninitializedBytes = UninitializedVector<uint8_t>;

class ColumnChunkReader {
 public:
  // `chunk` holds the column chunk's bytes (all its pages); `num_values` is
  // the chunk's value count from its metadata.
  ColumnChunkReader(ColumnDescriptor desc, format::Codec codec, UninitializedBytes chunk,
                    int64_t num_values);
  ColumnChunkReader(ColumnDescriptor desc, format::Codec codec, const std::vector<uint8_t>& chunk,
                    int64_t num_values)
      : ColumnChunkReader(std::move(desc), codec, UninitializedBytes(chunk.begin(), chunk.end()),
                          num_values) {}

  // Decodes the next n rows. REQUIRES: n <= rows left in the chunk (more is
  // reported as corruption).
  Result<ColumnPtr> Read(int64_t n);
  // Of the next n rows, decodes only `rows` (ascending offsets into them)
  // into a column of `count` rows; the others are skipped without being
  // materialized (strings are not copied), which is what makes reading a
  // few rows of a column chunk cheap. REQUIRES: as Read.
  Result<ColumnPtr> ReadSelected(int64_t n, const int32_t* rows, int64_t count);
  // Rows `ranges` (ascending, disjoint, relative to the reader's position)
  // as one column of their total length. Pages without a wanted row are
  // skipped undecompressed. Ends the reader (no Read afterwards).
  Result<ColumnPtr> ReadRanges(const RowRange* ranges, size_t num_ranges);

  // The chunk holds only some data pages: the i-th data page in it starts
  // at row first_rows[i] of the chunk (ascending). Call before reading.
  void SetPageFirstRows(std::vector<int64_t> first_rows) {
    page_first_rows_ = std::move(first_rows);
    sparse_ = true;
  }
  // Data pages decompressed and decoded so far, and passed over by header.
  int64_t pages_decoded() const { return pages_decoded_; }
  int64_t pages_skipped() const { return pages_skipped_; }

 private:
  struct Output;
  // Starts the next data page holding row `want` or later (pages wholly
  // before it are passed over).
  Status NextPage(int64_t want);
  int64_t values_left() const { return num_values_ - row_; }
  Status ReadDictionary(const format::PageHeader& h, const uint8_t* body, size_t size);
  Status StartDataPage(const format::PageHeader& h, const uint8_t* body, size_t size);
  // Decodes k rows of the current page into `out`.
  Status DecodeRows(int64_t k, Output* out);
  // Passes over k rows of the current page.
  Status SkipRows(int64_t k);
  // Decodes m non-null values (physical form) into values_ / strings_.
  Status DecodeValues(int64_t m);
  Status Corrupt(const std::string& detail) const;
  // `st` with the column's name in front, if it is an error.
  Status Named(Status st) const;
  // DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT pages
  // are decoded whole when the page starts; DecodeValues then copies from
  // the decoded values.
  Status PredecodePage();
  Status DecodeDeltaLengths(const uint8_t** p, std::vector<int64_t>* lengths);

  ColumnDescriptor desc_;
  format::Codec codec_;
  UninitializedBytes chunk_;
  size_t pos_ = 0;      // next page header in chunk_
  int64_t num_values_;  // of the chunk
  int64_t row_ = 0;     // next row of the chunk
  bool finished_ = false;
  bool sparse_ = false;  // chunk_ holds only the pages page_first_rows_ describes
  std::vector<int64_t> page_first_rows_;
  size_t next_page_ = 0;  // data pages started or skipped
  int64_t pages_decoded_ = 0;
  int64_t pages_skipped_ = 0;

  // Dictionary (physical values).
  bool has_dictionary_ = false;
  std::vector<uint8_t> dict_buffer_;  // decompressed dictionary page
  std::vector<uint8_t> dict_fixed_;   // fixed-width entries
  std::vector<std::string_view> dict_strings_;
  int64_t dict_size_ = 0;

  // Current data page.
  UninitializedBytes page_buffer_;
  int64_t page_left_ = 0;  // rows left in the page
  format::Encoding encoding_ = format::Encoding::kPlain;
  RleHybridDecoder def_decoder_;
  const uint8_t* data_ = nullptr;  // values section
  const uint8_t* data_end_ = nullptr;
  int64_t bool_bit_ = 0;         // PLAIN booleans: next bit
  RleHybridDecoder rle_values_;  // dictionary ids or RLE booleans
  DeltaBinaryPackedDecoder delta_;

  // Predecoded page values (see PredecodePage).
  bool predecoded_ = false;
  std::string page_arena_;                      // bytes of the values
  std::vector<std::string_view> page_strings_;  // BYTE_ARRAY values
  int64_t page_cursor_ = 0;                     // next value

  // Scratch.
  UninitializedVector<uint32_t> levels_;
  UninitializedVector<uint32_t> ids_;
  UninitializedBytes values_;              // fixed-width physical values
  std::vector<std::string_view> strings_;  // BYTE_ARRAY values
  std::vector<int64_t> wide_;
};

}  // namespace copra::parquet
