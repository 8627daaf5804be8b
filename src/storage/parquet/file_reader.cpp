#include "storage/parquet/file_reader.h"

#include <cstring>

#include "storage/parquet/column_chunk_reader.h"
#include "storage/parquet/file_io.h"
#include "storage/parquet/format.h"
#include "storage/parquet/statistics.h"
#include "storage/parquet/type_mapping.h"

namespace copra::parquet {
namespace {

// Reads one row group, all requested columns in step.
class RowGroupReader : public BatchReader {
 public:
  RowGroupReader(SchemaPtr schema, std::shared_ptr<InputFile> file, std::string path,
                 std::vector<std::unique_ptr<ColumnChunkReader>> readers, int64_t rows,
                 int64_t batch_size)
      : schema_(std::move(schema)),
        file_(std::move(file)),
        path_(std::move(path)),
        readers_(std::move(readers)),
        rows_left_(rows),
        batch_size_(batch_size) {}

  const SchemaPtr& schema() const override { return schema_; }

  Result<BatchPtr> Next() override {
    if (rows_left_ == 0) return BatchPtr();
    int64_t n = std::min(rows_left_, batch_size_);
    std::vector<ColumnPtr> columns;
    columns.reserve(readers_.size());
    for (auto& r : readers_) {
      auto col = r->Read(n);
      if (!col.ok()) {
        rows_left_ = 0;
        return col.status().WithPrefix("Parquet file \"" + path_ + "\": ");
      }
      columns.push_back(std::move(*col));
    }
    rows_left_ -= n;
    return Batch::Make(schema_, std::move(columns), n);
  }

 private:
  SchemaPtr schema_;
  std::shared_ptr<InputFile> file_;
  std::string path_;
  std::vector<std::unique_ptr<ColumnChunkReader>> readers_;
  int64_t rows_left_;
  int64_t batch_size_;
};

constexpr int64_t kMaxFooterBytes = int64_t{1} << 30;

}  // namespace

FileReader::~FileReader() = default;

Status FileReader::Corrupt(const std::string& detail) const {
  return Status::Corruption("Parquet file \"" + path_ + "\" is damaged: " + detail);
}

Result<std::unique_ptr<FileReader>> FileReader::Open(const std::string& path) {
  std::unique_ptr<FileReader> r(new FileReader());
  COPRA_RETURN_NOT_OK(r->Load(path));
  return r;
}

Status FileReader::Load(const std::string& path) {
  path_ = path;
  COPRA_ASSIGN_OR_RETURN(file_, InputFile::Open(path));
  const int64_t size = file_->size();
  if (size < 12) {
    return Corrupt("only " + std::to_string(size) + " bytes, too small for a Parquet file");
  }
  uint8_t head[4], tail[8];
  COPRA_RETURN_NOT_OK(file_->ReadAt(0, 4, head));
  COPRA_RETURN_NOT_OK(file_->ReadAt(size - 8, 8, tail));
  if (std::memcmp(tail + 4, "PARE", 4) == 0) {
    return Status::NotSupported("Parquet file \"" + path + "\" is encrypted");
  }
  if (std::memcmp(head, "PAR1", 4) != 0 || std::memcmp(tail + 4, "PAR1", 4) != 0) {
    return Corrupt("missing the PAR1 magic bytes (not a Parquet file?)");
  }
  uint32_t footer_len;
  std::memcpy(&footer_len, tail, 4);
  if (footer_len == 0 || footer_len > size - 12 || footer_len > kMaxFooterBytes) {
    return Corrupt("footer length " + std::to_string(footer_len) + " does not fit the file");
  }
  std::vector<uint8_t> footer(footer_len);
  COPRA_RETURN_NOT_OK(file_->ReadAt(size - 8 - footer_len, footer_len, footer.data()));
  auto meta = format::DecodeFileMetaData(footer.data(), footer.size());
  if (!meta.ok()) return Corrupt(meta.status().message());
  meta_ = std::make_shared<const format::FileMetaData>(std::move(*meta));

  auto columns = FromSchema(meta_->schema, meta_->key_value_metadata);
  if (!columns.ok()) {
    return columns.status().WithPrefix("Parquet file \"" + path + "\": ");
  }
  columns_ = std::move(*columns);
  std::vector<Field> fields;
  for (const auto& c : columns_) fields.push_back(c.field);
  schema_ = std::make_shared<const Schema>(std::move(fields));

  for (const auto& kv : meta_->key_value_metadata) {
    if (kv.key == kSecondColumnsKey) continue;
    key_value_metadata_.emplace_back(kv.key, kv.value);
  }

  // Validate every row group and gather statistics.
  FileInfo file_info;
  const int64_t data_end = size - 8 - footer_len;
  int64_t total_rows = 0;
  for (size_t g = 0; g < meta_->row_groups.size(); ++g) {
    const auto& rg = meta_->row_groups[g];
    std::string where = "row group " + std::to_string(g);
    if (rg.num_rows < 0) return Corrupt(where + " has a negative row count");
    if (rg.columns.size() != columns_.size()) {
      return Corrupt(where + " has " + std::to_string(rg.columns.size()) + " column chunks for " +
                     std::to_string(columns_.size()) + " columns");
    }
    RowGroupInfo info;
    info.num_rows = rg.num_rows;
    info.total_byte_size = rg.total_byte_size;
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const auto& cc = rg.columns[c];
      std::string cw = where + ", column \"" + columns_[c].field.name + "\"";
      if (!cc.meta_data) return Corrupt(cw + " has no metadata");
      const auto& m = *cc.meta_data;
      if (m.type != columns_[c].physical) return Corrupt(cw + " has the wrong physical type");
      int64_t start = m.data_page_offset;
      if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
          *m.dictionary_page_offset < start) {
        start = *m.dictionary_page_offset;
      }
      if (start < 4 || m.total_compressed_size < 0 || m.total_compressed_size > data_end ||
          start > data_end - m.total_compressed_size) {
        return Corrupt(cw + " lies outside the file's data");
      }
      if (m.num_values < rg.num_rows) {
        return Corrupt(cw + " has fewer values than the row group has rows");
      }
      info.columns.push_back(FromFormatStatistics(columns_[c], m.statistics));
    }
    total_rows += rg.num_rows;
    file_info.row_groups.push_back(std::move(info));
  }
  file_info.num_rows = total_rows;
  file_info.file_bytes = size;
  info_ = std::make_shared<const FileInfo>(std::move(file_info));
  return Status::OK();
}

Result<std::unique_ptr<FileReader>> FileReader::Reopen() const {
  std::unique_ptr<FileReader> r(new FileReader());
  r->path_ = path_;
  COPRA_ASSIGN_OR_RETURN(r->file_, InputFile::Open(path_));
  if (r->file_->size() != info_->file_bytes) {
    return Corrupt("the file changed size since it was opened");
  }
  r->meta_ = meta_;
  r->columns_ = columns_;
  r->schema_ = schema_;
  r->info_ = info_;
  r->key_value_metadata_ = key_value_metadata_;
  r->page_cache_ = page_cache_;
  return r;
}

Result<std::vector<PageInfo>> FileReader::ReadPageIndex(int row_group, int column) const {
  COPRA_ASSIGN_OR_RETURN(PagesPtr pages, PageIndex(row_group, column));
  return *pages;
}

Result<FileReader::PagesPtr> FileReader::PageIndex(int row_group, int column) const {
  const size_t slot =
      static_cast<size_t>(row_group) * columns_.size() + static_cast<size_t>(column);
  {
    std::lock_guard<std::mutex> lock(page_cache_->mu);
    const auto& cached = page_cache_->with_statistics;
    if (slot < cached.size() && cached[slot] != nullptr) return cached[slot];
  }
  COPRA_ASSIGN_OR_RETURN(std::vector<PageInfo> pages, LoadPageIndex(row_group, column, true));
  auto shared = std::make_shared<const std::vector<PageInfo>>(std::move(pages));
  std::lock_guard<std::mutex> lock(page_cache_->mu);
  auto& cached = page_cache_->with_statistics;
  if (cached.empty()) cached.resize(meta_->row_groups.size() * columns_.size());
  cached[slot] = shared;
  return shared;
}

Result<FileReader::PagesPtr> FileReader::PageLocations(int row_group, int column) const {
  const size_t slot =
      static_cast<size_t>(row_group) * columns_.size() + static_cast<size_t>(column);
  {
    std::lock_guard<std::mutex> lock(page_cache_->mu);
    const auto& full = page_cache_->with_statistics;
    if (slot < full.size() && full[slot] != nullptr) return full[slot];
    const auto& cached = page_cache_->locations;
    if (slot < cached.size() && cached[slot] != nullptr) return cached[slot];
  }
  COPRA_ASSIGN_OR_RETURN(std::vector<PageInfo> pages, LoadPageIndex(row_group, column, false));
  auto shared = std::make_shared<const std::vector<PageInfo>>(std::move(pages));
  std::lock_guard<std::mutex> lock(page_cache_->mu);
  auto& cached = page_cache_->locations;
  if (cached.empty()) cached.resize(meta_->row_groups.size() * columns_.size());
  cached[slot] = shared;
  return shared;
}

Result<std::vector<PageInfo>> FileReader::LoadPageIndex(int row_group, int column,
                                                        bool statistics) const {
  if (file_ == nullptr) return Status::Internal("Parquet reader used after ReleaseFile()");
  if (row_group < 0 || row_group >= num_row_groups() || column < 0 ||
      column >= static_cast<int>(columns_.size())) {
    return Status::InvalidArgument("Parquet file \"" + path_ + "\" has no row group " +
                                   std::to_string(row_group) + " column " + std::to_string(column));
  }
  const auto& rg = meta_->row_groups[static_cast<size_t>(row_group)];
  const auto& cc = rg.columns[static_cast<size_t>(column)];
  std::vector<PageInfo> pages;
  if (!cc.offset_index_offset || !cc.offset_index_length) return pages;
  auto read = [&](int64_t offset, int64_t length, std::vector<uint8_t>* out) -> Status {
    if (offset < 4 || length <= 0 || length > file_->size() || offset > file_->size() - length) {
      return Corrupt("page index outside the file");
    }
    out->resize(static_cast<size_t>(length));
    return file_->ReadAt(offset, length, out->data());
  };
  std::vector<uint8_t> bytes;
  COPRA_RETURN_NOT_OK(read(*cc.offset_index_offset, *cc.offset_index_length, &bytes));
  auto oi = format::DecodeOffsetIndex(bytes.data(), bytes.size());
  if (!oi.ok()) return Corrupt(oi.status().message());
  const auto& locs = oi->page_locations;
  for (size_t i = 0; i < locs.size(); ++i) {
    PageInfo p;
    p.first_row = locs[i].first_row_index;
    int64_t next = i + 1 < locs.size() ? locs[i + 1].first_row_index : rg.num_rows;
    p.num_rows = next - p.first_row;
    if (p.first_row < 0 || p.num_rows < 0) return Corrupt("offset index rows out of order");
    p.offset = locs[i].offset;
    p.compressed_size = locs[i].compressed_page_size;
    if (p.offset < 4 || p.compressed_size <= 0 || p.offset > file_->size() - p.compressed_size ||
        (i > 0 && p.first_row < pages.back().first_row)) {
      return Corrupt("offset index page locations out of place");
    }
    pages.push_back(std::move(p));
  }
  if (!pages.empty() && (pages.front().first_row != 0 ||
                         pages.back().first_row + pages.back().num_rows != rg.num_rows)) {
    return Corrupt("offset index rows do not add up to the row group");
  }
  if (statistics && cc.column_index_offset && cc.column_index_length) {
    COPRA_RETURN_NOT_OK(read(*cc.column_index_offset, *cc.column_index_length, &bytes));
    auto ci = format::DecodeColumnIndex(bytes.data(), bytes.size());
    if (!ci.ok()) return Corrupt(ci.status().message());
    if (ci->null_pages.size() != pages.size() || ci->min_values.size() != pages.size() ||
        ci->max_values.size() != pages.size()) {
      return Corrupt("column index and offset index disagree on the number of pages");
    }
    const ColumnDescriptor& desc = columns_[static_cast<size_t>(column)];
    for (size_t i = 0; i < pages.size(); ++i) {
      format::Statistics f;
      if (i < ci->null_counts.size()) f.null_count = ci->null_counts[i];
      if (!ci->null_pages[i]) {
        f.min_value = ci->min_values[i];
        f.max_value = ci->max_values[i];
      }
      pages[i].statistics = FromFormatStatistics(desc, f);
      if (i >= ci->null_counts.size()) {  // optional in a ColumnIndex: unknown
        pages[i].statistics.null_count = ci->null_pages[i] ? pages[i].num_rows : -1;
      }
      pages[i].has_statistics = true;
    }
  }
  return pages;
}

Result<std::unique_ptr<BatchReader>> FileReader::ReadRowGroup(int row_group,
                                                              const std::vector<int>& columns,
                                                              int64_t batch_size) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return Status::InvalidArgument("Parquet file \"" + path_ + "\" has no row group " +
                                   std::to_string(row_group));
  }
  if (batch_size <= 0) batch_size = kDefaultBatchSize;
  const auto& rg = meta_->row_groups[static_cast<size_t>(row_group)];
  std::vector<Field> fields;
  std::vector<std::unique_ptr<ColumnChunkReader>> readers;
  for (int c : columns) {
    if (c < 0 || c >= static_cast<int>(columns_.size())) {
      return Status::InvalidArgument("Parquet file \"" + path_ + "\" has no column " +
                                     std::to_string(c));
    }
    fields.push_back(columns_[static_cast<size_t>(c)].field);
    COPRA_ASSIGN_OR_RETURN(auto reader, OpenChunk(row_group, c));
    readers.push_back(std::move(reader));
  }
  auto schema = std::make_shared<const Schema>(std::move(fields));
  return std::unique_ptr<BatchReader>(std::make_unique<RowGroupReader>(
      std::move(schema), file_, path_, std::move(readers), rg.num_rows, batch_size));
}

Result<std::unique_ptr<ColumnChunkReader>> FileReader::OpenChunk(int row_group, int column) const {
  if (file_ == nullptr) return Status::Internal("Parquet reader used after ReleaseFile()");
  const auto& rg = meta_->row_groups[static_cast<size_t>(row_group)];
  const auto& m = *rg.columns[static_cast<size_t>(column)].meta_data;
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  UninitializedBytes bytes(static_cast<size_t>(m.total_compressed_size));
  COPRA_RETURN_NOT_OK(file_->ReadAt(start, m.total_compressed_size, bytes.data()));
  return std::make_unique<ColumnChunkReader>(columns_[static_cast<size_t>(column)], m.codec,
                                             std::move(bytes), rg.num_rows);
}

Result<std::unique_ptr<ColumnChunkReader>> FileReader::OpenChunkPages(
    int row_group, int column, const std::vector<RowRange>& ranges, PageCounts* counts) const {
  if (file_ == nullptr) return Status::Internal("Parquet reader used after ReleaseFile()");
  COPRA_ASSIGN_OR_RETURN(PagesPtr pages, PageLocations(row_group, column));
  if (pages->empty()) return OpenChunk(row_group, column);
  const auto& rg = meta_->row_groups[static_cast<size_t>(row_group)];
  const auto& m = *rg.columns[static_cast<size_t>(column)].meta_data;
  // Byte spans to read: the dictionary page, then the wanted data pages
  // (neighbours coalesced into one read).
  std::vector<std::pair<int64_t, int64_t>> spans;  // offset, length
  // Whatever precedes the first data page in the chunk (the dictionary
  // page; some writers point data_page_offset at it instead of setting
  // dictionary_page_offset) is read too.
  const int64_t first_page = (*pages)[0].offset;
  int64_t start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  if (first_page < start) return OpenChunk(row_group, column);  // unusual layout: read it all
  if (start < first_page) spans.emplace_back(start, first_page - start);
  std::vector<int64_t> first_rows;
  size_t r = 0;
  for (const PageInfo& p : *pages) {
    const int64_t end = p.first_row + p.num_rows;
    while (r < ranges.size() && ranges[r].end <= p.first_row) ++r;
    const bool wanted =
        r < ranges.size() && ranges[r].begin < end && ranges[r].end > ranges[r].begin;
    if (!wanted) continue;
    first_rows.push_back(p.first_row);
    if (!spans.empty() && spans.back().first + spans.back().second == p.offset) {
      spans.back().second += p.compressed_size;
    } else {
      spans.emplace_back(p.offset, p.compressed_size);
    }
  }
  if (counts != nullptr) {
    counts->skipped += static_cast<int64_t>(pages->size() - first_rows.size());
  }
  size_t total = 0;
  for (const auto& [off, len] : spans) total += static_cast<size_t>(len);
  UninitializedBytes bytes(total);
  size_t at = 0;
  for (const auto& [off, len] : spans) {
    COPRA_RETURN_NOT_OK(file_->ReadAt(off, len, bytes.data() + at));
    at += static_cast<size_t>(len);
  }
  auto reader = std::make_unique<ColumnChunkReader>(columns_[static_cast<size_t>(column)], m.codec,
                                                    std::move(bytes), rg.num_rows);
  reader->SetPageFirstRows(std::move(first_rows));
  return reader;
}

Result<std::vector<RowRange>> FileReader::RangesOfRows(const std::vector<int32_t>& rows) {
  std::vector<RowRange> ranges;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && rows[i] <= rows[i - 1]) {
      return Status::InvalidArgument("rows to read are not ascending offsets into the row group");
    }
    if (!ranges.empty() && ranges.back().end == rows[i]) {
      ++ranges.back().end;
    } else {
      ranges.push_back({rows[i], int64_t{rows[i]} + 1});
    }
  }
  return ranges;
}

Result<BatchPtr> FileReader::ReadRowGroupRows(int row_group, const std::vector<int>& columns,
                                              const std::vector<int32_t>& rows,
                                              PageCounts* counts) const {
  COPRA_ASSIGN_OR_RETURN(std::vector<RowRange> ranges, RangesOfRows(rows));
  return ReadRowGroupRanges(row_group, columns, ranges, counts);
}

Result<BatchPtr> FileReader::ReadRowGroupRanges(int row_group, const std::vector<int>& columns,
                                                const std::vector<RowRange>& ranges,
                                                PageCounts* counts) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return Status::InvalidArgument("Parquet file \"" + path_ + "\" has no row group " +
                                   std::to_string(row_group));
  }
  const int64_t num_rows = meta_->row_groups[static_cast<size_t>(row_group)].num_rows;
  int64_t count = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const RowRange& r = ranges[i];
    if (r.begin < 0 || r.end < r.begin || r.end > num_rows ||
        (i > 0 && r.begin < ranges[i - 1].end)) {
      return Status::InvalidArgument("rows to read are not ascending offsets into the row group");
    }
    count += r.end - r.begin;
  }
  std::vector<Field> fields;
  std::vector<ColumnPtr> out;
  for (int c : columns) {
    if (c < 0 || c >= static_cast<int>(columns_.size())) {
      return Status::InvalidArgument("Parquet file \"" + path_ + "\" has no column " +
                                     std::to_string(c));
    }
    fields.push_back(columns_[static_cast<size_t>(c)].field);
    Result<std::unique_ptr<ColumnChunkReader>> reader =
        count == num_rows ? OpenChunk(row_group, c) : OpenChunkPages(row_group, c, ranges, counts);
    if (!reader.ok()) return reader.status().WithPrefix("Parquet file \"" + path_ + "\": ");
    Result<ColumnPtr> col = (*reader)->ReadRanges(ranges.data(), ranges.size());
    if (!col.ok()) return col.status().WithPrefix("Parquet file \"" + path_ + "\": ");
    if (counts != nullptr) {
      counts->decoded += (*reader)->pages_decoded();
      counts->skipped += (*reader)->pages_skipped();
    }
    out.push_back(std::move(*col));
  }
  return Batch::Make(std::make_shared<const Schema>(std::move(fields)), std::move(out), count);
}

}  // namespace copra::parquet
