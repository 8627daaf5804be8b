#include "storage/parquet/column_chunk_writer.h"

#include <algorithm>
#include <cstring>

#include "storage/parquet/bit_packing.h"
#include "storage/parquet/codec.h"
#include "storage/parquet/delta_binary_packed.h"
#include "storage/parquet/rle_hybrid.h"

namespace copra::parquet {
namespace {

// Rows appended between checks of the page and dictionary sizes.
constexpr int64_t kAppendStep = 1024;
// A dictionary larger than this (PLAIN bytes) stops growing; the rest of the
// column chunk is written PLAIN.
constexpr size_t kMaxDictionaryBytes = 1 << 20;

void PutLe32(std::string* out, uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);
  out->append(b, 4);
}

template <typename Dst, typename Src, typename Convert>
void AppendFixed(const Column& col, int64_t offset, int64_t length, std::string* out,
                 Convert convert) {
  const Src* src = col.data<Src>();
  size_t base = out->size();
  out->resize(base + static_cast<size_t>(length) * sizeof(Dst));
  Dst* dst = reinterpret_cast<Dst*>(out->data() + base);
  int64_t n = 0;
  if (!col.HasNulls()) {
    for (int64_t i = offset; i < offset + length; ++i) dst[n++] = convert(src[i]);
  } else {
    for (int64_t i = offset; i < offset + length; ++i) {
      if (col.IsValid(i)) dst[n++] = convert(src[i]);
    }
  }
  out->resize(base + static_cast<size_t>(n) * sizeof(Dst));
}

void AddEncoding(std::vector<format::Encoding>* list, format::Encoding e) {
  if (std::find(list->begin(), list->end(), e) == list->end()) list->push_back(e);
}

}  // namespace

ColumnChunkWriter::ColumnChunkWriter(ColumnDescriptor desc, const WriterOptions& options)
    : desc_(std::move(desc)),
      options_(options),
      codec_(ToFormatCodec(options.compression)),
      stats_(desc_.field.type),
      page_stats_(desc_.field.type) {
  Reset();
}

void ColumnChunkWriter::Reset() {
  def_levels_.clear();
  plain_.clear();
  dict_ids_.clear();
  page_rows_ = 0;
  use_dictionary_ = options_.dictionary && desc_.physical == format::Type::kByteArray;
  dict_index_.clear();
  dict_plain_.clear();
  last_dict_value_.reset();
  data_pages_.clear();
  dictionary_page_.clear();
  uncompressed_bytes_ = 0;
  num_values_ = 0;
  encodings_.clear();
  stats_ = StatisticsAccumulator(desc_.field.type);
  page_stats_ = StatisticsAccumulator(desc_.field.type);
  page_locations_ = format::OffsetIndex();
  page_statistics_.clear();
  page_format_statistics_.clear();
  page_row_counts_.clear();
}

Status ColumnChunkWriter::Append(const Column& col, int64_t offset, int64_t length) {
  if (!desc_.field.nullable && col.HasNulls() &&
      bit_util::CountSetBits(col.validity_bits(), col.offset() + offset, length) != length) {
    return Status::Error(ErrorCode::kNotNullViolation,
                         "column \"" + desc_.field.name + "\" is NOT NULL but a NULL was written");
  }
  for (int64_t start = offset, n = 0; start < offset + length; start += n) {
    n = std::min(kAppendStep, offset + length - start);
    // A page ends at page_rows rows at the latest, so page statistics stay
    // selective (the page index prunes inside a row group).
    if (options_.page_rows > 0)
      n = std::max<int64_t>(1, std::min(n, options_.page_rows - page_rows_));
    // A dictionary-encoded column folds its statistics in AppendValues, once
    // per run of equal values.
    const bool stats_by_run = use_dictionary_;
    COPRA_RETURN_NOT_OK(AppendValues(col, start, n));
    if (!stats_by_run) page_stats_.Update(col, start, n);
    if (use_dictionary_ && dict_plain_.size() > kMaxDictionaryBytes) {
      COPRA_RETURN_NOT_OK(FlushPage());
      use_dictionary_ = false;
    }
    int64_t estimate =
        static_cast<int64_t>(plain_.size() + dict_ids_.size() * 2 + def_levels_.size() / 8);
    if (estimate >= options_.page_bytes ||
        (options_.page_rows > 0 && page_rows_ >= options_.page_rows)) {
      COPRA_RETURN_NOT_OK(FlushPage());
    }
  }
  return Status::OK();
}

Status ColumnChunkWriter::AppendValues(const Column& col, int64_t offset, int64_t length) {
  if (desc_.max_def_level > 0) {
    if (!col.HasNulls()) {
      def_levels_.insert(def_levels_.end(), static_cast<size_t>(length), 1u);
    } else {
      for (int64_t i = offset; i < offset + length; ++i) {
        def_levels_.push_back(col.IsValid(i) ? 1u : 0u);
      }
    }
  }
  page_rows_ += length;
  const bool nulls = col.HasNulls();
  switch (desc_.field.type.id()) {
    case TypeId::kBoolean:
      for (int64_t i = offset; i < offset + length; ++i) {
        if (!nulls || col.IsValid(i)) plain_.push_back(col.GetBool(i) ? 1 : 0);
      }
      return Status::OK();
    case TypeId::kInt8:
      AppendFixed<int32_t, int8_t>(col, offset, length, &plain_, [](int8_t v) { return v; });
      return Status::OK();
    case TypeId::kInt16:
      AppendFixed<int32_t, int16_t>(col, offset, length, &plain_, [](int16_t v) { return v; });
      return Status::OK();
    case TypeId::kUInt8:
      AppendFixed<int32_t, uint8_t>(col, offset, length, &plain_, [](uint8_t v) { return v; });
      return Status::OK();
    case TypeId::kUInt16:
      AppendFixed<int32_t, uint16_t>(col, offset, length, &plain_, [](uint16_t v) { return v; });
      return Status::OK();
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kDate:
    case TypeId::kFloat32:
      AppendFixed<int32_t, int32_t>(col, offset, length, &plain_, [](int32_t v) { return v; });
      return Status::OK();
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
      if (!nulls) {  // the column's bytes are PLAIN already
        plain_.append(reinterpret_cast<const char*>(col.data<int64_t>() + offset),
                      static_cast<size_t>(length) * sizeof(int64_t));
        return Status::OK();
      }
      AppendFixed<int64_t, int64_t>(col, offset, length, &plain_, [](int64_t v) { return v; });
      return Status::OK();
    case TypeId::kTimestamp: {
      if (desc_.conversion != Conversion::kInt64Div1000) {
        AppendFixed<int64_t, int64_t>(col, offset, length, &plain_, [](int64_t v) { return v; });
        return Status::OK();
      }
      bool overflow = false;
      AppendFixed<int64_t, int64_t>(col, offset, length, &plain_, [&](int64_t v) {
        int64_t r;
        if (__builtin_mul_overflow(v, int64_t{1000}, &r)) overflow = true;
        return r;
      });
      if (overflow) {
        return Status::Error(ErrorCode::kNumericOverflow,
                             "column \"" + desc_.field.name +
                                 "\": TIMESTAMP(0) value out of the range Parquet can store");
      }
      return Status::OK();
    }
    case TypeId::kInterval: {
      const Interval* v = col.data<Interval>();
      for (int64_t i = offset; i < offset + length; ++i) {
        if (nulls && col.IsNull(i)) continue;
        if (v[i].nanos % 1000000 != 0 || v[i].nanos / 1000000 > INT32_MAX ||
            v[i].nanos / 1000000 < INT32_MIN) {
          return Status::NotSupported(
              "column \"" + desc_.field.name +
              "\": Parquet stores INTERVAL in whole milliseconds (up to 24 days of time part)");
        }
        PutLe32(&plain_, static_cast<uint32_t>(v[i].months));
        PutLe32(&plain_, static_cast<uint32_t>(v[i].days));
        PutLe32(&plain_, static_cast<uint32_t>(static_cast<int32_t>(v[i].nanos / 1000000)));
      }
      return Status::OK();
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      for (int64_t i = offset; i < offset + length; ++i) {
        if (nulls && col.IsNull(i)) {
          if (use_dictionary_) page_stats_.AddNulls(1);
          continue;
        }
        std::string_view s = col.GetString(i);
        if (use_dictionary_) {
          if (last_dict_value_ && *last_dict_value_ == s) {
            dict_ids_.push_back(last_dict_id_);
            continue;
          }
          page_stats_.AddString(s);
          auto it = dict_index_.find(s);
          if (it == dict_index_.end()) {
            it = dict_index_.emplace(std::string(s), static_cast<uint32_t>(dict_index_.size()))
                     .first;
            PutLe32(&dict_plain_, static_cast<uint32_t>(s.size()));
            dict_plain_.append(s);
          }
          last_dict_value_ = std::string_view(it->first);
          last_dict_id_ = it->second;
          dict_ids_.push_back(it->second);
        } else {
          PutLe32(&plain_, static_cast<uint32_t>(s.size()));
          plain_.append(s);
        }
      }
      return Status::OK();
    }
    case TypeId::kNull: break;
  }
  return Status::NotSupported("cannot write type " + desc_.field.type.ToString() + " to Parquet");
}

Status ColumnChunkWriter::WritePage(format::PageHeader header, const std::string& body,
                                    bool is_dictionary) {
  if (body.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::NotSupported("column \"" + desc_.field.name +
                                "\": a Parquet page cannot exceed 2 GiB");
  }
  scratch_.clear();
  COPRA_RETURN_NOT_OK(
      Compress(codec_, reinterpret_cast<const uint8_t*>(body.data()), body.size(), &scratch_));
  if (scratch_.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::NotSupported("column \"" + desc_.field.name +
                                "\": a Parquet page cannot exceed 2 GiB");
  }
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(scratch_.size());
  std::string h = format::EncodePageHeader(header);
  std::string& dst = is_dictionary ? dictionary_page_ : data_pages_;
  dst += h;
  dst += scratch_;
  uncompressed_bytes_ += static_cast<int64_t>(h.size() + body.size());
  return Status::OK();
}

Status ColumnChunkWriter::FlushPage() {
  if (page_rows_ == 0) return Status::OK();
  if (page_rows_ > INT32_MAX) return Status::Internal("too many rows in one Parquet page");
  std::string body;
  if (desc_.max_def_level > 0) {
    scratch_.clear();
    EncodeRleHybrid(def_levels_.data(), static_cast<int64_t>(def_levels_.size()), 1, &scratch_);
    PutLe32(&body, static_cast<uint32_t>(scratch_.size()));
    body += scratch_;
    AddEncoding(&encodings_, format::Encoding::kRle);
  }
  format::Encoding encoding = format::Encoding::kPlain;
  if (use_dictionary_ && !dict_index_.empty()) {
    encoding = format::Encoding::kRleDictionary;
    int width = std::max(1, BitWidth(dict_index_.size() - 1));
    body.push_back(static_cast<char>(width));
    EncodeRleHybrid(dict_ids_.data(), static_cast<int64_t>(dict_ids_.size()), width, &body);
  } else if (desc_.physical == format::Type::kBoolean) {
    std::string bits((plain_.size() + 7) / 8, '\0');
    for (size_t i = 0; i < plain_.size(); ++i) {
      if (plain_[i]) bits[i >> 3] = static_cast<char>(bits[i >> 3] | (1 << (i & 7)));
    }
    body += bits;
  } else if (desc_.physical == format::Type::kInt64 && options_.delta_timestamps &&
             !desc_.field.type.IsFloat() && plain_.size() >= 16) {
    std::vector<int64_t> values(plain_.size() / 8);
    std::memcpy(values.data(), plain_.data(), plain_.size());
    scratch_.clear();
    EncodeDeltaBinaryPacked(values.data(), static_cast<int64_t>(values.size()), &scratch_);
    if (scratch_.size() < plain_.size()) {
      encoding = format::Encoding::kDeltaBinaryPacked;
      body += scratch_;
    } else {
      body += plain_;
    }
  } else {
    body += plain_;
  }
  AddEncoding(&encodings_,
              encoding == format::Encoding::kRleDictionary ? format::Encoding::kPlain : encoding);
  AddEncoding(&encodings_, encoding);
  format::PageHeader header;
  header.type = format::PageType::kDataPage;
  auto& dp = header.data_page_header.emplace();
  dp.num_values = static_cast<int32_t>(page_rows_);
  dp.encoding = encoding;
  dp.definition_level_encoding = format::Encoding::kRle;
  dp.repetition_level_encoding = format::Encoding::kRle;
  ColumnStatistics page_stats = page_stats_.Get();
  dp.statistics = ToFormatStatistics(desc_, page_stats);
  page_statistics_.push_back(page_stats);
  page_format_statistics_.push_back(*dp.statistics);
  page_row_counts_.push_back(page_rows_);
  stats_.Merge(page_stats_);
  page_stats_ = StatisticsAccumulator(desc_.field.type);
  format::PageLocation location;
  location.offset = static_cast<int64_t>(data_pages_.size());
  location.first_row_index = num_values_;
  COPRA_RETURN_NOT_OK(WritePage(std::move(header), body, /*is_dictionary=*/false));
  location.compressed_page_size =
      static_cast<int32_t>(static_cast<int64_t>(data_pages_.size()) - location.offset);
  page_locations_.page_locations.push_back(location);
  num_values_ += page_rows_;
  page_rows_ = 0;
  def_levels_.clear();
  plain_.clear();
  dict_ids_.clear();
  last_dict_value_.reset();  // the next page's statistics start afresh
  return Status::OK();
}

std::optional<format::ColumnIndex> ColumnChunkWriter::BuildColumnIndex() const {
  format::ColumnIndex index;
  bool ascending = true, descending = true;
  const ColumnStatistics* prev = nullptr;
  for (size_t i = 0; i < page_statistics_.size(); ++i) {
    const ColumnStatistics& s = page_statistics_[i];
    const format::Statistics& f = page_format_statistics_[i];
    const bool null_page = s.null_count == page_row_counts_[i];
    index.null_pages.push_back(null_page);
    index.null_counts.push_back(s.null_count);
    if (null_page) {
      index.min_values.emplace_back();
      index.max_values.emplace_back();
      continue;
    }
    // A page with values but no bounds (long strings, all NaN, INTERVAL):
    // no column index for this chunk.
    if (!f.min_value || !f.max_value) return std::nullopt;
    index.min_values.push_back(*f.min_value);
    index.max_values.push_back(*f.max_value);
    if (prev != nullptr) {
      if (s.min->Compare(*prev->min) < 0 || s.max->Compare(*prev->max) < 0) ascending = false;
      if (s.min->Compare(*prev->min) > 0 || s.max->Compare(*prev->max) > 0) descending = false;
    }
    prev = &s;
  }
  if (index.null_pages.empty()) return std::nullopt;
  index.boundary_order = ascending ? 1 : (descending ? 2 : 0);
  return index;
}

Result<FinishedChunk> ColumnChunkWriter::Finish() {
  COPRA_RETURN_NOT_OK(FlushPage());
  if (!dict_index_.empty()) {
    format::PageHeader header;
    header.type = format::PageType::kDictionaryPage;
    auto& dp = header.dictionary_page_header.emplace();
    dp.num_values = static_cast<int32_t>(dict_index_.size());
    dp.encoding = format::Encoding::kPlain;
    COPRA_RETURN_NOT_OK(WritePage(std::move(header), dict_plain_, /*is_dictionary=*/true));
  }
  FinishedChunk out;
  out.statistics = stats_.Get();
  auto& m = out.meta;
  m.type = desc_.physical;
  m.encodings = encodings_;
  if (m.encodings.empty()) m.encodings.push_back(format::Encoding::kPlain);
  m.path_in_schema = {desc_.field.name};
  m.codec = codec_;
  m.num_values = num_values_;
  m.total_uncompressed_size = uncompressed_bytes_;
  if (!dictionary_page_.empty()) m.dictionary_page_offset = 0;
  m.data_page_offset = static_cast<int64_t>(dictionary_page_.size());
  m.statistics = ToFormatStatistics(desc_, out.statistics);
  out.offset_index = page_locations_;
  for (auto& loc : out.offset_index.page_locations) {
    loc.offset += static_cast<int64_t>(dictionary_page_.size());
  }
  out.column_index = BuildColumnIndex();
  if (dictionary_page_.empty()) {
    out.bytes = std::move(data_pages_);
  } else {
    out.bytes = std::move(dictionary_page_);
    out.bytes += data_pages_;
  }
  m.total_compressed_size = static_cast<int64_t>(out.bytes.size());
  out.uncompressed_bytes = uncompressed_bytes_;
  Reset();
  return out;
}

}  // namespace copra::parquet
