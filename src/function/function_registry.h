// FunctionRegistry: every built-in scalar and aggregate function, resolved by
// name and argument types. Built once (thread-safe static init) and
// read-only afterwards, so lookups need no locks. User-defined (Python)
// functions live in the catalog, not here.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/aggregate_function.h"
#include "function/scalar_function.h"

namespace copra {

// A resolved call: the overload and the types each argument must be cast to.
template <typename Fn>
struct ResolvedCall {
  const Fn* function = nullptr;
  std::vector<LogicalType> cast_to;  // one per argument
  LogicalType return_type;
};

class FunctionRegistry {
 public:
  // The process-wide registry with all built-ins registered.
  static const FunctionRegistry& Global();

  void AddScalar(ScalarFunction fn);
  void AddAggregate(AggregateFunction fn);
  // Registers `alias` as another name for `name`'s overloads.
  void AddAlias(const std::string& alias, const std::string& name);

  bool IsScalar(const std::string& name) const;
  bool IsAggregate(const std::string& name) const;

  // Picks the overload needing the fewest implicit casts (exact matches
  // win; NULL arguments match any type). Errors: kUndefinedFunction naming
  // the call and the closest function name, or listing the candidate
  // signatures when only the argument types don't fit.
  // `string_literals` (optional) marks arguments that are string literals;
  // only those convert implicitly to temporal and BINARY parameters.
  Result<ResolvedCall<ScalarFunction>> ResolveScalar(
      const std::string& name, const std::vector<LogicalType>& args,
      const std::vector<bool>* string_literals = nullptr) const;
  Result<ResolvedCall<AggregateFunction>> ResolveAggregate(
      const std::string& name, const std::vector<LogicalType>& args) const;

  std::vector<std::string> ScalarNames() const;
  // Every overload registered under `name` (or its alias's target), in
  // registration order; empty when unknown. For tests and \df-style listings.
  std::vector<const ScalarFunction*> ScalarOverloads(const std::string& name) const;
  std::vector<std::string> AggregateNames() const;

 private:
  std::string Canonical(const std::string& name) const;

  std::map<std::string, std::vector<std::unique_ptr<ScalarFunction>>> scalars_;
  std::map<std::string, std::vector<std::unique_ptr<AggregateFunction>>> aggregates_;
  std::map<std::string, std::string> aliases_;
};

// Registration entry points, one per function family (each in its own file).
void RegisterArithmeticFunctions(FunctionRegistry* registry);
void RegisterComparisonFunctions(FunctionRegistry* registry);
void RegisterMathFunctions(FunctionRegistry* registry);
void RegisterStringFunctions(FunctionRegistry* registry);
void RegisterTimeFunctions(FunctionRegistry* registry);
void RegisterAggregateFunctions(FunctionRegistry* registry);
// PostgreSQL catalog functions and regexp_like (function/pg_functions.cpp).
void RegisterPgFunctions(FunctionRegistry* registry);
// Functions over the text form of arrays (function/pg_array.cpp).
void RegisterPgArrayFunctions(FunctionRegistry* registry);

}  // namespace copra
