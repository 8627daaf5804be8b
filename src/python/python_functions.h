// PythonFunctions: the Python UDFs of every database (CREATE/DROP FUNCTION,
// SHOW FUNCTIONS) and the binder's view of everything user-defined
// (UserFunctions): UDFs, coprocessor scripts callable as SQL functions
// (a script with args= and no sql=), and the run_script('name', 'k=v', ...)
// table function.
//
// Persistence: with a data directory, UDF `f` of database `db` is stored
// as its CREATE statement in <data_dir>/functions/<db>/<f>.sql (atomic
// replace) and re-created by LoadAll() at startup; one that fails is
// logged and skipped.
//
// Thread-safe (internal mutex, never held while Python runs). Replaced or
// dropped UDFs are retired, not freed, because bound plans point at them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "function/user_functions.h"
#include "python/python_udf.h"

namespace copra {

class Database;
class ScriptRegistry;
class Session;

class PythonFunctions {
 public:
  PythonFunctions(std::string data_dir, ScriptRegistry* scripts);
  ~PythonFunctions();

  Status LoadAll();

  // CREATE [OR REPLACE] [AGGREGATE] FUNCTION ... LANGUAGE PYTHON in `db`.
  Status Create(const std::string& db, const CreateFunctionStatement& stmt);
  Status Drop(const std::string& db, const std::string& name, bool if_exists);
  // UDFs of `db`, sorted by name.
  std::vector<std::shared_ptr<PythonUdf>> List(const std::string& db) const;
  std::shared_ptr<PythonUdf> Find(const std::string& db, const std::string& name) const;

  // The binder's hook for one session (run_script needs the session).
  std::unique_ptr<UserFunctions> ForSession(Session* session);

 private:
  friend class SessionUserFunctions;

  std::string FunctionPath(const std::string& db, const std::string& name) const;

  const std::string data_dir_;
  ScriptRegistry* scripts_;
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, std::shared_ptr<PythonUdf>>>
      udfs_;                                          // GUARDED_BY(mu_)
  std::vector<std::shared_ptr<const void>> retired_;  // GUARDED_BY(mu_)
  // Scalar functions made for scripts called from SQL, by
  // "<db>\0<script>\0<types>"; kept for the Database's life.
  std::map<std::string, std::shared_ptr<const void>> script_functions_;  // GUARDED_BY(mu_)
};

}  // namespace copra
