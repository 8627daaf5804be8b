// RunServerQuery: the SQL of copra.query().sql(), run in the database of
// the calling script (its CoprocessorContext: database, user, batch size)
// in a new session, for the in-process backend (python/copra_native.cpp)
// and for a worker's query request (python/worker_pool.cpp). The result's
// columns are concatenated, one per output column.
//
// Runs the engine on the calling thread: call it without the GIL. When the
// context has a cancel flag, setting it cancels the query too. Thread-safe.
#pragma once

#include <string>

#include "python/coprocessor.h"
#include "python/python_worker.h"

namespace copra {

// Errors are kPythonError with the text the script's copra.QueryError
// shows: the engine's error (Status::ToString()), or "query().sql() is only
// available while a script runs in a database" when `ctx` has no database.
Result<ServerQueryAnswer> RunServerQuery(const CoprocessorContext* ctx, const std::string& sql);

}  // namespace copra
