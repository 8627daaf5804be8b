#include "function/function_registry.h"

#include <algorithm>
#include <limits>

#include "common/suggest.h"
#include "function/pg_record.h"

namespace copra {

namespace {

constexpr int kNoCast = std::numeric_limits<int>::max();

int IntegerRank(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
    case TypeId::kUInt8: return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32: return 3;
    case TypeId::kInt64:
    case TypeId::kUInt64: return 4;
    default: return 0;
  }
}

// Cost of implicitly converting `from` to `to` when matching an overload;
// kNoCast when not allowed implicitly.
int ImplicitCastCost(const LogicalType& from, const LogicalType& to, bool string_literal) {
  if (from == to) return 0;
  if (from.IsNull()) return 1;
  if (from.IsInteger() && to.IsInteger()) {
    int fr = IntegerRank(from.id()), tr = IntegerRank(to.id());
    if (from.IsUnsignedInteger() == to.IsUnsignedInteger()) return tr > fr ? tr - fr : kNoCast;
    // unsigned → strictly wider signed is lossless; signed → unsigned never.
    if (from.IsUnsignedInteger() && tr > fr) return tr - fr;
    return kNoCast;
  }
  if (from.IsInteger() && to.IsFloat()) return to.id() == TypeId::kFloat64 ? 5 : 6;
  if (from.id() == TypeId::kFloat32 && to.id() == TypeId::kFloat64) return 1;
  if (from.id() == TypeId::kTimestamp && to.id() == TypeId::kTimestamp) return 1;
  if (from.id() == TypeId::kDate && to.id() == TypeId::kTimestamp) return 2;
  // Like PostgreSQL's untyped literals: a string literal (never a STRING
  // column) converts to a temporal or BINARY parameter.
  if (string_literal && from.id() == TypeId::kString && to.IsTemporal()) return 8;
  if (string_literal && from.id() == TypeId::kString && to.id() == TypeId::kBinary) return 8;
  return kNoCast;
}

std::string TypeList(const std::vector<LogicalType>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i].IsNull() ? "NULL" : args[i].ToString();
  }
  return out;
}

template <typename Fn>
Result<ResolvedCall<Fn>> Resolve(const std::vector<std::unique_ptr<Fn>>& overloads,
                                 const std::string& name, const std::vector<LogicalType>& args,
                                 const std::vector<bool>* string_literals) {
  const Fn* best = nullptr;
  int best_cost = kNoCast;
  std::vector<LogicalType> best_casts;
  for (const auto& fn : overloads) {
    const auto& params = fn->arg_types;
    bool variadic = false;
    if constexpr (std::is_same_v<Fn, ScalarFunction>) variadic = fn->variadic;
    if (variadic ? (params.empty() || args.size() < params.size() - 1)
                 : args.size() != params.size()) {
      continue;
    }
    int cost = 0;
    std::vector<LogicalType> casts;
    for (size_t i = 0; i < args.size() && cost != kNoCast; ++i) {
      const LogicalType& p = i < params.size() ? params[i] : params.back();
      bool literal =
          string_literals != nullptr && i < string_literals->size() && (*string_literals)[i];
      int c = ImplicitCastCost(args[i], p, literal);
      if (c == kNoCast) {
        cost = kNoCast;
      } else {
        cost += c;
        casts.push_back(p);
      }
    }
    if (cost < best_cost) {
      best = fn.get();
      best_cost = cost;
      best_casts = std::move(casts);
    }
  }
  if (best == nullptr) {
    std::string msg = "function " + name + "(" + TypeList(args) + ") does not exist";
    if (!overloads.empty()) {
      msg += "; candidates are:";
      for (const auto& fn : overloads) msg += " " + fn->Signature() + ";";
      msg.pop_back();
    }
    return Status::Error(ErrorCode::kUndefinedFunction, msg);
  }
  ResolvedCall<Fn> call;
  call.function = best;
  call.cast_to = std::move(best_casts);
  call.return_type = best->return_type;
  return call;
}

}  // namespace

std::string ScalarFunction::Signature() const {
  std::string out = name + "(" + TypeList(arg_types) + (variadic ? ", ..." : "") + ")";
  return out + " -> " + return_type.ToString();
}

std::string AggregateFunction::Signature() const {
  return name + "(" + (arg_types.empty() ? std::string("*") : TypeList(arg_types)) + ") -> " +
         return_type.ToString();
}

const FunctionRegistry& FunctionRegistry::Global() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterArithmeticFunctions(r);
    RegisterComparisonFunctions(r);
    RegisterMathFunctions(r);
    RegisterStringFunctions(r);
    RegisterTimeFunctions(r);
    RegisterAggregateFunctions(r);
    RegisterPgFunctions(r);
    RegisterPgArrayFunctions(r);
    RegisterPgRecordFunctions(r);
    return r;
  }();
  return *registry;
}

void FunctionRegistry::AddScalar(ScalarFunction fn) {
  std::string key = fn.name;
  scalars_[key].push_back(std::make_unique<ScalarFunction>(std::move(fn)));
}

void FunctionRegistry::AddAggregate(AggregateFunction fn) {
  std::string key = fn.name;
  aggregates_[key].push_back(std::make_unique<AggregateFunction>(std::move(fn)));
}

void FunctionRegistry::AddAlias(const std::string& alias, const std::string& name) {
  aliases_[alias] = name;
}

std::string FunctionRegistry::Canonical(const std::string& name) const {
  auto it = aliases_.find(name);
  return it == aliases_.end() ? name : it->second;
}

bool FunctionRegistry::IsScalar(const std::string& name) const {
  return scalars_.count(Canonical(name)) != 0;
}

bool FunctionRegistry::IsAggregate(const std::string& name) const {
  return aggregates_.count(Canonical(name)) != 0;
}

Result<ResolvedCall<ScalarFunction>> FunctionRegistry::ResolveScalar(
    const std::string& name, const std::vector<LogicalType>& args,
    const std::vector<bool>* string_literals) const {
  auto it = scalars_.find(Canonical(name));
  if (it == scalars_.end()) {
    std::vector<std::string> names = ScalarNames();
    for (const std::string& a : AggregateNames()) names.push_back(a);
    return Status::Error(
        ErrorCode::kUndefinedFunction,
        "function " + name + "(" + TypeList(args) + ") does not exist" + DidYouMean(name, names));
  }
  return Resolve(it->second, name, args, string_literals);
}

Result<ResolvedCall<AggregateFunction>> FunctionRegistry::ResolveAggregate(
    const std::string& name, const std::vector<LogicalType>& args) const {
  auto it = aggregates_.find(Canonical(name));
  if (it == aggregates_.end()) {
    return Status::Error(ErrorCode::kUndefinedFunction, "aggregate function " + name + "(" +
                                                            TypeList(args) + ") does not exist" +
                                                            DidYouMean(name, AggregateNames()));
  }
  return Resolve(it->second, name, args, nullptr);
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> out;
  for (const auto& [n, v] : scalars_) out.push_back(n);
  // Aliases are shared by both kinds; list only those naming a scalar.
  for (const auto& [a, n] : aliases_) {
    if (scalars_.count(n) != 0) out.push_back(a);
  }
  return out;
}

std::vector<const ScalarFunction*> FunctionRegistry::ScalarOverloads(
    const std::string& name) const {
  std::vector<const ScalarFunction*> out;
  auto it = scalars_.find(Canonical(name));
  if (it != scalars_.end()) {
    for (const auto& fn : it->second) out.push_back(fn.get());
  }
  return out;
}

std::vector<std::string> FunctionRegistry::AggregateNames() const {
  std::vector<std::string> out;
  for (const auto& [n, v] : aggregates_) out.push_back(n);
  for (const auto& [a, n] : aliases_) {
    if (aggregates_.count(n) != 0) out.push_back(a);
  }
  return out;
}

}  // namespace copra
