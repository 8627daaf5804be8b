#include "storage/parquet/file_writer.h"

#include <algorithm>

#include "common/parallel_for.h"
#include "storage/parquet/column_chunk_writer.h"
#include "storage/parquet/file_io.h"
#include "storage/parquet/format.h"
#include "storage/parquet/type_mapping.h"

namespace copra::parquet {
namespace {
constexpr char kMagic[4] = {'P', 'A', 'R', '1'};
}

FileWriter::FileWriter(std::string path, SchemaPtr schema, WriterOptions options)
    : path_(std::move(path)), schema_(std::move(schema)), options_(std::move(options)) {}

FileWriter::~FileWriter() = default;

Result<std::unique_ptr<FileWriter>> FileWriter::Open(const std::string& path, SchemaPtr schema,
                                                     WriterOptions options) {
  if (!schema) return Status::InvalidArgument("Parquet writer needs a schema");
  if (options.row_group_rows <= 0) options.row_group_rows = 1;
  if (options.page_bytes <= 0) options.page_bytes = 1;
  std::unique_ptr<FileWriter> w(new FileWriter(path, schema, std::move(options)));
  for (const Field& f : schema->fields()) {
    COPRA_ASSIGN_OR_RETURN(ColumnDescriptor d, DescribeForWrite(f));
    w->columns_.push_back(std::make_unique<ColumnChunkWriter>(std::move(d), w->options_));
  }
  const int threads =
      std::min<int>(w->options_.encode_threads, static_cast<int>(w->columns_.size()));
  if (threads > 1) w->encoders_ = std::make_unique<ParallelFor>(threads);
  COPRA_ASSIGN_OR_RETURN(w->file_, OutputFile::Create(path));
  COPRA_RETURN_NOT_OK(w->file_->Append(kMagic, 4));
  return w;
}

Status FileWriter::Write(const Batch& batch) {
  if (closed_) return Status::Internal("Parquet writer used after Close()");
  if (!failed_.ok()) return failed_;
  if (batch.num_columns() != columns_.size()) {
    return Status::TypeMismatch("batch has " + std::to_string(batch.num_columns()) +
                                " columns, the Parquet file " + std::to_string(columns_.size()));
  }
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (batch.column(c)->type() != schema_->field(c).type) {
      return Status::TypeMismatch("column \"" + schema_->field(c).name + "\" is " +
                                  schema_->field(c).type.ToString() + " but the batch has " +
                                  batch.column(c)->type().ToString());
    }
  }
  int64_t offset = 0;
  const int64_t rows = batch.num_rows();
  while (offset < rows) {
    const int64_t n = std::min(rows - offset, options_.row_group_rows - rows_in_group_);
    const bool completes = rows_in_group_ + n >= options_.row_group_rows;
    std::vector<FinishedChunk> chunks;
    Status st = EncodeColumns(&batch, offset, n, completes, &chunks);
    if (st.ok()) {
      rows_in_group_ += n;
      offset += n;
      if (completes) st = WriteRowGroup(std::move(chunks));
    }
    if (!st.ok()) {
      failed_ = st;
      return st;
    }
  }
  return Status::OK();
}

Status FileWriter::EncodeColumns(const Batch* batch, int64_t offset, int64_t n, bool finish,
                                 std::vector<FinishedChunk>* chunks) {
  const int count = static_cast<int>(columns_.size());
  std::vector<Status> errors(columns_.size());
  if (finish) chunks->resize(columns_.size());
  auto encode = [&](int c) {
    ColumnChunkWriter& column = *columns_[static_cast<size_t>(c)];
    Status& error = errors[static_cast<size_t>(c)];
    if (batch != nullptr && n > 0)
      error = column.Append(*batch->column(static_cast<size_t>(c)), offset, n);
    if (!error.ok() || !finish) return;
    Result<FinishedChunk> chunk = column.Finish();
    if (chunk.ok()) {
      (*chunks)[static_cast<size_t>(c)] = std::move(*chunk);
    } else {
      error = chunk.status();
    }
  };
  RunTasks(encoders_.get(), count, encode);
  for (Status& error : errors) {
    if (!error.ok()) return error;
  }
  return Status::OK();
}

Status FileWriter::FlushRowGroup() {
  if (rows_in_group_ == 0) return Status::OK();
  std::vector<FinishedChunk> chunks;
  COPRA_RETURN_NOT_OK(EncodeColumns(nullptr, 0, 0, true, &chunks));
  return WriteRowGroup(std::move(chunks));
}

Status FileWriter::WriteRowGroup(std::vector<FinishedChunk> chunks) {
  auto group = std::make_unique<format::RowGroup>();
  group->num_rows = rows_in_group_;
  group->file_offset = file_->position();
  group->ordinal = static_cast<int16_t>(std::min<size_t>(row_groups_.size(), INT16_MAX));
  RowGroupInfo info;
  info.num_rows = rows_in_group_;
  int64_t compressed = 0;
  std::vector<PageIndex> indexes;
  for (FinishedChunk& chunk : chunks) {
    const int64_t start = file_->position();
    COPRA_RETURN_NOT_OK(file_->Append(chunk.bytes));
    format::ColumnChunk cc;
    cc.meta_data = std::move(chunk.meta);
    auto& m = *cc.meta_data;
    m.data_page_offset += start;
    if (m.dictionary_page_offset) *m.dictionary_page_offset += start;
    cc.file_offset = 0;  // deprecated; 0 = no ColumnMetaData outside the footer
    PageIndex index;
    for (auto& loc : chunk.offset_index.page_locations) loc.offset += start;
    index.offset_index = format::EncodeOffsetIndex(chunk.offset_index);
    if (chunk.column_index) index.column_index = format::EncodeColumnIndex(*chunk.column_index);
    indexes.push_back(std::move(index));
    group->total_byte_size += chunk.uncompressed_bytes;
    compressed += m.total_compressed_size;
    group->columns.push_back(std::move(cc));
    info.columns.push_back(std::move(chunk.statistics));
  }
  group->total_compressed_size = compressed;
  info.total_byte_size = group->total_byte_size;
  info_.num_rows += rows_in_group_;
  info_.row_groups.push_back(std::move(info));
  row_groups_.push_back(std::move(group));
  page_indexes_.push_back(std::move(indexes));
  rows_in_group_ = 0;
  return Status::OK();
}

Result<FileInfo> FileWriter::Close() {
  if (closed_) return Status::Internal("Parquet writer closed twice");
  if (!failed_.ok()) return failed_;
  closed_ = true;
  COPRA_RETURN_NOT_OK(FlushRowGroup());
  // Page index: all column indexes, then all offset indexes.
  if (!options_.page_index) page_indexes_.clear();
  for (size_t g = 0; g < page_indexes_.size(); ++g) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      const auto& ci = page_indexes_[g][c].column_index;
      if (!ci) continue;
      row_groups_[g]->columns[c].column_index_offset = file_->position();
      row_groups_[g]->columns[c].column_index_length = static_cast<int32_t>(ci->size());
      COPRA_RETURN_NOT_OK(file_->Append(*ci));
    }
  }
  for (size_t g = 0; g < page_indexes_.size(); ++g) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      const std::string& oi = page_indexes_[g][c].offset_index;
      row_groups_[g]->columns[c].offset_index_offset = file_->position();
      row_groups_[g]->columns[c].offset_index_length = static_cast<int32_t>(oi.size());
      COPRA_RETURN_NOT_OK(file_->Append(oi));
    }
  }
  format::FileMetaData meta;
  meta.version = 1;
  format::SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(schema_->num_fields());
  meta.schema.push_back(root);
  std::string second_columns;
  for (size_t c = 0; c < schema_->num_fields(); ++c) {
    COPRA_ASSIGN_OR_RETURN(ColumnDescriptor d, DescribeForWrite(schema_->field(c)));
    meta.schema.push_back(ToSchemaElement(d));
    if (d.conversion == Conversion::kInt64Div1000) {
      if (!second_columns.empty()) second_columns += ',';
      second_columns += std::to_string(c);
    }
  }
  meta.num_rows = info_.num_rows;
  for (auto& g : row_groups_) meta.row_groups.push_back(std::move(*g));
  for (const auto& [k, v] : options_.key_value_metadata) meta.key_value_metadata.push_back({k, v});
  if (!second_columns.empty())
    meta.key_value_metadata.push_back({kSecondColumnsKey, second_columns});
  meta.created_by = std::string("copra version ") + COPRA_VERSION;
  meta.num_type_ordered_columns = static_cast<int32_t>(schema_->num_fields());
  std::string footer = format::EncodeFileMetaData(meta);
  COPRA_RETURN_NOT_OK(file_->Append(footer));
  uint32_t len = static_cast<uint32_t>(footer.size());
  char tail[8];
  for (int i = 0; i < 4; ++i) tail[i] = static_cast<char>((len >> (8 * i)) & 0xFF);
  std::copy(kMagic, kMagic + 4, tail + 4);
  COPRA_RETURN_NOT_OK(file_->Append(tail, 8));
  info_.file_bytes = file_->position();
  COPRA_RETURN_NOT_OK(file_->Close());
  return info_;
}

}  // namespace copra::parquet
