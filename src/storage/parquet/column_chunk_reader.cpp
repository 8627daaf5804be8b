#include "storage/parquet/column_chunk_reader.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "storage/parquet/codec.h"
#include "vector/bit_util.h"
#include "vector/buffer.h"

namespace copra::parquet {
namespace {

// Refuse to allocate more than this for one decompressed page.
constexpr int64_t kMaxPageBytes = int64_t{1} << 30;
constexpr int64_t kJulianEpochDay = 2440588;  // 1970-01-01
constexpr int64_t kNanosPerDay = 86400LL * 1000 * 1000 * 1000;

uint32_t LoadLe32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace

// The Column under construction for one Read().
struct ColumnChunkReader::Output {
  Output(const LogicalType& t, int64_t n, bool nullable) : type(t), capacity(n) {
    if (nullable) validity = Buffer::Allocate(bit_util::BytesForBits(n));
    if (t.IsVarWidth()) {
      // Every row's offset and value is written below (NULLs too): no zeroing.
      values = Buffer::AllocateUninitialized((n + 1) * 4);
      values->mutable_data_as<int32_t>()[0] = 0;
      data = Buffer::Allocate(0);
    } else if (t.IsBoolean()) {
      values = Buffer::Allocate(bit_util::BytesForBits(n));
    } else {
      values = Buffer::AllocateUninitialized(n * t.ByteWidth());
    }
  }
  template <typename T>
  T* values_as() {
    return values->mutable_data_as<T>();
  }
  void AppendString(const uint8_t* p, int64_t len) {
    data->ResizeUninitialized(data_size + len);
    std::memcpy(data->mutable_data() + data_size, p, static_cast<size_t>(len));
    data_size += len;
  }

  LogicalType type;
  int64_t capacity;
  int64_t length = 0;
  int64_t null_count = 0;
  int64_t data_size = 0;
  BufferPtr validity, values, data;
};

ColumnChunkReader::ColumnChunkReader(ColumnDescriptor desc, format::Codec codec,
                                     UninitializedBytes chunk, int64_t num_values)
    : desc_(std::move(desc)), codec_(codec), chunk_(std::move(chunk)), num_values_(num_values) {}

Status ColumnChunkReader::Named(Status st) const {
  if (st.ok()) return st;  // the prefix is built only for errors (hot path)
  return st.WithPrefix("column \"" + desc_.field.name + "\": ");
}

Status ColumnChunkReader::Corrupt(const std::string& detail) const {
  return Status::Corruption("column \"" + desc_.field.name + "\": " + detail);
}

Result<ColumnPtr> ColumnChunkReader::Read(int64_t n) {
  if (finished_) return Status::Internal("column chunk reader used after reading chosen rows");
  if (n > values_left()) return Corrupt("fewer values than the row group has rows");
  Output out(desc_.field.type, n, desc_.max_def_level > 0);
  while (out.length < n) {
    if (page_left_ == 0) {
      COPRA_RETURN_NOT_OK(NextPage(row_));
      continue;
    }
    int64_t k = std::min(n - out.length, page_left_);
    COPRA_RETURN_NOT_OK(DecodeRows(k, &out));
    page_left_ -= k;
    row_ += k;
  }
  BufferPtr validity = out.null_count > 0 ? out.validity : nullptr;
  auto col = std::make_shared<const Column>(out.type, n, std::move(validity), out.values, out.data,
                                            out.null_count);
  return ColumnPtr(std::move(col));
}

Result<ColumnPtr> ColumnChunkReader::ReadSelected(int64_t n, const int32_t* rows, int64_t count) {
  if (n > values_left()) return Corrupt("fewer values than the row group has rows");
  std::vector<RowRange> ranges;
  for (int64_t i = 0; i < count; ++i) {
    if (rows[i] < 0 || rows[i] >= n || (i > 0 && rows[i] <= rows[i - 1])) {
      return Status::InvalidArgument("rows out of order");
    }
    if (!ranges.empty() && ranges.back().end == rows[i]) {
      ++ranges.back().end;
    } else {
      ranges.push_back({rows[i], int64_t{rows[i]} + 1});
    }
  }
  return ReadRanges(ranges.data(), ranges.size());
}

Result<ColumnPtr> ColumnChunkReader::ReadRanges(const RowRange* ranges, size_t num_ranges) {
  if (finished_) return Status::Internal("column chunk reader used after reading chosen rows");
  finished_ = true;
  const int64_t base = row_;
  int64_t count = 0;
  for (size_t i = 0; i < num_ranges; ++i) {
    const RowRange& r = ranges[i];
    if (r.begin < 0 || r.end < r.begin || (i > 0 && r.begin < ranges[i - 1].end)) {
      return Status::InvalidArgument("row ranges out of order");
    }
    count += r.end - r.begin;
  }
  if (num_ranges > 0 && ranges[num_ranges - 1].end > values_left()) {
    return Corrupt("fewer values than the row group has rows");
  }
  Output out(desc_.field.type, count, desc_.max_def_level > 0);
  for (size_t i = 0; i < num_ranges; ++i) {
    const int64_t begin = base + ranges[i].begin;
    const int64_t end = base + ranges[i].end;
    while (row_ < end) {
      if (page_left_ == 0) {
        COPRA_RETURN_NOT_OK(NextPage(std::max(row_, begin)));
        continue;
      }
      // Skip to the range, or decode the part of it in this page.
      int64_t k;
      if (row_ < begin) {
        k = std::min(begin - row_, page_left_);
        COPRA_RETURN_NOT_OK(SkipRows(k));
      } else {
        k = std::min(end - row_, page_left_);
        COPRA_RETURN_NOT_OK(DecodeRows(k, &out));
      }
      page_left_ -= k;
      row_ += k;
    }
  }
  if (out.length != count) return Status::Internal("decoded a different number of rows");
  BufferPtr validity = out.null_count > 0 ? out.validity : nullptr;
  auto col = std::make_shared<const Column>(out.type, count, std::move(validity), out.values,
                                            out.data, out.null_count);
  return ColumnPtr(std::move(col));
}

Status ColumnChunkReader::SkipRows(int64_t k) {
  int64_t m = k;
  if (desc_.max_def_level > 0) {
    levels_.resize(static_cast<size_t>(k));
    COPRA_RETURN_NOT_OK(Named(def_decoder_.Get(levels_.data(), k)));
    m = 0;
    for (int64_t i = 0; i < k; ++i) {
      if (levels_[i] > 1) return Corrupt("definition level above the column's maximum");
      m += levels_[i];
    }
  }
  if (!predecoded_ && encoding_ == format::Encoding::kPlain &&
      desc_.physical != format::Type::kBoolean && desc_.physical != format::Type::kByteArray) {
    const int64_t bytes = m * PhysicalWidth(desc_);
    if (bytes > data_end_ - data_) return Corrupt("page ends early");
    data_ += bytes;  // fixed-width values: nothing to decode
    return Status::OK();
  }
  return DecodeValues(m);  // into the scratch vectors, not the output
}

Status ColumnChunkReader::NextPage(int64_t want) {
  while (true) {
    if (pos_ >= chunk_.size()) return Corrupt("column chunk ends before all its values");
    size_t header_size = 0;
    auto header =
        format::DecodePageHeader(chunk_.data() + pos_, chunk_.size() - pos_, &header_size);
    if (!header.ok()) return Named(header.status());
    const format::PageHeader& h = *header;
    size_t body = pos_ + header_size;
    if (static_cast<size_t>(h.compressed_page_size) > chunk_.size() - body) {
      return Corrupt("page extends past the column chunk");
    }
    if (h.uncompressed_page_size > kMaxPageBytes) return Corrupt("page larger than 1 GiB");
    pos_ = body + static_cast<size_t>(h.compressed_page_size);
    const uint8_t* p = chunk_.data() + body;
    size_t size = static_cast<size_t>(h.compressed_page_size);
    switch (h.type) {
      case format::PageType::kDictionaryPage:
        COPRA_RETURN_NOT_OK(ReadDictionary(h, p, size));
        continue;
      case format::PageType::kDataPage:
      case format::PageType::kDataPageV2: {
        // Flat columns: a page's values are its rows.
        const int64_t rows = h.type == format::PageType::kDataPage
                                 ? (h.data_page_header ? h.data_page_header->num_values : -1)
                                 : (h.data_page_header_v2 ? h.data_page_header_v2->num_rows : -1);
        if (sparse_) {
          if (next_page_ >= page_first_rows_.size()) {
            return Corrupt("more data pages than the page index lists");
          }
          const int64_t first = page_first_rows_[next_page_];
          if (first < row_) return Corrupt("page index rows out of order");
          row_ = first;
        }
        ++next_page_;
        if (rows >= 0 && rows <= values_left() && row_ + rows <= want) {
          row_ += rows;  // no wanted row in this page
          ++pages_skipped_;
          continue;
        }
        ++pages_decoded_;
        COPRA_RETURN_NOT_OK(StartDataPage(h, p, size));
        if (row_ > want) return Corrupt("a wanted row is in no page of the column chunk");
        return Status::OK();
      }
      default: continue;  // index pages carry nothing we need
    }
  }
}

Status ColumnChunkReader::ReadDictionary(const format::PageHeader& h, const uint8_t* body,
                                         size_t size) {
  if (!h.dictionary_page_header) return Corrupt("dictionary page without its header");
  const auto& dh = *h.dictionary_page_header;
  if (dh.encoding != format::Encoding::kPlain &&
      dh.encoding != format::Encoding::kPlainDictionary) {
    return Status::NotSupported("column \"" + desc_.field.name + "\": dictionary encoding " +
                                format::EncodingName(dh.encoding) + " is not supported");
  }
  if (dh.num_values < 0) return Corrupt("negative dictionary size");
  dict_buffer_.resize(static_cast<size_t>(h.uncompressed_page_size));
  COPRA_RETURN_NOT_OK(
      Named(Decompress(codec_, body, size, dict_buffer_.data(), dict_buffer_.size())));
  dict_size_ = dh.num_values;
  const uint8_t* p = dict_buffer_.data();
  const uint8_t* end = p + dict_buffer_.size();
  if (desc_.physical == format::Type::kByteArray) {
    dict_strings_.clear();
    dict_strings_.reserve(static_cast<size_t>(std::min<int64_t>(dict_size_, end - p)));
    for (int64_t i = 0; i < dict_size_; ++i) {
      if (end - p < 4) return Corrupt("dictionary page ends early");
      uint32_t len = LoadLe32(p);
      p += 4;
      if (len > static_cast<uint64_t>(end - p)) return Corrupt("dictionary page ends early");
      dict_strings_.emplace_back(reinterpret_cast<const char*>(p), len);
      p += len;
    }
  } else if (desc_.physical == format::Type::kBoolean) {
    return Corrupt("dictionary page for a BOOLEAN column");
  } else {
    int w = PhysicalWidth(desc_);
    if (dict_size_ * w > end - p) return Corrupt("dictionary page ends early");
    dict_fixed_.assign(p, p + dict_size_ * w);
  }
  has_dictionary_ = true;
  return Status::OK();
}

Status ColumnChunkReader::StartDataPage(const format::PageHeader& h, const uint8_t* body,
                                        size_t size) {
  int64_t num_values;
  const uint8_t* levels = nullptr;
  int64_t levels_size = 0;
  if (h.type == format::PageType::kDataPage) {
    if (!h.data_page_header) return Corrupt("data page without its header");
    const auto& dh = *h.data_page_header;
    num_values = dh.num_values;
    encoding_ = dh.encoding;
    page_buffer_.resize(static_cast<size_t>(h.uncompressed_page_size));
    COPRA_RETURN_NOT_OK(
        Named(Decompress(codec_, body, size, page_buffer_.data(), page_buffer_.size())));
    data_ = page_buffer_.data();
    data_end_ = data_ + page_buffer_.size();
    if (desc_.max_def_level > 0) {
      if (dh.definition_level_encoding != format::Encoding::kRle) {
        return Status::NotSupported(
            "column \"" + desc_.field.name + "\": definition level encoding " +
            format::EncodingName(dh.definition_level_encoding) + " is not supported");
      }
      if (data_end_ - data_ < 4) return Corrupt("data page ends before its definition levels");
      uint32_t len = LoadLe32(data_);
      data_ += 4;
      if (len > static_cast<uint64_t>(data_end_ - data_)) {
        return Corrupt("definition levels longer than the page");
      }
      levels = data_;
      levels_size = len;
      data_ += len;
    }
  } else {
    if (!h.data_page_header_v2) return Corrupt("data page V2 without its header");
    const auto& dh = *h.data_page_header_v2;
    num_values = dh.num_values;
    encoding_ = dh.encoding;
    if (dh.repetition_levels_byte_length != 0) return Corrupt("repetition levels in a flat column");
    int64_t lv = dh.definition_levels_byte_length;
    if (lv < 0 || lv > static_cast<int64_t>(size) || lv > h.uncompressed_page_size) {
      return Corrupt("bad definition levels length");
    }
    size_t values_size = static_cast<size_t>(h.uncompressed_page_size - lv);
    page_buffer_.resize(static_cast<size_t>(lv) + values_size);
    std::memcpy(page_buffer_.data(), body, static_cast<size_t>(lv));
    if (dh.is_compressed && codec_ != format::Codec::kUncompressed) {
      COPRA_RETURN_NOT_OK(Named(Decompress(codec_, body + lv, size - static_cast<size_t>(lv),
                                           page_buffer_.data() + lv, values_size)));
    } else {
      if (size - static_cast<size_t>(lv) != values_size) return Corrupt("bad page size");
      std::memcpy(page_buffer_.data() + lv, body + lv, values_size);
    }
    levels = page_buffer_.data();
    levels_size = lv;
    data_ = page_buffer_.data() + lv;
    data_end_ = page_buffer_.data() + page_buffer_.size();
  }
  if (num_values < 0) return Corrupt("negative value count in a page");
  if (num_values > values_left()) return Corrupt("page holds more values than the column chunk");
  if (desc_.max_def_level > 0) def_decoder_ = RleHybridDecoder(levels, levels_size, 1);
  page_left_ = num_values;
  bool_bit_ = 0;
  predecoded_ = false;
  switch (encoding_) {
    case format::Encoding::kPlain: break;
    case format::Encoding::kPlainDictionary:
    case format::Encoding::kRleDictionary: {
      if (!has_dictionary_) return Corrupt("dictionary-encoded page without a dictionary");
      if (page_left_ == 0) break;
      if (data_ >= data_end_) {
        // A page of only NULLs may omit the bit width.
        rle_values_ = RleHybridDecoder(data_, 0, 0);
        break;
      }
      int width = *data_;
      if (width > 32) return Corrupt("dictionary index bit width above 32");
      rle_values_ = RleHybridDecoder(data_ + 1, data_end_ - data_ - 1, width);
      break;
    }
    case format::Encoding::kDeltaBinaryPacked:
      if (desc_.physical != format::Type::kInt32 && desc_.physical != format::Type::kInt64) {
        return Corrupt("DELTA_BINARY_PACKED on a non-integer column");
      }
      COPRA_RETURN_NOT_OK(delta_.Init(data_, data_end_ - data_));
      break;
    case format::Encoding::kRle: {
      if (desc_.physical != format::Type::kBoolean)
        return Corrupt("RLE values on a non-BOOLEAN column");
      if (data_end_ - data_ < 4) return Corrupt("RLE boolean page ends early");
      uint32_t len = LoadLe32(data_);
      if (len > static_cast<uint64_t>(data_end_ - data_ - 4)) return Corrupt("RLE run too long");
      rle_values_ = RleHybridDecoder(data_ + 4, len, 1);
      break;
    }
    case format::Encoding::kDeltaLengthByteArray:
    case format::Encoding::kDeltaByteArray:
    case format::Encoding::kByteStreamSplit: return PredecodePage();
    default:
      return Status::NotSupported("column \"" + desc_.field.name + "\": encoding " +
                                  format::EncodingName(encoding_) + " is not supported");
  }
  return Status::OK();
}

Status ColumnChunkReader::DecodeDeltaLengths(const uint8_t** p, std::vector<int64_t>* lengths) {
  DeltaBinaryPackedDecoder d;
  COPRA_RETURN_NOT_OK(Named(d.Init(*p, data_end_ - *p)));
  if (d.total_values() > page_left_ || d.total_values() > (int64_t{1} << 26)) {
    return Corrupt("more values than the page has rows");
  }
  lengths->resize(static_cast<size_t>(d.total_values()));
  COPRA_RETURN_NOT_OK(Named(d.Get(lengths->data(), d.total_values())));
  *p = d.position();
  return Status::OK();
}

Status ColumnChunkReader::PredecodePage() {
  predecoded_ = true;
  page_cursor_ = 0;
  page_arena_.clear();
  page_strings_.clear();
  if (encoding_ == format::Encoding::kByteStreamSplit) {
    const int w = PhysicalWidth(desc_);
    if (desc_.physical == format::Type::kByteArray || desc_.physical == format::Type::kBoolean ||
        w <= 0) {
      return Corrupt("BYTE_STREAM_SPLIT on a column without fixed-width values");
    }
    const int64_t bytes = data_end_ - data_;
    if (bytes % w != 0) return Corrupt("BYTE_STREAM_SPLIT data is not a whole number of values");
    const int64_t n = bytes / w;
    page_arena_.resize(static_cast<size_t>(bytes));
    for (int k = 0; k < w; ++k) {
      const uint8_t* stream = data_ + k * n;
      for (int64_t i = 0; i < n; ++i) page_arena_[static_cast<size_t>(i * w + k)] = stream[i];
    }
    return Status::OK();
  }
  if (desc_.physical != format::Type::kByteArray) {
    return Status::NotSupported("column \"" + desc_.field.name + "\": encoding " +
                                format::EncodingName(encoding_) +
                                " is supported for BYTE_ARRAY columns only");
  }
  const uint8_t* p = data_;
  std::vector<int64_t> prefixes, lengths;
  if (encoding_ == format::Encoding::kDeltaByteArray) {
    COPRA_RETURN_NOT_OK(DecodeDeltaLengths(&p, &prefixes));
  }
  COPRA_RETURN_NOT_OK(DecodeDeltaLengths(&p, &lengths));
  if (encoding_ == format::Encoding::kDeltaByteArray && prefixes.size() != lengths.size()) {
    return Corrupt("DELTA_BYTE_ARRAY prefix and suffix counts differ");
  }
  int64_t total = 0;
  for (int64_t len : lengths) {
    if (len < 0 || len > data_end_ - p) return Corrupt("string length past the page");
    total += len;
  }
  if (total > data_end_ - p) return Corrupt("strings past the page");
  if (encoding_ == format::Encoding::kDeltaLengthByteArray) {
    page_arena_.assign(reinterpret_cast<const char*>(p), static_cast<size_t>(total));
  } else {
    // Value i = first prefixes[i] bytes of value i-1, then suffix i.
    std::vector<std::pair<int64_t, int64_t>> spans;  // offset, length in the arena
    const uint8_t* s = p;
    for (size_t i = 0; i < lengths.size(); ++i) {
      int64_t prefix = prefixes[i];
      int64_t prev_off = i ? spans[i - 1].first : 0, prev_len = i ? spans[i - 1].second : 0;
      if (prefix < 0 || prefix > prev_len) return Corrupt("DELTA_BYTE_ARRAY prefix too long");
      int64_t off = static_cast<int64_t>(page_arena_.size());
      if (off + prefix + lengths[i] > kMaxPageBytes) return Corrupt("page larger than 1 GiB");
      page_arena_.append(page_arena_, static_cast<size_t>(prev_off), static_cast<size_t>(prefix));
      page_arena_.append(reinterpret_cast<const char*>(s), static_cast<size_t>(lengths[i]));
      s += lengths[i];
      spans.emplace_back(off, prefix + lengths[i]);
    }
    for (const auto& [off, len] : spans) {
      page_strings_.emplace_back(page_arena_.data() + off, static_cast<size_t>(len));
    }
    return Status::OK();
  }
  int64_t off = 0;
  for (int64_t len : lengths) {
    page_strings_.emplace_back(page_arena_.data() + off, static_cast<size_t>(len));
    off += len;
  }
  return Status::OK();
}

Status ColumnChunkReader::DecodeValues(int64_t m) {
  const int w = PhysicalWidth(desc_);
  const bool strings = desc_.physical == format::Type::kByteArray;
  if (strings) {
    strings_.resize(static_cast<size_t>(m));
  } else {
    values_.resize(static_cast<size_t>(m * w));
  }
  if (m == 0) return Status::OK();
  if (predecoded_) {
    if (strings) {
      if (page_cursor_ + m > static_cast<int64_t>(page_strings_.size())) {
        return Corrupt("fewer values than the page needs");
      }
      std::copy(page_strings_.begin() + page_cursor_, page_strings_.begin() + page_cursor_ + m,
                strings_.begin());
    } else {
      if ((page_cursor_ + m) * w > static_cast<int64_t>(page_arena_.size())) {
        return Corrupt("fewer values than the page needs");
      }
      std::memcpy(values_.data(), page_arena_.data() + page_cursor_ * w,
                  static_cast<size_t>(m * w));
    }
    page_cursor_ += m;
    return Status::OK();
  }
  switch (encoding_) {
    case format::Encoding::kPlain:
      if (desc_.physical == format::Type::kBoolean) {
        int64_t bytes = data_end_ - data_;
        if (bit_util::BytesForBits(bool_bit_ + m) > bytes) return Corrupt("page ends early");
        for (int64_t i = 0; i < m; ++i) values_[i] = bit_util::GetBit(data_, bool_bit_ + i);
        bool_bit_ += m;
      } else if (strings) {
        const uint8_t* p = data_;
        for (int64_t i = 0; i < m; ++i) {
          if (data_end_ - p < 4) return Corrupt("page ends early");
          uint32_t len = LoadLe32(p);
          p += 4;
          if (len > static_cast<uint64_t>(data_end_ - p)) return Corrupt("page ends early");
          strings_[i] = std::string_view(reinterpret_cast<const char*>(p), len);
          p += len;
        }
        data_ = p;
      } else {
        if (m * w > data_end_ - data_) return Corrupt("page ends early");
        std::memcpy(values_.data(), data_, static_cast<size_t>(m * w));
        data_ += m * w;
      }
      return Status::OK();
    case format::Encoding::kPlainDictionary:
    case format::Encoding::kRleDictionary: {
      ids_.resize(static_cast<size_t>(m));
      COPRA_RETURN_NOT_OK(Named(rle_values_.Get(ids_.data(), m)));
      const uint32_t limit = static_cast<uint32_t>(dict_size_);
      for (int64_t i = 0; i < m; ++i) {
        if (ids_[i] >= limit) return Corrupt("dictionary index out of range");
      }
      if (strings) {
        for (int64_t i = 0; i < m; ++i) strings_[i] = dict_strings_[ids_[i]];
      } else if (w == 4) {
        const uint32_t* d = reinterpret_cast<const uint32_t*>(dict_fixed_.data());
        uint32_t* o = reinterpret_cast<uint32_t*>(values_.data());
        for (int64_t i = 0; i < m; ++i) o[i] = d[ids_[i]];
      } else if (w == 8) {
        const uint64_t* d = reinterpret_cast<const uint64_t*>(dict_fixed_.data());
        uint64_t* o = reinterpret_cast<uint64_t*>(values_.data());
        for (int64_t i = 0; i < m; ++i) o[i] = d[ids_[i]];
      } else {
        for (int64_t i = 0; i < m; ++i) {
          std::memcpy(values_.data() + i * w, dict_fixed_.data() + ids_[i] * int64_t{w},
                      static_cast<size_t>(w));
        }
      }
      return Status::OK();
    }
    case format::Encoding::kDeltaBinaryPacked: {
      wide_.resize(static_cast<size_t>(m));
      COPRA_RETURN_NOT_OK(Named(delta_.Get(wide_.data(), m)));
      if (w == 8) {
        std::memcpy(values_.data(), wide_.data(), static_cast<size_t>(m) * 8);
      } else {
        int32_t* o = reinterpret_cast<int32_t*>(values_.data());
        for (int64_t i = 0; i < m; ++i) o[i] = static_cast<int32_t>(wide_[i]);
      }
      return Status::OK();
    }
    case format::Encoding::kRle: {
      ids_.resize(static_cast<size_t>(m));
      COPRA_RETURN_NOT_OK(Named(rle_values_.Get(ids_.data(), m)));
      for (int64_t i = 0; i < m; ++i) values_[i] = ids_[i] != 0;
      return Status::OK();
    }
    default: break;
  }
  return Corrupt("unexpected encoding");
}

namespace {

// Writes k rows starting at `row`: valid rows take the next converted
// physical value, NULL rows a zero.
template <typename Dst, typename Src, typename Convert>
void Scatter(const uint8_t* physical, const uint32_t* levels, int64_t k, Dst* dst,
             Convert convert) {
  const Src* src = reinterpret_cast<const Src*>(physical);
  if (levels == nullptr) {
    for (int64_t i = 0; i < k; ++i) {
      Src v;
      std::memcpy(&v, src + i, sizeof(Src));
      dst[i] = convert(v);
    }
    return;
  }
  int64_t j = 0;
  for (int64_t i = 0; i < k; ++i) {
    if (levels[i]) {
      Src v;
      std::memcpy(&v, src + j++, sizeof(Src));
      dst[i] = convert(v);
    } else {
      dst[i] = Dst{};
    }
  }
}

template <typename T>
T Same(T v) {
  return v;
}

}  // namespace

Status ColumnChunkReader::DecodeRows(int64_t k, Output* out) {
  int64_t m = k;
  const uint32_t* levels = nullptr;
  if (desc_.max_def_level > 0) {
    levels_.resize(static_cast<size_t>(k));
    COPRA_RETURN_NOT_OK(Named(def_decoder_.Get(levels_.data(), k)));
    // Count first (a loop the compiler vectorizes); pages without NULLs,
    // the common case, then set their validity bits in bulk.
    uint32_t any_above = 0;
    m = 0;
    for (int64_t i = 0; i < k; ++i) {
      any_above |= levels_[i] & ~1u;
      m += levels_[i] & 1u;
    }
    if (any_above != 0) return Corrupt("definition level above the column's maximum");
    uint8_t* bits = out->validity->mutable_data();
    if (m == k) {
      bit_util::SetBitsTo(bits, out->length, k, true);
    } else {
      for (int64_t i = 0; i < k; ++i) bit_util::SetBitTo(bits, out->length + i, levels_[i] != 0);
    }
    out->null_count += k - m;
    if (m < k) levels = levels_.data();
  }
  COPRA_RETURN_NOT_OK(DecodeValues(m));
  const int64_t row = out->length;
  const uint8_t* phys = values_.data();
  switch (desc_.conversion) {
    case Conversion::kBoolean: {
      uint8_t* bits = out->values_as<uint8_t>();
      int64_t j = 0;
      for (int64_t i = 0; i < k; ++i) {
        bool v = (levels == nullptr || levels[i]) ? phys[j++] != 0 : false;
        bit_util::SetBitTo(bits, row + i, v);
      }
      break;
    }
    case Conversion::kInt32:
      Scatter<int32_t, int32_t>(phys, levels, k, out->values_as<int32_t>() + row, Same<int32_t>);
      break;
    case Conversion::kInt32ToInt8:
      Scatter<int8_t, int32_t>(phys, levels, k, out->values_as<int8_t>() + row,
                               [](int32_t v) { return static_cast<int8_t>(v); });
      break;
    case Conversion::kInt32ToInt16:
      Scatter<int16_t, int32_t>(phys, levels, k, out->values_as<int16_t>() + row,
                                [](int32_t v) { return static_cast<int16_t>(v); });
      break;
    case Conversion::kInt64:
      Scatter<int64_t, int64_t>(phys, levels, k, out->values_as<int64_t>() + row, Same<int64_t>);
      break;
    case Conversion::kInt64Div1000:
      Scatter<int64_t, int64_t>(phys, levels, k, out->values_as<int64_t>() + row,
                                [](int64_t v) { return v / 1000; });
      break;
    case Conversion::kFloat:
      Scatter<float, float>(phys, levels, k, out->values_as<float>() + row, Same<float>);
      break;
    case Conversion::kDouble:
      Scatter<double, double>(phys, levels, k, out->values_as<double>() + row, Same<double>);
      break;
    case Conversion::kDecimal32ToDouble: {
      const double scale = std::pow(10.0, desc_.decimal_scale);
      Scatter<double, int32_t>(phys, levels, k, out->values_as<double>() + row,
                               [scale](int32_t v) { return v / scale; });
      break;
    }
    case Conversion::kDecimal64ToDouble: {
      const double scale = std::pow(10.0, desc_.decimal_scale);
      Scatter<double, int64_t>(phys, levels, k, out->values_as<double>() + row,
                               [scale](int64_t v) { return static_cast<double>(v) / scale; });
      break;
    }
    case Conversion::kDecimalBytesToDouble: {
      const double scale = std::pow(10.0, desc_.decimal_scale);
      const bool fixed = desc_.physical == format::Type::kFixedLenByteArray;
      double* dst = out->values_as<double>() + row;
      int64_t j = 0;
      for (int64_t i = 0; i < k; ++i) {
        if (levels != nullptr && !levels[i]) {
          dst[i] = 0;
          continue;
        }
        const uint8_t* p;
        size_t len;
        if (fixed) {
          p = phys + j * desc_.type_length;
          len = static_cast<size_t>(desc_.type_length);
        } else {
          p = reinterpret_cast<const uint8_t*>(strings_[j].data());
          len = strings_[j].size();
        }
        ++j;
        if (len > 16) return Corrupt("DECIMAL value wider than 16 bytes");
        // Big-endian two's complement, sign-extended.
        unsigned __int128 u = (len > 0 && (p[0] & 0x80)) ? ~static_cast<unsigned __int128>(0) : 0;
        for (size_t b = 0; b < len; ++b) u = (u << 8) | p[b];
        dst[i] = static_cast<double>(static_cast<__int128>(u)) / scale;
      }
      break;
    }
    case Conversion::kInt96ToNanos: {
      int64_t* dst = out->values_as<int64_t>() + row;
      int64_t j = 0;
      for (int64_t i = 0; i < k; ++i) {
        if (levels != nullptr && !levels[i]) {
          dst[i] = 0;
          continue;
        }
        int64_t nanos;
        int32_t day;
        std::memcpy(&nanos, phys + j * 12, 8);
        std::memcpy(&day, phys + j * 12 + 8, 4);
        ++j;
        // Wrapping arithmetic: out-of-range days give garbage, never UB.
        dst[i] = static_cast<int64_t>(
            static_cast<uint64_t>(static_cast<int64_t>(day) - kJulianEpochDay) *
                static_cast<uint64_t>(kNanosPerDay) +
            static_cast<uint64_t>(nanos));
      }
      break;
    }
    case Conversion::kIntervalFromFixed: {
      Interval* dst = out->values_as<Interval>() + row;
      int64_t j = 0;
      for (int64_t i = 0; i < k; ++i) {
        if (levels != nullptr && !levels[i]) {
          dst[i] = Interval{};
          continue;
        }
        int32_t parts[3];
        std::memcpy(parts, phys + j * 12, 12);
        ++j;
        dst[i] = Interval{parts[0], parts[1], static_cast<int64_t>(parts[2]) * 1000000};
      }
      break;
    }
    case Conversion::kByteArray:
    case Conversion::kFixedToBinary: {
      int32_t* offsets = out->values_as<int32_t>();
      const bool fixed = desc_.conversion == Conversion::kFixedToBinary;
      const int w = desc_.type_length;
      int64_t j = 0;
      for (int64_t i = 0; i < k; ++i) {
        if (levels == nullptr || levels[i]) {
          const uint8_t* p;
          int64_t len;
          if (fixed) {
            p = phys + j * w;
            len = w;
          } else {
            p = reinterpret_cast<const uint8_t*>(strings_[j].data());
            len = static_cast<int64_t>(strings_[j].size());
          }
          ++j;
          if (out->data_size + len > INT32_MAX) {
            return Status::Error(
                ErrorCode::kStringTooLong,
                "column \"" + desc_.field.name + "\": more than 2 GiB of string data in one batch");
          }
          out->AppendString(p, len);
        }
        offsets[row + i + 1] = static_cast<int32_t>(out->data_size);
      }
      break;
    }
  }
  out->length += k;
  return Status::OK();
}

}  // namespace copra::parquet
