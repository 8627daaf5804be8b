// UserFunctions: the binder's hook for functions defined by users (Python
// UDFs, coprocessor scripts callable from SQL) and user table functions
// (run_script). Built-ins (FunctionRegistry) are looked up first; user
// functions live per database.
//
// Implementations must be thread-safe. Function objects returned stay valid
// for the life of the Database (dropped functions are retired, not freed),
// because bound plans keep raw pointers to them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/table.h"
#include "common/status.h"
#include "function/function_registry.h"
#include "types/value.h"

namespace copra {

class UserFunctions {
 public:
  virtual ~UserFunctions() = default;

  // A call of user scalar function `name` in `database` with arguments of
  // `args` types; function == nullptr when no such user function exists.
  // Errors when it exists but the arguments do not fit.
  virtual Result<ResolvedCall<ScalarFunction>> ResolveScalar(
      const std::string& database, const std::string& name,
      const std::vector<LogicalType>& args) const = 0;
  // Same for aggregates.
  virtual Result<ResolvedCall<AggregateFunction>> ResolveAggregate(
      const std::string& database, const std::string& name,
      const std::vector<LogicalType>& args) const = 0;
  // Whether `name` is a user aggregate in `database` (decides aggregate
  // context while binding).
  virtual bool IsAggregate(const std::string& database, const std::string& name) const = 0;

  // A table function call in FROM with constant arguments; nullptr when
  // `name` is not a user table function.
  virtual Result<TablePtr> CallTableFunction(const std::string& database, const std::string& name,
                                             const std::vector<Value>& args) const = 0;
};

}  // namespace copra
