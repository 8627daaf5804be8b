// Fast paths between columns and Python lists (see py_internal.h): what a
// per-element Python UDF pays for besides its own loop. Building the
// argument list calls PyFloat_FromDouble / PyLong_FromLongLong /
// PyBytes_FromStringAndSize directly; reading the returned list takes exact
// floats and ints (and str / UTF-8 bytes for STRING, bytes for BINARY)
// straight from the list items. Anything unusual (bool, numpy scalars,
// numbers for a STRING, invalid UTF-8, out-of-range ints) is left to the
// generic path, which also produces the errors.

#include <cmath>
#include <limits>

#include "python/py_internal.h"
#include "vector/column_builder.h"

namespace copra::python {

namespace {

// A new list of the column's rows: None for NULLs, make_item(row) for the
// rest (a new reference, nullptr with a Python error set).
template <typename MakeItem>
PyObject* BuildListOfRows(const Column& col, MakeItem make_item) {
  const int64_t n = col.length();
  PyObject* list = PyList_New(static_cast<Py_ssize_t>(n));
  if (list == nullptr) throw py::error_already_set();
  const bool nulls = col.HasNulls();
  for (int64_t i = 0; i < n; ++i) {
    PyObject* item;
    if (nulls && col.IsNull(i)) {
      Py_INCREF(Py_None);
      item = Py_None;
    } else {
      item = make_item(i);
      if (item == nullptr) {
        Py_DECREF(list);  // frees the items set so far (the rest are NULL)
        throw py::error_already_set();
      }
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);
  }
  return list;
}

// The same for fixed-width values of type T: make_item(value).
template <typename T, typename MakeItem>
PyObject* BuildList(const Column& col, MakeItem make_item) {
  const T* values = col.data<T>();
  return BuildListOfRows(col, [&](int64_t i) { return make_item(values[i]); });
}

template <typename T>
PyObject* IntegerList(const Column& col) {
  if constexpr (std::is_signed_v<T>) {
    return BuildList<T>(col, [](T v) { return PyLong_FromLongLong(static_cast<long long>(v)); });
  } else {
    return BuildList<T>(
        col, [](T v) { return PyLong_FromUnsignedLongLong(static_cast<unsigned long long>(v)); });
  }
}

// Fills `out` (n values of T) and `valid` from the list items; false when
// an item needs the generic path.
template <typename T>
bool FillFromList(PyObject* list, int64_t n, T* out, uint8_t* valid, int64_t* nulls) {
  for (int64_t i = 0; i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(list, static_cast<Py_ssize_t>(i));
    if (item == Py_None) {
      ++*nulls;
      continue;
    }
    if constexpr (std::is_floating_point_v<T>) {
      if (PyFloat_CheckExact(item)) {
        out[i] = static_cast<T>(PyFloat_AS_DOUBLE(item));
      } else if (PyLong_CheckExact(item)) {
        double d = PyLong_AsDouble(item);
        if (d == -1.0 && PyErr_Occurred()) {
          PyErr_Clear();
          return false;
        }
        out[i] = static_cast<T>(d);
      } else {
        return false;
      }
    } else {
      if (PyLong_CheckExact(item)) {
        if constexpr (std::is_signed_v<T>) {
          int overflow = 0;
          long long v = PyLong_AsLongLongAndOverflow(item, &overflow);
          if (overflow != 0 || (v == -1 && PyErr_Occurred()) ||
              v < static_cast<long long>(std::numeric_limits<T>::min()) ||
              v > static_cast<long long>(std::numeric_limits<T>::max())) {
            PyErr_Clear();
            return false;
          }
          out[i] = static_cast<T>(v);
        } else {
          unsigned long long v = PyLong_AsUnsignedLongLong(item);
          if ((v == static_cast<unsigned long long>(-1) && PyErr_Occurred()) ||
              v > static_cast<unsigned long long>(std::numeric_limits<T>::max())) {
            PyErr_Clear();
            return false;
          }
          out[i] = static_cast<T>(v);
        }
      } else {
        return false;
      }
    }
    bit_util::SetBit(valid, i);
  }
  return true;
}

template <typename T>
ColumnPtr ListToColumn(PyObject* list, const LogicalType& type, bool nullable) {
  const int64_t n = PyList_GET_SIZE(list);
  BufferPtr values = Buffer::Allocate(n * static_cast<int64_t>(sizeof(T)));
  BufferPtr validity = Buffer::Allocate(bit_util::BytesForBits(n));
  int64_t nulls = 0;
  if (!FillFromList<T>(list, n, values->mutable_data_as<T>(), validity->mutable_data(), &nulls)) {
    return nullptr;
  }
  if (nulls > 0 && !nullable) return nullptr;  // the generic path names the row
  if (nulls == 0) validity.reset();
  return std::make_shared<Column>(type, n, validity, values, nullptr, nulls);
}

// True when s[0, n) is well-formed UTF-8: what Python's strict decoder
// accepts (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsUtf8(const unsigned char* s, Py_ssize_t n) {
  Py_ssize_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    if (n - i <= extra) return false;
    if (s[i + 1] < lo || s[i + 1] > hi) return false;
    for (int k = 2; k <= extra; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

// A STRING (exact str, or exact bytes that are UTF-8) or BINARY (exact
// bytes) column from the list items; nullptr when an item needs the
// generic path (which also names the row of a bad item).
ColumnPtr VarWidthListToColumn(PyObject* list, const LogicalType& type, bool nullable) {
  const Py_ssize_t n = PyList_GET_SIZE(list);
  const bool is_string = type.id() == TypeId::kString;
  ColumnBuilder builder(type, n);
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(list, i);
    std::string_view value;
    if (item == Py_None) {
      if (!nullable) return nullptr;
      builder.AppendNull();
      continue;
    }
    if (PyBytes_CheckExact(item)) {
      const char* data = PyBytes_AS_STRING(item);
      const Py_ssize_t size = PyBytes_GET_SIZE(item);
      if (is_string && !IsUtf8(reinterpret_cast<const unsigned char*>(data), size)) {
        return nullptr;
      }
      value = std::string_view(data, static_cast<size_t>(size));
    } else if (is_string && PyUnicode_CheckExact(item)) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(item, &size);
      if (data == nullptr) {  // lone surrogates
        PyErr_Clear();
        return nullptr;
      }
      value = std::string_view(data, static_cast<size_t>(size));
    } else {
      return nullptr;
    }
    if (!builder.AppendString(value).ok()) return nullptr;
  }
  return builder.Finish();
}

}  // namespace

py::list NumericColumnToList(const Column& col) {
  PyObject* list = nullptr;
  switch (col.type().id()) {
    case TypeId::kFloat64: list = BuildList<double>(col, PyFloat_FromDouble); break;
    case TypeId::kFloat32:
      list = BuildList<float>(col, [](float v) { return PyFloat_FromDouble(v); });
      break;
    case TypeId::kInt8: list = IntegerList<int8_t>(col); break;
    case TypeId::kInt16: list = IntegerList<int16_t>(col); break;
    case TypeId::kInt32: list = IntegerList<int32_t>(col); break;
    case TypeId::kInt64: list = IntegerList<int64_t>(col); break;
    case TypeId::kUInt8: list = IntegerList<uint8_t>(col); break;
    case TypeId::kUInt16: list = IntegerList<uint16_t>(col); break;
    case TypeId::kUInt32: list = IntegerList<uint32_t>(col); break;
    case TypeId::kUInt64: list = IntegerList<uint64_t>(col); break;
    default: return py::list();
  }
  return py::reinterpret_steal<py::list>(list);
}

py::list BytesColumnToList(const Column& col) {
  return py::reinterpret_steal<py::list>(BuildListOfRows(col, [&](int64_t i) {
    std::string_view s = col.GetString(i);
    return PyBytes_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
  }));
}

bool RefillFloatList(const py::handle& list_handle, const Column& col) {
  PyObject* list = list_handle.ptr();
  const TypeId id = col.type().id();
  if ((id != TypeId::kFloat64 && id != TypeId::kFloat32) || !PyList_CheckExact(list) ||
      Py_REFCNT(list) != 1 || PyList_GET_SIZE(list) != col.length()) {
    return false;
  }
  const bool nulls = col.HasNulls();
  for (int64_t i = 0; i < col.length(); ++i) {
    PyObject* old = PyList_GET_ITEM(list, static_cast<Py_ssize_t>(i));
    PyObject* item;
    if (nulls && col.IsNull(i)) {
      if (old == Py_None) continue;
      Py_INCREF(Py_None);
      item = Py_None;
    } else {
      const double v = id == TypeId::kFloat64 ? col.data<double>()[i] : col.data<float>()[i];
      if (PyFloat_CheckExact(old) && Py_REFCNT(old) == 1) {
        // Nobody else can see this float: give it the new value in place.
        reinterpret_cast<PyFloatObject*>(old)->ob_fval = v;
        continue;
      }
      item = PyFloat_FromDouble(v);
      if (item == nullptr) throw py::error_already_set();
    }
    PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);
    Py_DECREF(old);
  }
  return true;
}

ColumnPtr ColumnFromList(const py::handle& obj, const LogicalType& type, bool nullable) {
  if (!PyList_CheckExact(obj.ptr())) return nullptr;
  PyObject* list = obj.ptr();
  switch (type.id()) {
    case TypeId::kFloat64: return ListToColumn<double>(list, type, nullable);
    case TypeId::kFloat32: return ListToColumn<float>(list, type, nullable);
    case TypeId::kInt8: return ListToColumn<int8_t>(list, type, nullable);
    case TypeId::kInt16: return ListToColumn<int16_t>(list, type, nullable);
    case TypeId::kInt32: return ListToColumn<int32_t>(list, type, nullable);
    case TypeId::kInt64: return ListToColumn<int64_t>(list, type, nullable);
    case TypeId::kUInt8: return ListToColumn<uint8_t>(list, type, nullable);
    case TypeId::kUInt16: return ListToColumn<uint16_t>(list, type, nullable);
    case TypeId::kUInt32: return ListToColumn<uint32_t>(list, type, nullable);
    case TypeId::kUInt64: return ListToColumn<uint64_t>(list, type, nullable);
    case TypeId::kString:
    case TypeId::kBinary: return VarWidthListToColumn(list, type, nullable);
    default: return nullptr;
  }
}

}  // namespace copra::python
