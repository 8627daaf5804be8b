// Internal to src/python/: pybind11 and the helpers every Python-calling
// file shares. Never include this from outside src/python/ (it pulls in
// Python.h and pybind11, which are slow to compile).
//
//  * PythonCall: the scope of one entry into Python. Acquires the GIL and
//    registers the thread with the interrupt watcher, which raises
//    KeyboardInterrupt in it when the statement's cancel flag is set.
//  * PyRef: a Python object owned from C++ that may be destroyed without
//    the GIL (its destructor takes the GIL).
//  * StatusFromPython: the pending Python exception as a Status with the
//    exception type, message and traceback (lines of the user's script).
//  * Column <-> Python conversions.
#pragma once

#include <pybind11/embed.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/copra_metrics.h"
#include "common/status.h"
#include "vector/column.h"

namespace copra::python {

namespace py = pybind11;
using namespace pybind11::literals;  // NOLINT: "name"_a keyword arguments

// Holds the GIL and makes the calling thread interruptible through
// `cancel` (may be nullptr: not interruptible) for its lifetime. The time
// it holds the GIL is observed in copra_python_call_duration_seconds{kind}.
// REQUIRES: PythonRuntime::EnsureInitialized() succeeded.
// (Hidden visibility like pybind11's own types, which it contains.)
class __attribute__((visibility("hidden"))) PythonCall {
 public:
  PythonCall(const std::atomic<bool>* cancel, PythonWork work);
  ~PythonCall();
  PythonCall(const PythonCall&) = delete;
  PythonCall& operator=(const PythonCall&) = delete;

  // True when this call was interrupted because of `cancel`.
  bool interrupted() const;

 private:
  py::gil_scoped_acquire gil_;
  ScopedTimer timer_;  // after gil_: times the call with the GIL held
  uint64_t token_ = 0;
};

// A Python object whose last C++ owner may run on any thread, GIL or not.
class PyRef {
 public:
  explicit PyRef(py::object obj) : obj_(obj.release().ptr()) {}
  ~PyRef();
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  // REQUIRES: GIL held.
  py::object get() const { return py::reinterpret_borrow<py::object>(obj_); }

 private:
  PyObject* obj_;
};

// The `copra` module (GIL held).
py::module_ CopraModule();

// Turns a caught Python exception into a Status (GIL held). A
// KeyboardInterrupt caused by cancel becomes kQueryCanceled; the copra
// ConversionError / ScriptError give their message alone; anything else
// kPythonError "<context>: <Type>: <message>" followed by the traceback.
// With `script_position`, syntax and validation errors carry their
// line:column in the script as the Status position (see MapScriptPosition).
Status StatusFromPython(py::error_already_set& e, const std::string& context,
                        const PythonCall* call, bool script_position = false);

// A Python `copra.vector` over `col` (GIL held). Numeric, timestamp and
// date values share the column's memory (read-only numpy view keeping the
// column alive); booleans, strings and binary are copied.
Result<py::object> ColumnToVector(const ColumnPtr& col);

// A Python list of the column's values (None for NULL), for Python UDFs:
// STRING and BINARY values as `bytes` (a STRING's UTF-8 bytes; Timeplus's
// mapping), numbers as int/float, timestamps and dates as int.
Result<py::list> ColumnToList(const ColumnPtr& col);

// Fast paths for per-element UDFs (list_conversion.cpp). A list of the
// values of an integer or floating-point column (None for NULL).
// REQUIRES: col.type() is an integer or floating-point type.
py::list NumericColumnToList(const Column& col);
// A list of the values of a STRING or BINARY column as `bytes` (None for
// NULL). REQUIRES: col.type() is STRING or BINARY.
py::list BytesColumnToList(const Column& col);
// Refills `list`, a list earlier made for a FLOAT64/FLOAT32 column of the
// same length, with `col`'s values: its float items that nothing else
// references get the new value in place (no allocation), others are
// replaced. False (list untouched) unless the list is referenced only by
// the caller (refcount 1), is an exact list of col.length() items and the
// column is FLOAT64/FLOAT32.
bool RefillFloatList(const py::handle& list, const Column& col);
// A column of `type` from a list whose items are all None (only when
// `nullable`) or, for integer and floating-point types, exact floats/ints in
// range; for STRING exact str or exact bytes that are valid UTF-8; for
// BINARY exact bytes. nullptr when the list needs the generic conversion
// (copra._convert_column), which also reports bad items.
ColumnPtr ColumnFromList(const py::handle& obj, const LogicalType& type, bool nullable);

// A writable numpy array copy of the column's values (NULLs as 0 / NaN),
// for UDFs with numpy_optimize_enable. STRING and BINARY columns give an
// object array of `bytes` (None for NULL).
Result<py::object> ColumnToNumpy(const ColumnPtr& col);

// Builds a Column from one (type code, values ndarray, mask) triple
// produced by copra._convert_column (GIL held). `target` (optional) casts
// the result to that SQL type.
Result<ColumnPtr> ColumnFromParts(const py::handle& parts);

// The SQL type for a copra type code ("i64", "str", "ts:ms", ...).
Result<LogicalType> TypeFromCode(const std::string& code);
// The copra type code for a SQL type, or "" when Python cannot take it.
std::string CodeFromType(const LogicalType& type);

}  // namespace copra::python
