// Arrow C Data Interface import (declared in vector/arrow_c_data.h).
#include <fmt/format.h>

#include <memory>
#include <vector>

#include "vector/arrow_c_data.h"

namespace copra {
namespace {

// Owns a moved ArrowArray; runs the producer's release exactly once, when
// the last Buffer wrapping its memory lets go.
struct ImportedArray {
  ArrowArray array{};
  ~ImportedArray() {
    if (array.release != nullptr) array.release(&array);
  }
};
using HolderPtr = std::shared_ptr<ImportedArray>;

// Moves `*src` into a new holder, leaving `src` released (release = NULL) as
// the spec prescribes for a moved struct.
HolderPtr Take(ArrowArray* src) {
  auto holder = std::make_shared<ImportedArray>();
  holder->array = *src;
  src->release = nullptr;
  return holder;
}

Status Invalid(const std::string& what) {
  return Status::InvalidArgument("invalid Arrow array: " + what);
}

// Wraps producer memory; `size` bytes are what Copra may read. A NULL
// pointer is only allowed for an empty buffer.
Result<BufferPtr> WrapBuffer(const HolderPtr& holder, const void* p, int64_t size,
                             const char* what) {
  if (p == nullptr) {
    if (size != 0) return Invalid(fmt::format("{} buffer is NULL", what));
    return Buffer::Allocate(0);
  }
  // The lambda's copy of `holder` is what keeps the producer's memory alive.
  return Buffer::Wrap(static_cast<const uint8_t*>(p), size, [holder]() {});
}

Result<ColumnPtr> ImportPrimitive(const HolderPtr& holder, const LogicalType& type) {
  const ArrowArray& a = holder->array;
  if (a.length < 0 || a.offset < 0) return Invalid("negative length or offset");
  if (a.n_children != 0 || a.dictionary != nullptr) {
    return Status::NotSupported(
        fmt::format("Arrow arrays of type {} with children or a dictionary are not supported",
                    type.ToString()));
  }
  int64_t end = a.offset + a.length;
  if (type.IsNull()) {
    // Arrow's null type has no buffers; Copra's keeps an all-zero bitmap.
    ColumnPtr nulls = Column::MakeNull(type, end);
    return a.offset == 0 ? nulls : nulls->Slice(a.offset, a.length);
  }
  int64_t expected_buffers = type.IsVarWidth() ? 3 : 2;
  if (a.n_buffers != expected_buffers || a.buffers == nullptr) {
    return Invalid(fmt::format("{} buffers for type {}, expected {}", a.n_buffers,
                               type.ToString(), expected_buffers));
  }
  BufferPtr validity;
  int64_t null_count = a.null_count;
  if (a.buffers[0] != nullptr && a.null_count != 0) {
    COPRA_ASSIGN_OR_RETURN(validity, WrapBuffer(holder, a.buffers[0],
                                                bit_util::BytesForBits(end), "validity"));
  } else if (a.buffers[0] == nullptr) {
    if (a.null_count > 0) return Invalid("NULLs without a validity bitmap");
    null_count = 0;
  }
  BufferPtr values;
  BufferPtr data;
  if (type.IsBoolean()) {
    COPRA_ASSIGN_OR_RETURN(values,
                           WrapBuffer(holder, a.buffers[1], bit_util::BytesForBits(end), "values"));
  } else if (type.IsVarWidth()) {
    if (a.buffers[1] == nullptr) {
      if (end != 0) return Invalid("offsets buffer is NULL");
      values = Buffer::Allocate(sizeof(int32_t));  // one zero offset
    } else {
      COPRA_ASSIGN_OR_RETURN(values, WrapBuffer(holder, a.buffers[1],
                                                (end + 1) * int64_t{sizeof(int32_t)}, "offsets"));
    }
    int32_t data_size = values->data_as<int32_t>()[end];
    if (data_size < 0) return Invalid("negative string offset");
    COPRA_ASSIGN_OR_RETURN(data, WrapBuffer(holder, a.buffers[2], data_size, "data"));
  } else {
    COPRA_ASSIGN_OR_RETURN(values,
                           WrapBuffer(holder, a.buffers[1], end * type.ByteWidth(), "values"));
  }
  auto col = std::make_shared<const Column>(type, a.length, std::move(validity), std::move(values),
                                            std::move(data), null_count < 0 ? -1 : null_count,
                                            a.offset);
  COPRA_RETURN_NOT_OK(col->Validate());
  return ColumnPtr(col);
}

Result<LogicalType> TypeOfSchema(const ArrowSchema* schema) {
  if (schema == nullptr || schema->format == nullptr) return Invalid("missing schema");
  if (schema->dictionary != nullptr) {
    return Status::NotSupported("dictionary-encoded Arrow arrays are not supported");
  }
  return ArrowFormatToType(schema->format);
}

}  // namespace

Result<ColumnPtr> ImportColumn(ArrowArray* array, const ArrowSchema* schema) {
  if (array == nullptr || array->release == nullptr) {
    return Status::InvalidArgument("ImportColumn: array is NULL or already released");
  }
  HolderPtr holder = Take(array);
  COPRA_ASSIGN_OR_RETURN(LogicalType type, TypeOfSchema(schema));
  return ImportPrimitive(holder, type);
}

Result<SchemaPtr> ImportSchema(const ArrowSchema* schema) {
  if (schema == nullptr || schema->format == nullptr) return Invalid("missing schema");
  if (std::string_view(schema->format) != "+s") {
    return Status::NotSupported(
        fmt::format("expected an Arrow struct (\"+s\") for a batch, got \"{}\"", schema->format));
  }
  std::vector<Field> fields;
  for (int64_t i = 0; i < schema->n_children; ++i) {
    const ArrowSchema* child = schema->children[i];
    COPRA_ASSIGN_OR_RETURN(LogicalType type, TypeOfSchema(child));
    fields.push_back(Field{child->name ? child->name : "", type,
                           (child->flags & ARROW_FLAG_NULLABLE) != 0});
  }
  return std::make_shared<const Schema>(std::move(fields));
}

Result<BatchPtr> ImportBatch(ArrowArray* array, const ArrowSchema* schema) {
  if (array == nullptr || array->release == nullptr) {
    return Status::InvalidArgument("ImportBatch: array is NULL or already released");
  }
  HolderPtr parent = Take(array);
  const ArrowArray& a = parent->array;
  COPRA_ASSIGN_OR_RETURN(SchemaPtr copra_schema, ImportSchema(schema));
  if (a.n_children != static_cast<int64_t>(copra_schema->num_fields())) {
    return Invalid(fmt::format("{} children for a schema of {} fields", a.n_children,
                               copra_schema->num_fields()));
  }
  if (a.length < 0 || a.offset < 0) return Invalid("negative length or offset");
  if (a.n_buffers >= 1 && a.buffers != nullptr && a.buffers[0] != nullptr && a.null_count != 0) {
    return Status::NotSupported("Arrow struct arrays with NULL rows cannot become a batch");
  }
  // Move every child out, then let the parent go: each column then keeps
  // only its own child's memory alive.
  std::vector<HolderPtr> children;
  for (int64_t i = 0; i < a.n_children; ++i) {
    if (a.children[i] == nullptr || a.children[i]->release == nullptr) {
      return Invalid(fmt::format("child {} is missing or released", i));
    }
    children.push_back(Take(a.children[i]));
  }
  int64_t offset = a.offset;
  int64_t length = a.length;
  parent.reset();

  std::vector<ColumnPtr> columns;
  for (size_t i = 0; i < children.size(); ++i) {
    COPRA_ASSIGN_OR_RETURN(ColumnPtr col,
                           ImportPrimitive(children[i], copra_schema->field(i).type));
    children[i].reset();
    if (col->length() < offset + length) {
      return Invalid(fmt::format("child {} has {} rows, the struct needs {}", i, col->length(),
                                 offset + length));
    }
    if (offset != 0 || col->length() != length) col = col->Slice(offset, length);
    columns.push_back(std::move(col));
  }
  return Batch::Make(std::move(copra_schema), std::move(columns), length);
}

}  // namespace copra
