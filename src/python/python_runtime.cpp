#include "python/python_runtime.h"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "common/logging.h"
#include "python/py_internal.h"

namespace copra {

namespace {

std::mutex g_init_mu;
bool g_initialized = false;                // GUARDED_BY(g_init_mu)
Status g_init_status;                      // GUARDED_BY(g_init_mu)
std::vector<std::string> g_pending_paths;  // GUARDED_BY(g_init_mu)
std::atomic<bool> g_ready{false};
std::atomic<bool> g_worker_process{false};

const char* const kPreludeSource =
#include "python/copra_prelude.inc"
    ;

// Appends `dirs` to sys.path. GIL held.
void AppendSysPath(const std::vector<std::string>& dirs) {
  namespace py = pybind11;
  py::list path = py::module_::import("sys").attr("path");
  for (const std::string& d : dirs) {
    if (!d.empty()) path.append(d);
  }
}

std::vector<std::string> SplitPath(const char* env) {
  std::vector<std::string> out;
  if (env == nullptr) return out;
  std::string cur;
  for (const char* p = env;; ++p) {
    if (*p == ':' || *p == '\0') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (*p == '\0') break;
    } else {
      cur.push_back(*p);
    }
  }
  return out;
}

Status Initialize() {
  namespace py = pybind11;
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer, plain malloc for Python objects, so LeakSanitizer
  // can follow pointers between them (pymalloc arenas are opaque to it).
  PyPreConfig preconfig;
  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.allocator = PYMEM_ALLOCATOR_MALLOC;
  if (PyStatus_Exception(Py_PreInitialize(&preconfig))) {
    return Status::Error(ErrorCode::kPythonError, "cannot pre-initialize the embedded Python");
  }
#endif
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.isolated = 0;
  // Ignore PYTHONHOME/PYTHONPATH: a pyenv or venv in the server's
  // environment must not replace Debian's stdlib and numpy
  // (COPRA_PYTHONPATH adds directories instead).
  config.use_environment = 0;
  // No Python signal handlers: SIGINT belongs to the server.
  config.install_signal_handlers = 0;
  try {
    // Not the working directory on sys.path either.
    py::initialize_interpreter(&config, 0, nullptr, /*add_program_dir_to_path=*/false);
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kPythonError,
                         std::string("cannot initialize the embedded Python: ") + e.what());
  }
  Status status;
  try {
    py::module_ sys = py::module_::import("sys");
    // Debian's dist-packages (numpy) even when PYTHONHOME points elsewhere.
    py::module_::import("numpy");
    py::module_ types = py::module_::import("types");
    py::object module = types.attr("ModuleType")("copra");
    py::dict ns = module.attr("__dict__");
    ns["__file__"] = "<copra>";
    py::object code = py::module_::import("builtins")
                          .attr("compile")(kPreludeSource, "copra/__init__.py", "exec");
    py::module_::import("builtins").attr("exec")(code, ns);
    py::dict modules = sys.attr("modules");
    modules["copra"] = module;
    modules["greptime"] = module;
    AppendSysPath(SplitPath(std::getenv("COPRA_PYTHONPATH")));
    AppendSysPath(g_pending_paths);
    g_pending_paths.clear();
  } catch (py::error_already_set& e) {
    status = Status::Error(ErrorCode::kPythonError,
                           std::string("cannot initialize the embedded Python: ") + e.what());
  }
  // From here on no thread holds the GIL between calls.
  PyEval_SaveThread();
  return status;
}

// ---------------------------------------------------------------------------
// Interrupt watcher: one thread that, while Python calls are running,
// checks their cancel flags every few milliseconds and raises
// KeyboardInterrupt in the thread of a cancelled call.

struct ActiveCall {
  unsigned long thread_id;
  const std::atomic<bool>* cancel;
  bool interrupted = false;
};

class InterruptWatcher {
 public:
  static InterruptWatcher& Get() {
    static InterruptWatcher* watcher = new InterruptWatcher();  // lives until exit
    return *watcher;
  }

  // GIL held by the caller.
  uint64_t Register(unsigned long thread_id, const std::atomic<bool>* cancel) {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t token = ++next_token_;
    calls_[token] = ActiveCall{thread_id, cancel};
    if (!thread_started_) {
      thread_started_ = true;
      std::thread([this] { Run(); }).detach();
    }
    cv_.notify_one();
    return token;
  }

  // GIL held by the caller. Returns whether the call was interrupted.
  bool Unregister(uint64_t token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = calls_.find(token);
    if (it == calls_.end()) return false;
    bool interrupted = it->second.interrupted;
    if (interrupted) {
      // Drop a KeyboardInterrupt that was raised but not yet delivered, so
      // it cannot hit this thread's next, unrelated call.
      PyThreadState_SetAsyncExc(it->second.thread_id, nullptr);
    }
    calls_.erase(it);
    return interrupted;
  }

  bool WasInterrupted(uint64_t token) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = calls_.find(token);
    return it != calls_.end() && it->second.interrupted;
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return !calls_.empty(); });
      cv_.wait_for(lock, std::chrono::milliseconds(5));
      std::vector<uint64_t> due;
      for (auto& [token, call] : calls_) {
        if (!call.interrupted && call.cancel != nullptr && call.cancel->load()) {
          due.push_back(token);
        }
      }
      if (due.empty()) continue;
      // Never wait for the GIL while holding mu_ (callers take mu_ with the
      // GIL held). Calls cannot end while we hold the GIL.
      lock.unlock();
      PyGILState_STATE gil = PyGILState_Ensure();
      lock.lock();
      for (uint64_t token : due) {
        auto it = calls_.find(token);
        if (it == calls_.end() || it->second.interrupted) continue;
        it->second.interrupted = true;
        PyThreadState_SetAsyncExc(it->second.thread_id, PyExc_KeyboardInterrupt);
      }
      lock.unlock();
      PyGILState_Release(gil);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, ActiveCall> calls_;  // GUARDED_BY(mu_)
  uint64_t next_token_ = 0;               // GUARDED_BY(mu_)
  bool thread_started_ = false;           // GUARDED_BY(mu_)
};

}  // namespace

Status PythonRuntime::EnsureInitialized() {
  if (g_ready.load(std::memory_order_acquire)) return Status::OK();
  std::lock_guard<std::mutex> lock(g_init_mu);
  if (!g_initialized) {
    g_initialized = true;
    g_init_status = Initialize();
    if (!g_init_status.ok()) {
      Log(LogLevel::kError, g_init_status.message());
    } else {
      g_ready.store(true, std::memory_order_release);
    }
  }
  return g_init_status;
}

void PythonRuntime::AddSysPath(const std::vector<std::string>& dirs) {
  std::lock_guard<std::mutex> lock(g_init_mu);
  if (!g_ready.load()) {
    g_pending_paths.insert(g_pending_paths.end(), dirs.begin(), dirs.end());
    return;
  }
  pybind11::gil_scoped_acquire gil;
  AppendSysPath(dirs);
}

bool PythonRuntime::IsInitialized() { return g_ready.load(); }

void PythonRuntime::SetWorkerProcess() { g_worker_process.store(true); }

bool PythonRuntime::IsWorkerProcess() { return g_worker_process.load(); }

namespace python {

PythonCall::PythonCall(const std::atomic<bool>* cancel, PythonWork work)
    : timer_(CopraMetrics::Get().python(work)) {
  if (cancel != nullptr) {
    token_ = InterruptWatcher::Get().Register(PyThreadState_Get()->thread_id, cancel);
  }
}

PythonCall::~PythonCall() {
  if (token_ != 0) InterruptWatcher::Get().Unregister(token_);
}

bool PythonCall::interrupted() const {
  return token_ != 0 && InterruptWatcher::Get().WasInterrupted(token_);
}

PyRef::~PyRef() {
  if (obj_ == nullptr) return;
  py::gil_scoped_acquire gil;
  Py_DECREF(obj_);
}

py::module_ CopraModule() { return py::module_::import("copra"); }

Status StatusFromPython(py::error_already_set& e, const std::string& context,
                        const PythonCall* call, bool script_position) {
  py::module_ copra = CopraModule();
  if (e.matches(PyExc_KeyboardInterrupt) && call != nullptr && call->interrupted()) {
    return Status::Cancelled("canceling statement due to user request");
  }
  if (e.matches(copra.attr("ConversionError"))) {
    return Status::Error(ErrorCode::kDatatypeMismatch,
                         context + ": " + py::str(e.value()).cast<std::string>());
  }
  if (e.matches(copra.attr("ScriptError"))) {
    py::object v = e.value();
    std::string msg = v.attr("message").cast<std::string>();
    int line = v.attr("lineno").cast<int>();
    int col = v.attr("col").cast<int>() + 1;
    SourcePosition pos;
    if (script_position && line > 0) pos = SourcePosition{line, col};
    return Status::Error(ErrorCode::kPythonError,
                         context + (line > 0 ? ", line " + std::to_string(line) : "") + ": " + msg,
                         pos);
  }
  if (e.matches(PyExc_SyntaxError)) {
    py::object v = e.value();
    std::string msg = py::str(v.attr("msg")).cast<std::string>();
    py::object lineno = v.attr("lineno");
    py::object offset = v.attr("offset");
    std::string where;
    SourcePosition pos;
    if (!lineno.is_none()) where += ", line " + py::str(lineno).cast<std::string>();
    if (!offset.is_none()) where += ", column " + py::str(offset).cast<std::string>();
    if (script_position && !lineno.is_none()) {
      pos = SourcePosition{lineno.cast<int>(), offset.is_none() ? 1 : offset.cast<int>()};
    }
    return Status::Error(ErrorCode::kPythonError, context + where + ": SyntaxError: " + msg, pos);
  }
  std::string type_name = py::str(e.type().attr("__name__")).cast<std::string>();
  std::string message = py::str(e.value()).cast<std::string>();
  std::string traceback;
  try {
    traceback = copra.attr("_format_exception")(e.type(), e.value(), e.trace()).cast<std::string>();
  } catch (py::error_already_set&) {
  }
  while (!traceback.empty() && traceback.back() == '\n') traceback.pop_back();
  return Status::Error(ErrorCode::kPythonError, context + ": " + type_name + ": " + message +
                                                    (traceback.empty() ? "" : "\n" + traceback));
}

}  // namespace python
}  // namespace copra
