#include "vector/arrow_c_data.h"

#include <fmt/format.h>

#include <memory>
#include <vector>

namespace copra {

std::string TypeToArrowFormat(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kNull: return "n";
    case TypeId::kBoolean: return "b";
    case TypeId::kInt8: return "c";
    case TypeId::kInt16: return "s";
    case TypeId::kInt32: return "i";
    case TypeId::kInt64: return "l";
    case TypeId::kUInt8: return "C";
    case TypeId::kUInt16: return "S";
    case TypeId::kUInt32: return "I";
    case TypeId::kUInt64: return "L";
    case TypeId::kFloat32: return "f";
    case TypeId::kFloat64: return "g";
    case TypeId::kString: return "u";
    case TypeId::kBinary: return "z";
    case TypeId::kDate: return "tdD";
    case TypeId::kInterval: return "tin";
    case TypeId::kTimestamp:
      switch (type.unit()) {
        case TimeUnit::kSecond: return "tss:";
        case TimeUnit::kMillisecond: return "tsm:";
        case TimeUnit::kMicrosecond: return "tsu:";
        case TimeUnit::kNanosecond: return "tsn:";
      }
  }
  return "n";
}

Result<LogicalType> ArrowFormatToType(std::string_view f) {
  if (f.size() == 1) {
    switch (f[0]) {
      case 'n': return LogicalType::Null();
      case 'b': return LogicalType::Boolean();
      case 'c': return LogicalType::Int8();
      case 's': return LogicalType::Int16();
      case 'i': return LogicalType::Int32();
      case 'l': return LogicalType::Int64();
      case 'C': return LogicalType::UInt8();
      case 'S': return LogicalType::UInt16();
      case 'I': return LogicalType::UInt32();
      case 'L': return LogicalType::UInt64();
      case 'f': return LogicalType::Float32();
      case 'g': return LogicalType::Float64();
      case 'u': return LogicalType::String();
      case 'z': return LogicalType::Binary();
      default: break;
    }
  }
  if (f == "tdD") return LogicalType::Date();
  if (f == "tin") return LogicalType::Interval();
  // "ts?:" followed by an optional time zone; Arrow timestamps are UTC
  // instants whatever the zone says, so the zone is ignored.
  if (f.size() >= 4 && f.substr(0, 2) == "ts" && f[3] == ':') {
    switch (f[2]) {
      case 's': return LogicalType::Timestamp(TimeUnit::kSecond);
      case 'm': return LogicalType::Timestamp(TimeUnit::kMillisecond);
      case 'u': return LogicalType::Timestamp(TimeUnit::kMicrosecond);
      case 'n': return LogicalType::Timestamp(TimeUnit::kNanosecond);
      default: break;
    }
  }
  return Status::NotSupported(fmt::format("unsupported Arrow format \"{}\"", f));
}

// ---------------------------------------------------------------------------
// Export

namespace {

struct ExportedArray {
  ColumnPtr column;  // keeps the exported buffers alive
  BatchPtr batch;
  const void* buffers[3] = {nullptr, nullptr, nullptr};
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_ptrs;
};

struct ExportedSchema {
  std::string format;
  std::string name;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_ptrs;
};

// A parent releases the children the consumer has not moved away.
void ReleaseArray(ArrowArray* a) {
  if (a == nullptr || a->release == nullptr) return;
  for (int64_t i = 0; i < a->n_children; ++i) {
    ArrowArray* child = a->children[i];
    if (child->release != nullptr) child->release(child);
  }
  delete static_cast<ExportedArray*>(a->private_data);
  a->release = nullptr;
  a->private_data = nullptr;
}

void ReleaseSchema(ArrowSchema* s) {
  if (s == nullptr || s->release == nullptr) return;
  for (int64_t i = 0; i < s->n_children; ++i) {
    ArrowSchema* child = s->children[i];
    if (child->release != nullptr) child->release(child);
  }
  delete static_cast<ExportedSchema*>(s->private_data);
  s->release = nullptr;
  s->private_data = nullptr;
}

void FillSchema(const LogicalType& type, const std::string& name, bool nullable,
                ArrowSchema* out) {
  auto* priv = new ExportedSchema{TypeToArrowFormat(type), name, {}, {}};
  *out = ArrowSchema{};
  out->format = priv->format.c_str();
  out->name = priv->name.c_str();
  out->metadata = nullptr;
  out->flags = nullable ? ARROW_FLAG_NULLABLE : 0;
  out->n_children = 0;
  out->children = nullptr;
  out->dictionary = nullptr;
  out->release = ReleaseSchema;
  out->private_data = priv;
}

void FillStructSchema(const Schema& schema, ArrowSchema* out) {
  auto* priv = new ExportedSchema{"+s", "", {}, {}};
  priv->children.resize(schema.num_fields());
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const Field& f = schema.field(i);
    FillSchema(f.type, f.name, f.nullable, &priv->children[i]);
    priv->child_ptrs.push_back(&priv->children[i]);
  }
  *out = ArrowSchema{};
  out->format = priv->format.c_str();
  out->name = priv->name.c_str();
  out->metadata = nullptr;
  out->flags = 0;
  out->n_children = static_cast<int64_t>(schema.num_fields());
  out->children = priv->child_ptrs.data();
  out->dictionary = nullptr;
  out->release = ReleaseSchema;
  out->private_data = priv;
}

void FillColumnArray(const ColumnPtr& col, ArrowArray* out) {
  auto* priv = new ExportedArray();
  priv->column = col;
  *out = ArrowArray{};
  out->length = col->length();
  out->offset = col->offset();
  out->n_children = 0;
  out->children = nullptr;
  out->dictionary = nullptr;
  out->buffers = priv->buffers;
  out->release = ReleaseArray;
  out->private_data = priv;
  if (col->type().IsNull()) {
    out->n_buffers = 0;
    out->null_count = col->length();
    return;
  }
  out->null_count = col->null_count();
  priv->buffers[0] = col->validity_buffer() ? col->validity_buffer()->data() : nullptr;
  priv->buffers[1] = col->values_buffer()->data();
  if (col->type().IsVarWidth()) {
    priv->buffers[2] = col->data_buffer()->data();
    out->n_buffers = 3;
  } else {
    out->n_buffers = 2;
  }
}

}  // namespace

Status ExportColumn(const ColumnPtr& column, const std::string& name, bool nullable,
                    ArrowArray* out, ArrowSchema* schema_out) {
  if (column == nullptr) return Status::InvalidArgument("ExportColumn: null column");
  if (out != nullptr) FillColumnArray(column, out);
  if (schema_out != nullptr) FillSchema(column->type(), name, nullable, schema_out);
  return Status::OK();
}

Status ExportSchema(const Schema& schema, ArrowSchema* schema_out) {
  FillStructSchema(schema, schema_out);
  return Status::OK();
}

Status ExportBatch(const BatchPtr& batch, ArrowArray* out, ArrowSchema* schema_out) {
  if (batch == nullptr) return Status::InvalidArgument("ExportBatch: null batch");
  if (out != nullptr) {
    auto* priv = new ExportedArray();
    priv->batch = batch;
    size_t n = batch->num_columns();
    priv->children.resize(n);
    for (size_t i = 0; i < n; ++i) {
      FillColumnArray(batch->column(i), &priv->children[i]);
      priv->child_ptrs.push_back(&priv->children[i]);
    }
    *out = ArrowArray{};
    out->length = batch->num_rows();
    out->null_count = 0;
    out->offset = 0;
    out->n_buffers = 1;  // the struct's validity bitmap: absent
    out->buffers = priv->buffers;
    out->n_children = static_cast<int64_t>(n);
    out->children = priv->child_ptrs.data();
    out->dictionary = nullptr;
    out->release = ReleaseArray;
    out->private_data = priv;
  }
  if (schema_out != nullptr) FillStructSchema(*batch->schema(), schema_out);
  return Status::OK();
}

}  // namespace copra
