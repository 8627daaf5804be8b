// PythonRuntime: the process's one embedded CPython interpreter (Debian's
// CPython 3.11 with numpy). Initialized lazily, once per process, on the
// first use of Python (a CREATE SCRIPT / CREATE FUNCTION, a stored script
// loaded at startup, a UDF call). After initialization no thread holds the
// GIL; every entry into Python acquires it for the duration of one call
// (one batch), so C++ work always runs without it.
//
// Python's own signal handlers are not installed: SIGINT stays with the
// server. Running Python is interrupted on cancel instead (see
// python/py_internal.h, PythonCall).
//
// Thread-safe. This header is free of Python includes on purpose; only
// src/python/*.cpp include Python.h / pybind11.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace copra {

class PythonRuntime {
 public:
  // Initializes the interpreter if needed: imports numpy, installs the
  // `copra` module (also as `greptime`) and the configured sys.path
  // entries. Errors (numpy missing, ...) are returned every time.
  static Status EnsureInitialized();

  // Appends directories to sys.path (now, or at initialization). The
  // environment variable COPRA_PYTHONPATH (':'-separated) is added too.
  static void AddSysPath(const std::vector<std::string>& dirs);

  // True once the interpreter is up (for tests and diagnostics).
  static bool IsInitialized();

  // Marks this process as a worker of the "process" backend
  // (python/python_worker.h): code of that backend then runs here, in
  // process, instead of being sent to a worker.
  static void SetWorkerProcess();
  static bool IsWorkerProcess();
};

}  // namespace copra
