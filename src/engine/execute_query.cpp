// StatementExecutor: SELECT and EXPLAIN.
#include <algorithm>
#include <cctype>

#include "engine/access_control.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "exec/physical_operator.h"
#include "optimizer/optimizer.h"
#include "planner/binder.h"
#include "planner/physical_planner.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

OptimizerOptions OptionsFor(const Session& session) {
  OptimizerOptions options;
  std::string enabled = session.GetSetting("optimizer");
  options.enabled = !(enabled == "off" || enabled == "false");
  std::string disabled = session.GetSetting("optimizer_disabled_rules");
  std::string item;
  for (char c : disabled + ",") {
    if (c == ',') {
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      std::transform(item.begin(), item.end(), item.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (!item.empty()) options.disabled_rules.insert(item);
      item.clear();
    } else {
      item.push_back(c);
    }
  }
  return options;
}

// Rows of (plan_type, plan) as EXPLAIN returns them.
class ExplainRows {
 public:
  void Add(const std::string& type, const std::string& plan) {
    types_.push_back(type);
    plans_.push_back(plan);
  }
  std::unique_ptr<QueryResult> Finish() {
    auto schema = std::make_shared<const Schema>(std::vector<Field>{
        {"plan_type", LogicalType::String(), false}, {"plan", LogicalType::String(), false}});
    ColumnBuilder t(LogicalType::String()), p(LogicalType::String());
    for (size_t i = 0; i < types_.size(); ++i) {
      (void)t.AppendString(types_[i]);
      (void)p.AppendString(plans_[i]);
    }
    int64_t n = static_cast<int64_t>(types_.size());
    std::vector<BatchPtr> batches{Batch::Make(schema, {t.Finish(), p.Finish()}, n)};
    return QueryResult::Materialized(schema, std::move(batches), "EXPLAIN");
  }

 private:
  std::vector<std::string> types_;
  std::vector<std::string> plans_;
};

}  // namespace

std::unique_ptr<Binder> StatementExecutor::MakeBinder() {
  auto binder = std::make_unique<Binder>(catalog_, session_->current_database());
  binder->set_parameters(parameters_);
  binder->set_user_functions(user_functions_.get());
  binder->set_session_user(session_->user());
  binder->set_backend(session_->backend_pid(), !session_->checks_privileges());
  if (session_->checks_privileges()) {
    binder->set_table_access_check([session = session_](const std::string& db, SourcePosition pos) {
      return CheckDatabaseAccess(*session, db, Privilege::kRead, pos);
    });
  }
  binder->set_subquery_runner([this](LogicalPlanPtr plan) -> Result<std::vector<BatchPtr>> {
    return RunPlan(std::move(plan));
  });
  return binder;
}

Result<std::vector<BatchPtr>> StatementExecutor::RunPlan(LogicalPlanPtr plan) {
  COPRA_ASSIGN_OR_RETURN(plan, Optimize(std::move(plan), OptionsFor(*session_), nullptr));
  COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr root, CreatePhysicalPlan(*plan));
  std::shared_ptr<ExecContext> ctx = MakeExecContext();
  COPRA_RETURN_NOT_OK(root->Open(ctx.get()));
  std::vector<BatchPtr> batches;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, root->Next());
    if (batch == nullptr) break;
    batches.push_back(std::move(batch));
  }
  return batches;
}

Result<std::unique_ptr<LogicalPlan>> StatementExecutor::PlanQuery(const QueryNode& query,
                                                                  std::vector<OptimizerStep>* steps,
                                                                  std::string* initial) {
  std::unique_ptr<Binder> binder = MakeBinder();
  COPRA_ASSIGN_OR_RETURN(BoundQuery bound, binder->BindQuery(query));
  COPRA_RETURN_NOT_OK(CheckPlan(*bound.plan));
  if (initial != nullptr) *initial = bound.plan->ToString();
  OptimizerOptions options = OptionsFor(*session_);
  options.record_steps = steps != nullptr;
  return Optimize(std::move(bound.plan), options, steps);
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteQuery(const SelectStatement& stmt) {
  COPRA_ASSIGN_OR_RETURN(LogicalPlanPtr plan, PlanQuery(*stmt.query, nullptr, nullptr));
  COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr root, CreatePhysicalPlan(*plan));
  std::shared_ptr<ExecContext> ctx = MakeExecContext();
  COPRA_RETURN_NOT_OK(root->Open(ctx.get()));
  SchemaPtr schema = plan->schema;
  // The source owns the operator tree and its context; QueryResult drops it
  // at the end of the stream.
  std::shared_ptr<PhysicalOperator> shared_root(std::move(root));
  QueryResult::BatchSource source = [shared_root, ctx, schema]() -> Result<BatchPtr> {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, shared_root->Next());
    if (batch == nullptr || batch->schema() == schema) return batch;
    return Batch::Make(schema, batch->columns(), batch->num_rows());
  };
  return QueryResult::Rows(schema, std::move(source));
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteExplain(
    const ExplainStatement& stmt) {
  if (stmt.statement->kind != StatementKind::kSelect) {
    return Status::NotSupported(std::string("EXPLAIN of ") +
                                    StatementKindName(stmt.statement->kind) +
                                    " statements is not supported",
                                stmt.statement->pos);
  }
  const QueryNode& query = *stmt.statement->As<SelectStatement>().query;
  std::vector<OptimizerStep> steps;
  std::string initial;
  COPRA_ASSIGN_OR_RETURN(LogicalPlanPtr plan,
                         PlanQuery(query, stmt.verbose ? &steps : nullptr, &initial));
  COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr root, CreatePhysicalPlan(*plan));
  ExplainRows rows;
  if (stmt.verbose) {
    rows.Add("initial_logical_plan", initial);
    for (const OptimizerStep& step : steps) {
      if (step.changed) rows.Add("logical_plan after " + step.rule, step.plan);
    }
  }
  rows.Add("logical_plan", plan->ToString());
  if (stmt.analyze) {
    std::shared_ptr<ExecContext> ctx = MakeExecContext();
    COPRA_RETURN_NOT_OK(root->Open(ctx.get()));
    while (true) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, root->Next());
      if (batch == nullptr) break;
    }
    rows.Add("physical_plan", root->ToString(true));
  } else {
    rows.Add("physical_plan", root->ToString(false));
  }
  return rows.Finish();
}

}  // namespace copra
