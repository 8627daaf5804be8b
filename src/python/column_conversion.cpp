// Column <-> Python conversions (see py_internal.h).

#include <cstring>

#include "python/py_internal.h"
#include "vector/column_builder.h"

namespace copra::python {

namespace {

// numpy dtype string for a fixed-width column type; "" when none.
std::string NumpyDtype(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kInt8: return "int8";
    case TypeId::kInt16: return "int16";
    case TypeId::kInt32: return "int32";
    case TypeId::kInt64: return "int64";
    case TypeId::kUInt8: return "uint8";
    case TypeId::kUInt16: return "uint16";
    case TypeId::kUInt32: return "uint32";
    case TypeId::kUInt64: return "uint64";
    case TypeId::kFloat32: return "float32";
    case TypeId::kFloat64: return "float64";
    case TypeId::kDate: return "datetime64[D]";
    case TypeId::kTimestamp:
      switch (type.unit()) {
        case TimeUnit::kSecond: return "datetime64[s]";
        case TimeUnit::kMillisecond: return "datetime64[ms]";
        case TimeUnit::kMicrosecond: return "datetime64[us]";
        case TimeUnit::kNanosecond: return "datetime64[ns]";
      }
      break;
    default: break;
  }
  return "";
}

// The null mask (True = NULL) or None when the column has no NULLs.
py::object NullMask(const Column& col) {
  if (!col.HasNulls()) return py::none();
  py::array_t<bool> mask(col.length());
  bool* m = mask.mutable_data();
  for (int64_t i = 0; i < col.length(); ++i) m[i] = col.IsNull(i);
  return py::object(std::move(mask));
}

Status Unsupported(const LogicalType& type) {
  return Status::NotSupported("columns of type " + type.ToString() +
                              " cannot be passed to Python yet");
}

// Zero-copy read-only numpy view of a fixed-width column's values.
py::object NumpyView(const ColumnPtr& col, const std::string& dtype_name) {
  py::dtype dtype = py::dtype(dtype_name);
  const int64_t width = col->type().ByteWidth();
  const BufferPtr& values = col->values_buffer();
  if (values == nullptr || values->size() < (col->offset() + col->length()) * width) {
    // No (or a short) value buffer, as all-NULL columns may have: zeros.
    return py::module_::import("numpy").attr("zeros")(col->length(), dtype);
  }
  auto* keep = new ColumnPtr(col);
  py::capsule owner(keep, [](void* p) { delete static_cast<ColumnPtr*>(p); });
  const void* data = values->data() + col->offset() * width;
  py::array arr(dtype, {col->length()}, {static_cast<py::ssize_t>(width)}, data, owner);
  // Shared memory of an immutable column: read-only.
  py::detail::array_proxy(arr.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return py::object(std::move(arr));
}

py::object PyValue(const Column& col, int64_t i) {
  if (col.IsNull(i)) return py::none();
  switch (col.type().id()) {
    case TypeId::kBoolean: return py::bool_(col.GetBool(i));
    case TypeId::kInt8: return py::int_(col.data<int8_t>()[i]);
    case TypeId::kInt16: return py::int_(col.data<int16_t>()[i]);
    case TypeId::kInt32: return py::int_(col.data<int32_t>()[i]);
    case TypeId::kInt64: return py::int_(col.data<int64_t>()[i]);
    case TypeId::kUInt8: return py::int_(col.data<uint8_t>()[i]);
    case TypeId::kUInt16: return py::int_(col.data<uint16_t>()[i]);
    case TypeId::kUInt32: return py::int_(col.data<uint32_t>()[i]);
    case TypeId::kUInt64: return py::int_(col.data<uint64_t>()[i]);
    case TypeId::kFloat32: return py::float_(col.data<float>()[i]);
    case TypeId::kFloat64: return py::float_(col.data<double>()[i]);
    case TypeId::kString: {
      std::string_view s = col.GetString(i);
      return py::reinterpret_steal<py::object>(
          PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
    }
    case TypeId::kBinary: {
      std::string_view s = col.GetString(i);
      return py::bytes(s.data(), s.size());
    }
    case TypeId::kTimestamp: return py::int_(col.data<int64_t>()[i]);
    case TypeId::kDate: return py::int_(col.data<int32_t>()[i]);
    default: return py::none();
  }
}

}  // namespace

Result<LogicalType> TypeFromCode(const std::string& code) {
  static const std::pair<const char*, LogicalType> kTypes[] = {
      {"bool", LogicalType::Boolean()},
      {"u8", LogicalType::UInt8()},
      {"u16", LogicalType::UInt16()},
      {"u32", LogicalType::UInt32()},
      {"u64", LogicalType::UInt64()},
      {"i8", LogicalType::Int8()},
      {"i16", LogicalType::Int16()},
      {"i32", LogicalType::Int32()},
      {"i64", LogicalType::Int64()},
      {"f32", LogicalType::Float32()},
      {"f64", LogicalType::Float64()},
      {"str", LogicalType::String()},
      {"bin", LogicalType::Binary()},
      {"date", LogicalType::Date()},
      {"ts:s", LogicalType::Timestamp(TimeUnit::kSecond)},
      {"ts:ms", LogicalType::Timestamp(TimeUnit::kMillisecond)},
      {"ts:us", LogicalType::Timestamp(TimeUnit::kMicrosecond)},
      {"ts:ns", LogicalType::Timestamp(TimeUnit::kNanosecond)},
  };
  for (const auto& [name, type] : kTypes) {
    if (code == name) return type;
  }
  return Status::InvalidArgument("unknown Python column type \"" + code + "\"");
}

std::string CodeFromType(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: return "bool";
    case TypeId::kInt8: return "i8";
    case TypeId::kInt16: return "i16";
    case TypeId::kInt32: return "i32";
    case TypeId::kInt64: return "i64";
    case TypeId::kUInt8: return "u8";
    case TypeId::kUInt16: return "u16";
    case TypeId::kUInt32: return "u32";
    case TypeId::kUInt64: return "u64";
    case TypeId::kFloat32: return "f32";
    case TypeId::kFloat64: return "f64";
    case TypeId::kString: return "str";
    case TypeId::kBinary: return "bin";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp:
      switch (type.unit()) {
        case TimeUnit::kSecond: return "ts:s";
        case TimeUnit::kMillisecond: return "ts:ms";
        case TimeUnit::kMicrosecond: return "ts:us";
        case TimeUnit::kNanosecond: return "ts:ns";
      }
      break;
    default: break;
  }
  return "";
}

Result<py::object> ColumnToVector(const ColumnPtr& col) {
  py::module_ copra = CopraModule();
  const LogicalType& type = col->type();
  py::object values;
  std::string dtype = NumpyDtype(type);
  if (!dtype.empty()) {
    values = NumpyView(col, dtype);
  } else if (type.id() == TypeId::kBoolean) {
    py::array_t<bool> arr(col->length());
    bool* out = arr.mutable_data();
    for (int64_t i = 0; i < col->length(); ++i) out[i] = col->IsValid(i) && col->GetBool(i);
    values = std::move(arr);
  } else if (type.id() == TypeId::kString || type.id() == TypeId::kBinary ||
             type.id() == TypeId::kNull) {
    py::module_ np = py::module_::import("numpy");
    py::list items(col->length());
    for (int64_t i = 0; i < col->length(); ++i) {
      items[static_cast<size_t>(i)] = type.IsNull() ? py::none() : PyValue(*col, i);
    }
    py::object arr = np.attr("empty")(col->length(), "dtype"_a = "object");
    arr.attr("__setitem__")(py::slice(0, col->length(), 1), items);
    values = std::move(arr);
  } else {
    return Unsupported(type);
  }
  py::object mask =
      type.IsNull()
          ? py::object(py::module_::import("numpy").attr("ones")(col->length(), "dtype"_a = "bool"))
          : NullMask(*col);
  return copra.attr("_make_vector")(values, mask);
}

Result<py::list> ColumnToList(const ColumnPtr& col) {
  if (col->type().id() == TypeId::kInterval) return Unsupported(col->type());
  const LogicalType& type = col->type();
  if (type.IsInteger() || type.IsFloat()) return NumericColumnToList(*col);
  if (type.id() == TypeId::kString || type.id() == TypeId::kBinary) {
    return BytesColumnToList(*col);
  }
  py::list out(col->length());
  for (int64_t i = 0; i < col->length(); ++i) {
    out[static_cast<size_t>(i)] = type.IsNull() ? py::none() : PyValue(*col, i);
  }
  return out;
}

Result<py::object> ColumnToNumpy(const ColumnPtr& col) {
  std::string dtype = NumpyDtype(col->type());
  const TypeId id = col->type().id();
  if (id == TypeId::kString || id == TypeId::kBinary) {
    // An object array: numpy's fixed-width bytes dtype would drop trailing
    // zero bytes and could not hold None.
    py::list items = BytesColumnToList(*col);
    py::object arr =
        py::module_::import("numpy").attr("empty")(col->length(), "dtype"_a = "object");
    arr.attr("__setitem__")(py::slice(0, col->length(), 1), items);
    return arr;
  }
  if (dtype.empty() || col->type().IsTemporal()) {
    COPRA_ASSIGN_OR_RETURN(py::list items, ColumnToList(col));
    return py::module_::import("numpy").attr("array")(items);
  }
  py::object view = NumpyView(col, dtype);
  py::object copy = view.attr("copy")();
  if (col->HasNulls()) {
    py::object mask = NullMask(*col);
    copy.attr("__setitem__")(
        mask, col->type().IsFloat() ? py::object(py::float_(NAN)) : py::object(py::int_(0)));
  }
  return copy;
}

Result<ColumnPtr> ColumnFromParts(const py::handle& parts) {
  py::tuple t = py::reinterpret_borrow<py::tuple>(parts);
  std::string code = t[0].cast<std::string>();
  COPRA_ASSIGN_OR_RETURN(LogicalType type, TypeFromCode(code));
  py::object values = t[1];
  py::object mask_obj = t[2];
  int64_t n = static_cast<int64_t>(py::len(values));
  const bool* mask = nullptr;
  py::array_t<bool> mask_arr;
  if (!mask_obj.is_none()) {
    mask_arr = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(mask_obj);
    mask = mask_arr.data();
  }
  if (type.IsVarWidth()) {
    ColumnBuilder builder(type, n);
    // One conversion to a list, then plain list indexing.
    py::list items = values.attr("tolist")();
    for (int64_t i = 0; i < n; ++i) {
      py::handle item = PyList_GET_ITEM(items.ptr(), static_cast<Py_ssize_t>(i));
      if ((mask != nullptr && mask[i]) || item.is_none()) {
        builder.AppendNull();
        continue;
      }
      if (type.id() == TypeId::kString) {
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(item.ptr(), &size);
        if (data == nullptr) throw py::error_already_set();
        COPRA_RETURN_NOT_OK(builder.AppendString(std::string_view(data, size)));
      } else {
        char* data = nullptr;
        Py_ssize_t size = 0;
        if (PyBytes_AsStringAndSize(item.ptr(), &data, &size) != 0) {
          throw py::error_already_set();
        }
        COPRA_RETURN_NOT_OK(builder.AppendString(std::string_view(data, size)));
      }
    }
    return builder.Finish();
  }
  BufferPtr validity;
  int64_t null_count = 0;
  if (mask != nullptr) {
    validity = Buffer::Allocate((n + 7) / 8);
    uint8_t* bits = validity->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      if (mask[i]) {
        ++null_count;
      } else {
        bit_util::SetBit(bits, i);
      }
    }
    if (null_count == 0) validity.reset();
  }
  if (type.id() == TypeId::kBoolean) {
    auto arr = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(values);
    BufferPtr buf = Buffer::Allocate((n + 7) / 8);
    const bool* in = arr.data();
    for (int64_t i = 0; i < n; ++i) {
      if (in[i]) bit_util::SetBit(buf->mutable_data(), i);
    }
    return ColumnPtr(std::make_shared<Column>(type, n, validity, buf, nullptr, null_count));
  }
  int width = type.ByteWidth();
  py::array arr = py::array::ensure(values, py::array::c_style);
  if (!arr || arr.itemsize() != width) {
    return Status::Internal("Python returned an array of the wrong width for " + type.ToString());
  }
  BufferPtr buf = Buffer::Allocate(n * width);
  if (n > 0) std::memcpy(buf->mutable_data(), arr.data(), static_cast<size_t>(n * width));
  return ColumnPtr(std::make_shared<Column>(type, n, validity, buf, nullptr, null_count));
}

}  // namespace copra::python
