// bool_and(x) (alias every) and bool_or(x): BOOLEAN → BOOLEAN, NULL for a
// group with no non-NULL input.
#include "function/aggregate_kernel.h"

namespace copra::agg {

namespace {

template <bool kOr>
struct BoolOp {
  using In = bool;
  struct State {
    bool value = false;
    bool has = false;
  };

  static void Add(State& s, bool v) {
    s.value = !s.has ? v : (kOr ? (s.value || v) : (s.value && v));
    s.has = true;
  }
  static void AddRepeated(State& s, bool v, int64_t) { Add(s, v); }
  static void Combine(State& s, const State& o) {
    if (o.has) Add(s, o.value);
  }
  static Result<ColumnPtr> Finalize(const std::vector<State>& states, const LogicalType& ret) {
    const auto n = static_cast<int64_t>(states.size());
    FixedOutput out(ret, n);
    for (int64_t g = 0; g < n; ++g) {
      if (states[g].has) {
        out.Set<bool>(g, states[g].value);
      } else {
        out.SetNull(g);
      }
    }
    return out.Finish();
  }
};

}  // namespace

void RegisterBoolAggregates(FunctionRegistry* registry) {
  AddAggregate(registry, "bool_and", {LogicalType::Boolean()}, LogicalType::Boolean(),
               MakeSimple<BoolOp<false>>);
  AddAggregate(registry, "bool_or", {LogicalType::Boolean()}, LogicalType::Boolean(),
               MakeSimple<BoolOp<true>>);
  registry->AddAlias("every", "bool_and");
}

}  // namespace copra::agg
