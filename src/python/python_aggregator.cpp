#include "python/python_aggregator.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "common/cancel_flag.h"
#include "python/py_internal.h"
#include "python/python_runtime.h"
#include "python/python_udf.h"
#include "python/worker_pool.h"
#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

namespace py = python::py;

namespace {

py::object UdfClass(const PythonUdf& udf) {
  return static_cast<python::PyRef*>(udf.python_object().get())->get();
}

// One Python object per group, in this process.
class InProcessAggregator final : public GroupedAggregator {
 public:
  explicit InProcessAggregator(const PythonUdf& udf) : udf_(udf) {}

  ~InProcessAggregator() override {
    if (states_.empty()) return;
    py::gil_scoped_acquire gil;
    states_.clear();
  }

  void Resize(int64_t num_groups) override { target_groups_ = num_groups; }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
    python::PythonCall call(ScopedCancelFlag::Current(), PythonWork::kUdf);
    call_ = &call;
    struct Reset {
      const python::PythonCall** p;
      ~Reset() { *p = nullptr; }
    } reset{&call_};
    try {
      EnsureStates();
      std::vector<py::list> lists;
      for (const Datum& d : args) {
        COPRA_ASSIGN_OR_RETURN(py::list list, python::ColumnToList(d.ToColumn(num_rows)));
        lists.push_back(std::move(list));
      }
      if (group_ids == nullptr || target_groups_ == 1) {
        return Process(0, lists, nullptr, num_rows);
      }
      // Rows of each group, in row order; one process() call per group.
      std::vector<std::vector<int64_t>> rows(static_cast<size_t>(target_groups_));
      for (int64_t r = 0; r < num_rows; ++r) rows[group_ids[r]].push_back(r);
      for (size_t g = 0; g < rows.size(); ++g) {
        if (rows[g].empty()) continue;
        COPRA_RETURN_NOT_OK(Process(g, lists, &rows[g], static_cast<int64_t>(rows[g].size())));
      }
      return Status::OK();
    } catch (py::error_already_set& e) {
      return python::StatusFromPython(e, "aggregate function " + udf_.name(), &call);
    } catch (const std::exception& e) {
      return Status::Error(ErrorCode::kPythonError,
                           "aggregate function " + udf_.name() + ": " + e.what());
    }
  }

  Status Merge(GroupedAggregator& other_base, const uint32_t* group_map) override {
    auto* other = dynamic_cast<InProcessAggregator*>(&other_base);
    if (other == nullptr) return Status::Internal("merge of different aggregators");
    python::PythonCall call(ScopedCancelFlag::Current(), PythonWork::kUdf);
    try {
      EnsureStates();
      for (size_t g = 0; g < other->states_.size(); ++g) {
        py::object mine = states_[group_map[g]];
        if (!py::hasattr(mine, "merge")) {
          return Status::NotSupported("aggregate function " + udf_.name() +
                                      " needs a merge(self, other) method here");
        }
        mine.attr("merge")(other->states_[g]);
      }
      return Status::OK();
    } catch (py::error_already_set& e) {
      return python::StatusFromPython(e, "aggregate function " + udf_.name(), &call);
    }
  }

  Result<ColumnPtr> Finalize() override {
    COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
    python::PythonCall call(ScopedCancelFlag::Current(), PythonWork::kUdf);
    try {
      EnsureStates();
      py::list results;
      for (py::object& state : states_) {
        py::object r = state.attr("finalize")();
        // Timeplus returns [value]; a bare value is accepted too.
        if (py::isinstance<py::list>(r) || py::isinstance<py::tuple>(r)) {
          if (py::len(r) != 1) {
            return Status::Error(ErrorCode::kDatatypeMismatch,
                                 "aggregate function " + udf_.name() +
                                     ": finalize() must return one value (or a one-element "
                                     "list), got " +
                                     std::to_string(py::len(r)) + " values");
          }
          r = r[py::int_(0)];
        }
        results.append(r);
      }
      std::string code = python::CodeFromType(udf_.return_type());
      py::object parts = python::CopraModule().attr("_convert_column")(
          results, code, true, udf_.name(), static_cast<int64_t>(states_.size()),
          py::arg("bytes_as_str") = true);
      return python::ColumnFromParts(parts);
    } catch (py::error_already_set& e) {
      return python::StatusFromPython(e, "aggregate function " + udf_.name(), &call);
    } catch (const std::exception& e) {
      return Status::Error(ErrorCode::kPythonError,
                           "aggregate function " + udf_.name() + ": " + e.what());
    }
  }

  // The groups' instances from serialized states (NULL: a new instance).
  Status LoadStates(const Column& states) {
    COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
    python::PythonCall call(nullptr, PythonWork::kUdf);
    try {
      py::object cls = UdfClass(udf_);
      py::object load = python::CopraModule().attr("_aggregate_load");
      states_.clear();
      for (int64_t g = 0; g < states.length(); ++g) {
        if (states.IsNull(g)) {
          states_.push_back(cls());
        } else {
          std::string_view s = states.GetString(g);
          states_.push_back(load(cls, py::bytes(s.data(), s.size())));
        }
      }
      return Status::OK();
    } catch (py::error_already_set& e) {
      return python::StatusFromPython(e, "aggregate function " + udf_.name(), &call);
    }
  }

  // The groups' instances from several partial states each (columns of
  // one state per group, NULL where a share had no rows of the group):
  // the first one loaded, the others merged into it with merge(), in
  // column order. A group without any state gets a new instance.
  Status LoadMerged(const std::vector<ColumnPtr>& partials, int64_t groups) {
    COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
    python::PythonCall call(ScopedCancelFlag::Current(), PythonWork::kUdf);
    try {
      py::object cls = UdfClass(udf_);
      py::object load = python::CopraModule().attr("_aggregate_load");
      states_.clear();
      for (int64_t g = 0; g < groups; ++g) {
        py::object state = py::none();
        for (const ColumnPtr& p : partials) {
          if (p->IsNull(g)) continue;
          std::string_view s = p->GetString(g);
          py::object other = load(cls, py::bytes(s.data(), s.size()));
          if (state.is_none()) {
            state = std::move(other);
          } else {
            state.attr("merge")(other);
          }
        }
        states_.push_back(state.is_none() ? cls() : state);
      }
      target_groups_ = groups;
      return Status::OK();
    } catch (py::error_already_set& e) {
      return python::StatusFromPython(e, "aggregate function " + udf_.name(), &call);
    }
  }

  // Every group's instance serialized (BINARY, one row per group); with
  // `only`, NULL for the groups it does not mark.
  Result<ColumnPtr> SaveStates(const std::vector<bool>* only = nullptr) {
    python::PythonCall call(nullptr, PythonWork::kUdf);
    try {
      EnsureStates();
      py::object save = python::CopraModule().attr("_aggregate_save");
      ColumnBuilder out(LogicalType::Binary(), static_cast<int64_t>(states_.size()));
      for (size_t g = 0; g < states_.size(); ++g) {
        if (only != nullptr && !(*only)[g]) {
          out.AppendNull();
          continue;
        }
        py::object& state = states_[g];
        py::bytes data = save(state);
        char* p = nullptr;
        Py_ssize_t size = 0;
        if (PyBytes_AsStringAndSize(data.ptr(), &p, &size) != 0) throw py::error_already_set();
        COPRA_RETURN_NOT_OK(out.AppendString(std::string_view(p, static_cast<size_t>(size))));
      }
      return out.Finish();
    } catch (py::error_already_set& e) {
      return python::StatusFromPython(e, "aggregate function " + udf_.name(), &call);
    }
  }

 private:
  // Creates the Python objects of new groups. GIL held.
  void EnsureStates() {
    py::object cls = UdfClass(udf_);
    while (static_cast<int64_t>(states_.size()) < target_groups_) states_.push_back(cls());
  }

  // process() on rows `rows` (all when nullptr) of group `g`; `lists` are
  // the whole batch's argument columns as Python lists. GIL held.
  Status Process(size_t g, const std::vector<py::list>& lists, const std::vector<int64_t>* rows,
                 int64_t n) {
    py::list py_args;
    for (const py::list& all : lists) {
      if (rows == nullptr) {
        py_args.append(all);
        continue;
      }
      py::list values(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        values[static_cast<size_t>(i)] = all[static_cast<size_t>((*rows)[i])];
      }
      py_args.append(values);
    }
    states_[g].attr("process")(*py_args);
    if (call_ != nullptr && call_->interrupted()) {
      return Status::Cancelled("canceling statement due to user request");
    }
    return Status::OK();
  }

  const PythonUdf& udf_;
  const python::PythonCall* call_ = nullptr;  // during Update
  int64_t target_groups_ = 0;
  std::vector<py::object> states_;  // GIL needed to touch
};

// backend 'process': batches buffered here, Python state in workers only
// for the length of a call (see the header).
class WorkerAggregator final : public GroupedAggregator {
 public:
  explicit WorkerAggregator(const PythonUdf& udf) : udf_(udf), columns_(udf.arg_types().size()) {}

  void Resize(int64_t num_groups) override { groups_ = std::max(groups_, num_groups); }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    if (args.size() != columns_.size()) {
      return Status::Internal("aggregate function " + udf_.name() + ": wrong argument count");
    }
    if (groups_ < 1) groups_ = 1;
    for (size_t a = 0; a < args.size(); ++a) columns_[a].push_back(args[a].ToColumn(num_rows));
    for (int64_t r = 0; r < num_rows; ++r) {
      group_of_row_.push_back(group_ids == nullptr ? 0 : static_cast<int64_t>(group_ids[r]));
    }
    batch_ends_.push_back(static_cast<int64_t>(group_of_row_.size()));
    if (static_cast<int64_t>(batch_ends_.size()) >= kAggregateFlushBatches ||
        static_cast<int64_t>(group_of_row_.size()) >= kAggregateFlushRows) {
      return Flush();
    }
    return Status::OK();
  }

  // Another aggregator's groups into this one's (`group_map`: its group g
  // is this one's group_map[g]). Needs merge() (partial states combine).
  Status Merge(GroupedAggregator& other_base, const uint32_t* group_map) override {
    auto* other = dynamic_cast<WorkerAggregator*>(&other_base);
    if (other == nullptr) return Status::Internal("merge of different aggregators");
    if (!udf_.has_merge()) {
      return Status::NotSupported("aggregate function " + udf_.name() +
                                  " needs a merge(self, other) method here");
    }
    if (!other->serial_states_.empty()) {
      return Status::Internal("aggregate function " + udf_.name() + ": serial state in a merge");
    }
    COPRA_RETURN_NOT_OK(other->RunShares());
    for (const ColumnPtr& p : other->partials_) {
      std::vector<std::optional<std::string_view>> by_group(static_cast<size_t>(groups_));
      for (int64_t g = 0; g < p->length(); ++g) {
        if (p->IsNull(g)) continue;
        const int64_t to = group_map[g];
        if (to < 0 || to >= groups_) return Status::Internal("merge: group out of range");
        if (by_group[static_cast<size_t>(to)]) {
          return Status::Internal("merge: two groups map to one");
        }
        by_group[static_cast<size_t>(to)] = p->GetString(g);
      }
      ColumnBuilder out(LogicalType::Binary(), groups_);
      for (auto& v : by_group) {
        if (v) {
          COPRA_RETURN_NOT_OK(out.AppendString(*v));
        } else {
          out.AppendNull();
        }
      }
      partials_.push_back(out.Finish());
    }
    other->partials_.clear();
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override {
    if (groups_ == 0) return ColumnBuilder(udf_.return_type()).Finish();
    if (!udf_.has_merge()) return SerialCall(/*finalize=*/true);
    COPRA_RETURN_NOT_OK(RunShares());
    return MergeCall(/*finalize=*/true);
  }

 private:
  // The buffered batches to the workers: in shares, one per worker, merged
  // later, when the class has merge(); else on one worker with the states.
  Status Flush() {
    if (!udf_.has_merge()) return SerialCall(/*finalize=*/false).status();
    COPRA_RETURN_NOT_OK(RunShares());
    if (partials_.size() > kMaxPartials) {
      COPRA_ASSIGN_OR_RETURN(ColumnPtr merged, MergeCall(/*finalize=*/false));
      partials_.assign(1, std::move(merged));
    }
    return Status::OK();
  }

  // A request over buffered batches [b0, b1) with `states` (one per group,
  // NULL = new instance).
  PythonWorkerRequest BatchRequest(size_t b0, size_t b1, ColumnPtr states) const {
    PythonWorkerRequest req;
    req.kind = PythonWorkerRequest::Kind::kAggregate;
    req.name = udf_.name();
    req.source = udf_.definition();
    req.num_rows = groups_;
    const int64_t r0 = b0 == 0 ? 0 : batch_ends_[b0 - 1];
    const int64_t r1 = b1 == 0 ? 0 : batch_ends_[b1 - 1];
    for (size_t a = 0; a < columns_.size(); ++a) {
      if (b1 == b0) {
        req.inputs.push_back(ColumnBuilder(udf_.arg_types()[a]).Finish());
      } else if (b1 - b0 == 1) {
        req.inputs.push_back(columns_[a][b0]);
      } else {
        req.inputs.push_back(ConcatColumns(
            std::vector<ColumnPtr>(columns_[a].begin() + static_cast<std::ptrdiff_t>(b0),
                                   columns_[a].begin() + static_cast<std::ptrdiff_t>(b1))));
      }
    }
    req.inputs.push_back(
        Int64Column(std::vector<int64_t>(group_of_row_.begin() + r0, group_of_row_.begin() + r1)));
    std::vector<int64_t> ends;
    for (size_t b = b0; b < b1; ++b) ends.push_back(batch_ends_[b] - r0);
    req.inputs.push_back(Int64Column(ends));
    req.inputs.push_back(std::move(states));
    return req;
  }

  ColumnPtr NullStates() const {
    ColumnBuilder states(LogicalType::Binary(), groups_);
    for (int64_t g = 0; g < groups_; ++g) states.AppendNull();
    return states.Finish();
  }

  void ClearBuffer() {
    for (auto& c : columns_) c.clear();
    group_of_row_.clear();
    batch_ends_.clear();
  }

  std::string What() const { return "aggregate function '" + udf_.name() + "'"; }

  Result<std::vector<ColumnPtr>> RunOnWorkers(const std::vector<PythonWorkerRequest>& requests,
                                              const LogicalType& want) {
    COPRA_ASSIGN_OR_RETURN(auto results, PythonWorkerPool::Global().Run(
                                             requests, ScopedCancelFlag::Current(), What()));
    std::vector<ColumnPtr> out;
    for (auto& r : results) {
      if (r.size() != 1 || r[0]->type() != want || r[0]->length() != groups_) {
        return Status::Internal(
            "python worker returned an unexpected result for aggregate function " + udf_.name());
      }
      out.push_back(std::move(r[0]));
    }
    return out;
  }

  // Without merge(): the buffered batches and every group's state so far to
  // one worker; new states (kept) or, with `finalize`, the results.
  Result<ColumnPtr> SerialCall(bool finalize) {
    ColumnBuilder states(LogicalType::Binary(), groups_);
    for (int64_t g = 0; g < groups_; ++g) {
      if (g < static_cast<int64_t>(serial_states_.size()) && serial_states_[g]) {
        COPRA_RETURN_NOT_OK(states.AppendString(*serial_states_[g]));
      } else {
        states.AppendNull();
      }
    }
    PythonWorkerRequest req = BatchRequest(0, batch_ends_.size(), states.Finish());
    if (finalize) req.kwargs["finalize"] = "1";
    COPRA_ASSIGN_OR_RETURN(
        std::vector<ColumnPtr> out,
        RunOnWorkers({req}, finalize ? udf_.return_type() : LogicalType::Binary()));
    ClearBuffer();
    if (!finalize) {
      serial_states_.assign(static_cast<size_t>(groups_), std::nullopt);
      for (int64_t g = 0; g < groups_; ++g) {
        if (out[0]->IsValid(g)) serial_states_[g] = std::string(out[0]->GetString(g));
      }
    }
    return out[0];
  }

  // With merge(): the buffered batches in consecutive shares, one per
  // worker, each aggregated into new instances; their states (NULL for a
  // group a share did not see) join partials_.
  Status RunShares() {
    const size_t batches = batch_ends_.size();
    if (batches == 0) return Status::OK();
    const size_t shares =
        std::min(batches, static_cast<size_t>(std::max(1, PythonWorkerPool::Global().size())));
    std::vector<PythonWorkerRequest> requests;
    for (size_t s = 0; s < shares; ++s) {
      PythonWorkerRequest req =
          BatchRequest(batches * s / shares, batches * (s + 1) / shares, NullStates());
      req.kwargs["partial"] = "1";
      requests.push_back(std::move(req));
    }
    COPRA_ASSIGN_OR_RETURN(std::vector<ColumnPtr> out,
                           RunOnWorkers(requests, LogicalType::Binary()));
    ClearBuffer();
    for (ColumnPtr& c : out) partials_.push_back(std::move(c));
    return Status::OK();
  }

  // Every partial state column (padded to the current groups) merged on a
  // worker: the merged states, or with `finalize` the results.
  Result<ColumnPtr> MergeCall(bool finalize) {
    PythonWorkerRequest req;
    req.kind = PythonWorkerRequest::Kind::kAggregate;
    req.name = udf_.name();
    req.source = udf_.definition();
    req.num_rows = groups_;
    req.kwargs["merge"] = std::to_string(partials_.size());
    if (finalize) req.kwargs["finalize"] = "1";
    for (const ColumnPtr& p : partials_) {
      if (p->length() == groups_) {
        req.inputs.push_back(p);
        continue;
      }
      ColumnBuilder padded(LogicalType::Binary(), groups_);
      for (int64_t g = 0; g < groups_; ++g) {
        if (g < p->length() && p->IsValid(g)) {
          COPRA_RETURN_NOT_OK(padded.AppendString(p->GetString(g)));
        } else {
          padded.AppendNull();
        }
      }
      req.inputs.push_back(padded.Finish());
    }
    COPRA_ASSIGN_OR_RETURN(
        std::vector<ColumnPtr> out,
        RunOnWorkers({req}, finalize ? udf_.return_type() : LogicalType::Binary()));
    return out[0];
  }

  static ColumnPtr Int64Column(const std::vector<int64_t>& values) {
    const auto n = static_cast<int64_t>(values.size());
    BufferPtr buf = Buffer::Allocate(n * static_cast<int64_t>(sizeof(int64_t)));
    if (n > 0) std::memcpy(buf->mutable_data(), values.data(), values.size() * sizeof(int64_t));
    return std::make_shared<Column>(LogicalType::Int64(), n, nullptr, buf, nullptr, 0);
  }

  // Partial state columns merged (on a worker) once there are more.
  static constexpr size_t kMaxPartials = 16;

  const PythonUdf& udf_;
  int64_t groups_ = 0;
  std::vector<std::vector<ColumnPtr>> columns_;            // per argument, buffered batches
  std::vector<int64_t> group_of_row_;                      // buffered rows' groups
  std::vector<int64_t> batch_ends_;                        // end row of each buffered batch
  std::vector<std::optional<std::string>> serial_states_;  // without merge(): per group
  std::vector<ColumnPtr> partials_;                        // with merge(): states per share
};

}  // namespace

std::unique_ptr<GroupedAggregator> MakePythonAggregator(const PythonUdf& udf) {
  if (udf.backend() == "process" && !PythonRuntime::IsWorkerProcess()) {
    return std::make_unique<WorkerAggregator>(udf);
  }
  return std::make_unique<InProcessAggregator>(udf);
}

Result<ColumnPtr> RunAggregateStep(const PythonUdf& udf, const PythonWorkerRequest& request) {
  const size_t nargs = udf.arg_types().size();
  const auto bad = [&](const std::string& what) {
    return Status::Corruption("aggregate request for " + udf.name() + ": " + what);
  };
  const int64_t groups = request.num_rows;
  if (groups < 0) return bad("negative group count");
  auto flag = [&](const char* key) {
    auto it = request.kwargs.find(key);
    return it == request.kwargs.end() ? std::string() : it->second;
  };
  const bool finalize = flag("finalize") == "1";
  InProcessAggregator agg(udf);
  if (std::string merge = flag("merge"); !merge.empty()) {
    // Partial states of the shares, merged with the class's merge().
    if (std::to_string(request.inputs.size()) != merge) return bad("wrong column count");
    for (const ColumnPtr& c : request.inputs) {
      if (c->type() != LogicalType::Binary() || c->length() != groups) {
        return bad("malformed state columns");
      }
    }
    COPRA_RETURN_NOT_OK(agg.LoadMerged(request.inputs, groups));
    if (finalize) return agg.Finalize();
    return agg.SaveStates();
  }
  if (request.inputs.size() != nargs + 3) return bad("wrong column count");
  const Column& group_col = *request.inputs[nargs];
  const Column& ends_col = *request.inputs[nargs + 1];
  const Column& states = *request.inputs[nargs + 2];
  const int64_t n = group_col.length();
  if (group_col.type() != LogicalType::Int64() || ends_col.type() != LogicalType::Int64() ||
      states.type() != LogicalType::Binary() || states.length() != groups) {
    return bad("malformed columns");
  }
  for (size_t a = 0; a < nargs; ++a) {
    if (request.inputs[a]->length() != n) return bad("argument columns of different lengths");
  }
  std::vector<uint32_t> group_ids(static_cast<size_t>(n));
  // partial: the groups this share has rows of (the others' states are NULL).
  std::vector<bool> seen(static_cast<size_t>(groups), false);
  const int64_t* g = group_col.data<int64_t>();
  for (int64_t r = 0; r < n; ++r) {
    if (g[r] < 0 || g[r] >= groups) return bad("group out of range");
    group_ids[static_cast<size_t>(r)] = static_cast<uint32_t>(g[r]);
    seen[static_cast<size_t>(g[r])] = true;
  }
  agg.Resize(groups);
  COPRA_RETURN_NOT_OK(agg.LoadStates(states));
  const int64_t* ends = ends_col.data<int64_t>();
  int64_t start = 0;
  for (int64_t b = 0; b < ends_col.length(); ++b) {
    if (ends[b] < start || ends[b] > n) return bad("batch bounds out of order");
    const int64_t rows = ends[b] - start;
    std::vector<Datum> args;
    for (size_t a = 0; a < nargs; ++a) {
      args.push_back(Datum::Flat(request.inputs[a]->Slice(start, rows)));
    }
    COPRA_RETURN_NOT_OK(agg.Update(args, group_ids.data() + start, rows));
    start = ends[b];
  }
  if (finalize) return agg.Finalize();
  if (flag("partial") == "1") return agg.SaveStates(&seen);
  return agg.SaveStates();
}

}  // namespace copra
