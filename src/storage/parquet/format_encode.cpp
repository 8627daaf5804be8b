// Thrift compact encoding of the Parquet structures Copra writes.
#include "storage/parquet/format.h"
#include "storage/parquet/thrift_compact.h"

namespace copra::parquet::format {
namespace {

void WriteLogicalType(CompactWriter& w, const LogicalType& t) {
  w.FieldStructBegin(10);
  w.FieldStructBegin(static_cast<int16_t>(t.kind));
  switch (t.kind) {
    case LogicalType::kTimestamp:
    case LogicalType::kTime:
      w.FieldBool(1, t.is_adjusted_to_utc);
      w.FieldStructBegin(2);  // TimeUnit union
      w.FieldEmptyStruct(static_cast<int16_t>(t.time_unit));
      w.StructEnd();
      break;
    case LogicalType::kInteger:
      w.FieldByte(1, static_cast<int8_t>(t.bit_width));
      w.FieldBool(2, t.is_signed);
      break;
    case LogicalType::kDecimal:
      w.FieldI32(1, t.scale);
      w.FieldI32(2, t.precision);
      break;
    default: break;
  }
  w.StructEnd();
  w.StructEnd();
}

void WriteSchemaElement(CompactWriter& w, const SchemaElement& e) {
  w.ListStructBegin();
  if (e.type) w.FieldI32(1, static_cast<int32_t>(*e.type));
  if (e.type_length) w.FieldI32(2, *e.type_length);
  if (e.repetition) w.FieldI32(3, static_cast<int32_t>(*e.repetition));
  w.FieldBinary(4, e.name);
  if (e.num_children) w.FieldI32(5, *e.num_children);
  if (e.converted_type) w.FieldI32(6, static_cast<int32_t>(*e.converted_type));
  if (e.scale) w.FieldI32(7, *e.scale);
  if (e.precision) w.FieldI32(8, *e.precision);
  if (e.logical_type.kind != LogicalType::kNone) WriteLogicalType(w, e.logical_type);
  w.StructEnd();
}

void WriteStatistics(CompactWriter& w, int16_t id, const Statistics& s) {
  w.FieldStructBegin(id);
  if (s.max) w.FieldBinary(1, *s.max);
  if (s.min) w.FieldBinary(2, *s.min);
  if (s.null_count) w.FieldI64(3, *s.null_count);
  if (s.max_value) w.FieldBinary(5, *s.max_value);
  if (s.min_value) w.FieldBinary(6, *s.min_value);
  w.StructEnd();
}

void WriteColumnMetaData(CompactWriter& w, const ColumnMetaData& m) {
  w.FieldStructBegin(3);
  w.FieldI32(1, static_cast<int32_t>(m.type));
  w.FieldListBegin(2, ThriftType::kI32, static_cast<int64_t>(m.encodings.size()));
  for (Encoding e : m.encodings) w.I32(static_cast<int32_t>(e));
  w.FieldListBegin(3, ThriftType::kBinary, static_cast<int64_t>(m.path_in_schema.size()));
  for (const auto& p : m.path_in_schema) w.Binary(p);
  w.FieldI32(4, static_cast<int32_t>(m.codec));
  w.FieldI64(5, m.num_values);
  w.FieldI64(6, m.total_uncompressed_size);
  w.FieldI64(7, m.total_compressed_size);
  w.FieldI64(9, m.data_page_offset);
  if (m.dictionary_page_offset) w.FieldI64(11, *m.dictionary_page_offset);
  if (m.statistics) WriteStatistics(w, 12, *m.statistics);
  w.StructEnd();
}

void WriteColumnChunk(CompactWriter& w, const ColumnChunk& c) {
  w.ListStructBegin();
  w.FieldI64(2, c.file_offset);
  if (c.meta_data) WriteColumnMetaData(w, *c.meta_data);
  if (c.offset_index_offset) w.FieldI64(4, *c.offset_index_offset);
  if (c.offset_index_length) w.FieldI32(5, *c.offset_index_length);
  if (c.column_index_offset) w.FieldI64(6, *c.column_index_offset);
  if (c.column_index_length) w.FieldI32(7, *c.column_index_length);
  w.StructEnd();
}

void WriteRowGroup(CompactWriter& w, const RowGroup& g) {
  w.ListStructBegin();
  w.FieldListBegin(1, ThriftType::kStruct, static_cast<int64_t>(g.columns.size()));
  for (const auto& c : g.columns) WriteColumnChunk(w, c);
  w.FieldI64(2, g.total_byte_size);
  w.FieldI64(3, g.num_rows);
  if (g.file_offset) w.FieldI64(5, *g.file_offset);
  if (g.total_compressed_size) w.FieldI64(6, *g.total_compressed_size);
  if (g.ordinal) w.FieldI32(7, *g.ordinal);  // i16: zigzag varint like i32
  w.StructEnd();
}

}  // namespace

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN";
}

const char* CodecName(Codec c) {
  switch (c) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "UNKNOWN";
}

std::string EncodeFileMetaData(const FileMetaData& m) {
  CompactWriter w;
  w.FieldI32(1, m.version);
  w.FieldListBegin(2, ThriftType::kStruct, static_cast<int64_t>(m.schema.size()));
  for (const auto& e : m.schema) WriteSchemaElement(w, e);
  w.FieldI64(3, m.num_rows);
  w.FieldListBegin(4, ThriftType::kStruct, static_cast<int64_t>(m.row_groups.size()));
  for (const auto& g : m.row_groups) WriteRowGroup(w, g);
  if (!m.key_value_metadata.empty()) {
    w.FieldListBegin(5, ThriftType::kStruct, static_cast<int64_t>(m.key_value_metadata.size()));
    for (const auto& kv : m.key_value_metadata) {
      w.ListStructBegin();
      w.FieldBinary(1, kv.key);
      w.FieldBinary(2, kv.value);
      w.StructEnd();
    }
  }
  if (!m.created_by.empty()) w.FieldBinary(6, m.created_by);
  if (m.num_type_ordered_columns > 0) {
    w.FieldListBegin(7, ThriftType::kStruct, m.num_type_ordered_columns);
    for (int32_t i = 0; i < m.num_type_ordered_columns; ++i) {
      w.ListStructBegin();
      w.FieldEmptyStruct(1);  // TYPE_ORDER
      w.StructEnd();
    }
  }
  w.StructEnd();
  return w.Take();
}

std::string EncodePageHeader(const PageHeader& h) {
  CompactWriter w;
  w.FieldI32(1, static_cast<int32_t>(h.type));
  w.FieldI32(2, h.uncompressed_page_size);
  w.FieldI32(3, h.compressed_page_size);
  if (h.data_page_header) {
    const auto& d = *h.data_page_header;
    w.FieldStructBegin(5);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    w.FieldI32(3, static_cast<int32_t>(d.definition_level_encoding));
    w.FieldI32(4, static_cast<int32_t>(d.repetition_level_encoding));
    if (d.statistics) WriteStatistics(w, 5, *d.statistics);
    w.StructEnd();
  }
  if (h.dictionary_page_header) {
    const auto& d = *h.dictionary_page_header;
    w.FieldStructBegin(7);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    if (d.is_sorted) w.FieldBool(3, true);
    w.StructEnd();
  }
  if (h.data_page_header_v2) {
    const auto& d = *h.data_page_header_v2;
    w.FieldStructBegin(8);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, d.num_nulls);
    w.FieldI32(3, d.num_rows);
    w.FieldI32(4, static_cast<int32_t>(d.encoding));
    w.FieldI32(5, d.definition_levels_byte_length);
    w.FieldI32(6, d.repetition_levels_byte_length);
    w.FieldBool(7, d.is_compressed);
    w.StructEnd();
  }
  w.StructEnd();
  return w.Take();
}

std::string EncodeOffsetIndex(const OffsetIndex& o) {
  CompactWriter w;
  w.FieldListBegin(1, ThriftType::kStruct, static_cast<int64_t>(o.page_locations.size()));
  for (const auto& p : o.page_locations) {
    w.ListStructBegin();
    w.FieldI64(1, p.offset);
    w.FieldI32(2, p.compressed_page_size);
    w.FieldI64(3, p.first_row_index);
    w.StructEnd();
  }
  w.StructEnd();
  return w.Take();
}

std::string EncodeColumnIndex(const ColumnIndex& c) {
  CompactWriter w;
  w.FieldListBegin(1, ThriftType::kTrue, static_cast<int64_t>(c.null_pages.size()));
  for (bool b : c.null_pages) w.Bool(b);
  w.FieldListBegin(2, ThriftType::kBinary, static_cast<int64_t>(c.min_values.size()));
  for (const auto& v : c.min_values) w.Binary(v);
  w.FieldListBegin(3, ThriftType::kBinary, static_cast<int64_t>(c.max_values.size()));
  for (const auto& v : c.max_values) w.Binary(v);
  w.FieldI32(4, c.boundary_order);
  w.FieldListBegin(5, ThriftType::kI64, static_cast<int64_t>(c.null_counts.size()));
  for (int64_t n : c.null_counts) w.I64(n);
  w.StructEnd();
  return w.Take();
}

}  // namespace copra::parquet::format
