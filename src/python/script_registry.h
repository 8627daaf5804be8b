// ScriptRegistry: the coprocessor scripts of every database, by name, and
// the entry point to run one. This is the engine-level API behind
// CREATE/DROP SCRIPT, SHOW SCRIPTS, run_script('name') and the HTTP
// endpoints POST /v1/scripts and POST /v1/run-script.
//
// Persistence: with a data directory, script `name` of database `db` lives
// in <data_dir>/scripts/<db>/<name>.py (written to a temp file, fsynced,
// then renamed), and LoadAll() compiles them at startup. A stored script
// that no longer compiles does not stop startup: it is logged, listed by
// SHOW SCRIPTS with its error, and running it reports that error. With an
// empty data directory nothing is persisted.
//
// Thread-safe: an internal mutex guards the map; it is never held while
// Python runs (compilation happens before the map is touched).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/query_result.h"
#include "python/coprocessor.h"

namespace copra {

class Session;

struct ScriptInfo {
  std::string name;
  std::string source;
  std::shared_ptr<const Coprocessor> compiled;  // null when it failed to compile
  Status error;                                 // why, when compiled is null
};

class ScriptRegistry {
 public:
  explicit ScriptRegistry(std::string data_dir);

  // Compiles every stored script (startup). Never fails because of a
  // script; only unreadable directories are errors.
  Status LoadAll();

  // Compiles `source` and stores it as `name` in `db`. An existing script
  // is replaced when `replace` (else kDuplicateObject). Compile errors
  // (with the script line) are returned and nothing is stored.
  Status Register(const std::string& db, const std::string& name, const std::string& source,
                  bool replace = true);
  // kUndefinedObject when missing, unless `if_exists`.
  Status Drop(const std::string& db, const std::string& name, bool if_exists);
  // The compiled script, kUndefinedObject when missing, its compile error
  // when it failed to compile at startup.
  Result<std::shared_ptr<const Coprocessor>> Get(const std::string& db,
                                                 const std::string& name) const;
  // Scripts of `db`, sorted by name.
  std::vector<ScriptInfo> List(const std::string& db) const;

  // Runs script `name` of the session's current database: its sql= (if
  // any) in that database, the function once per result batch (or once
  // without sql), streaming the outputs. `params` become **kwargs.
  Result<std::unique_ptr<QueryResult>> RunScript(Session& session, const std::string& name,
                                                 const std::map<std::string, std::string>& params);

 private:
  std::string ScriptPath(const std::string& db, const std::string& name) const;

  const std::string data_dir_;
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, ScriptInfo>> scripts_;  // GUARDED_BY(mu_)
};

// Runs a compiled coprocessor for `session` (see ScriptRegistry::RunScript).
Result<std::unique_ptr<QueryResult>> RunCoprocessor(
    Session& session, std::shared_ptr<const Coprocessor> script,
    const std::map<std::string, std::string>& params);

}  // namespace copra
