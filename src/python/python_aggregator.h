// The GroupedAggregator of a Python aggregate UDF (python/python_udf.h):
// one instance of the user's class per group; process(self, *columns) once
// per group per batch with that group's values, finalize(self) per group.
//
//  * backend 'cpython': the instances live in this process (GIL held while
//    they run).
//  * backend 'process': the server keeps no Python objects. It buffers the
//    argument columns and group ids of up to kAggregateFlushBatches batches
//    (or kAggregateFlushRows rows), then sends them to a worker with every
//    group's state so far; the worker rebuilds the instances, runs
//    process() exactly as the in-process backend would, and answers with the
//    states serialized again (the class's serialize()/deserialize() when it
//    has both, else a pickle of the instance's __dict__), or at the end with
//    the finalize() results. A small aggregate is a single worker call and
//    never serialized.
//    When the class defines merge(self, other), the buffered batches are
//    instead split into consecutive shares, one per worker, run at once,
//    each into new instances (a group a share did not see: NULL state); at
//    the end one worker loads each group's partial states in order, merges
//    them with merge() and calls finalize(). Merge() of two aggregators
//    then works too; without merge() it is kFeatureNotSupported (the window
//    operator then feeds each frame).
//
// An aggregator is used by one thread at a time (GroupedAggregator).
#pragma once

#include <memory>

#include "function/aggregate_function.h"
#include "python/python_worker.h"

namespace copra {

class PythonUdf;

// Buffered batches / rows after which a 'process' aggregator calls a worker.
constexpr int64_t kAggregateFlushBatches = 64;
constexpr int64_t kAggregateFlushRows = 1 << 20;

// REQUIRES: udf.is_aggregate(); `udf` outlives the aggregator.
std::unique_ptr<GroupedAggregator> MakePythonAggregator(const PythonUdf& udf);

// Worker side of a kAggregate request (see python/python_worker.h): the
// new states (BINARY, one per group) or, with kwargs finalize=1, the
// results (the UDF's return type, one per group).
Result<ColumnPtr> RunAggregateStep(const PythonUdf& udf, const PythonWorkerRequest& request);

}  // namespace copra
