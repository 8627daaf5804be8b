#include "planner/logical_plan.h"

namespace copra {

namespace {

std::string JoinExprs(const std::vector<BoundExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs[i]->ToString();
  }
  return out;
}

const char* JoinTypeName(LogicalJoinType t) {
  switch (t) {
    case LogicalJoinType::kInner: return "Inner";
    case LogicalJoinType::kLeft: return "Left";
    case LogicalJoinType::kRight: return "Right";
    case LogicalJoinType::kFull: return "Full";
    case LogicalJoinType::kCross: return "Cross";
    case LogicalJoinType::kSemi: return "Semi";
    case LogicalJoinType::kAnti: return "Anti";
  }
  return "?";
}

const char* SetOpName(SetOperationType t) {
  switch (t) {
    case SetOperationType::kUnion: return "Union";
    case SetOperationType::kIntersect: return "Intersect";
    case SetOperationType::kExcept: return "Except";
  }
  return "?";
}

void AppendTree(const LogicalPlan& plan, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  out->append(plan.NodeToString());
  out->push_back('\n');
  for (const LogicalPlanPtr& c : plan.children) AppendTree(*c, depth + 1, out);
}

SchemaPtr SchemaOf(std::vector<Field> fields) {
  return std::make_shared<const Schema>(std::move(fields));
}

}  // namespace

std::string SortKey::ToString() const {
  return expr->ToString() + (descending ? " DESC" : " ASC") +
         (nulls_first ? " NULLS FIRST" : " NULLS LAST");
}

std::string AggregateCall::ToString() const { return name; }

std::string FrameBound::ToString() const {
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return offset.ToString() + " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return offset.ToString() + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

std::string WindowFrame::ToString() const {
  return std::string(unit == WindowFrameUnit::kRows ? "ROWS" : "RANGE") + " BETWEEN " +
         start.ToString() + " AND " + end.ToString();
}

std::string LogicalPlan::NodeToString() const {
  switch (kind) {
    case LogicalPlanKind::kScan: {
      std::string out = "TableScan: " + table->name();
      if (!table_alias.empty() && table_alias != table->name()) out += " AS " + table_alias;
      out += " projection=[";
      for (size_t i = 0; i < projection.size(); ++i) {
        if (i > 0) out += ", ";
        out += table->schema().column(static_cast<size_t>(projection[i])).name;
      }
      out += "]";
      if (!scan_filters.empty()) out += " filters=[" + JoinExprs(scan_filters) + "]";
      if (time_range.has_value()) {
        out += " time_range=[" +
               (time_range->start == std::numeric_limits<int64_t>::min()
                    ? std::string("-inf")
                    : std::to_string(time_range->start)) +
               ", " +
               (time_range->end == std::numeric_limits<int64_t>::max()
                    ? std::string("+inf")
                    : std::to_string(time_range->end)) +
               ")";
      }
      if (scan_limit.has_value()) out += " limit=" + std::to_string(*scan_limit);
      if (scan_aggregated) {
        out += " partial_aggregate=[groupBy=[" + JoinExprs(groups) + "], aggr=[";
        for (size_t i = 0; i < aggregates.size(); ++i) {
          if (i > 0) out += ", ";
          out += aggregates[i].ToString();
        }
        out += "]]";
      }
      return out;
    }
    case LogicalPlanKind::kValues:
      return "Values: " + std::to_string(rows.size()) + (rows.size() == 1 ? " row" : " rows");
    case LogicalPlanKind::kFilter: return "Filter: " + predicate->ToString();
    case LogicalPlanKind::kProjection: {
      std::string out = "Projection: ";
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (i > 0) out += ", ";
        std::string e = exprs[i]->ToString();
        out += e;
        const std::string& name = schema->field(i).name;
        if (name != e) out += " AS " + name;
      }
      return out;
    }
    case LogicalPlanKind::kAggregate: {
      std::string out = "Aggregate: groupBy=[" + JoinExprs(groups) + "], aggr=[";
      for (size_t i = 0; i < aggregates.size(); ++i) {
        if (i > 0) out += ", ";
        out += aggregates[i].ToString();
      }
      return out + "]";
    }
    case LogicalPlanKind::kSort:
    case LogicalPlanKind::kTopN: {
      std::string out = kind == LogicalPlanKind::kSort ? "Sort: " : "TopN: ";
      for (size_t i = 0; i < sort_keys.size(); ++i) {
        if (i > 0) out += ", ";
        out += sort_keys[i].ToString();
      }
      if (kind == LogicalPlanKind::kTopN) {
        out += " fetch=" + std::to_string(limit.value_or(0));
        if (offset > 0) out += " skip=" + std::to_string(offset);
        if (time_slice_bucket != nullptr) {
          out += std::string(" time_sliced=") + (sort_keys[0].descending ? "newest" : "oldest") +
                 "_first";
        }
      }
      return out;
    }
    case LogicalPlanKind::kLimit:
      return "Limit: skip=" + std::to_string(offset) +
             ", fetch=" + (limit.has_value() ? std::to_string(*limit) : std::string("None"));
    case LogicalPlanKind::kJoin:
      return std::string(JoinTypeName(join_type)) + " Join" +
             (predicate ? ": " + predicate->ToString() : std::string());
    case LogicalPlanKind::kSetOperation:
      return std::string(SetOpName(set_op)) + (set_all ? " All" : "");
    case LogicalPlanKind::kDistinct: return "Distinct";
    case LogicalPlanKind::kEmpty: return "EmptyRelation";
    case LogicalPlanKind::kWindow: {
      std::string out = "Window: ";
      for (size_t i = 0; i < windows.size(); ++i) {
        if (i > 0) out += ", ";
        out += windows[i].ToString();
      }
      return out;
    }
    case LogicalPlanKind::kProjectSet: {
      std::string out = "ProjectSet: ";
      for (size_t i = 0; i < set_functions.size(); ++i) {
        if (i > 0) out += ", ";
        out += set_functions[i].ToString();
      }
      return out;
    }
  }
  return "?";
}

std::string LogicalPlan::ToString() const {
  std::string out;
  AppendTree(*this, 0, &out);
  if (!out.empty()) out.pop_back();
  return out;
}

LogicalPlanPtr LogicalPlan::Clone() const {
  auto copy = std::make_unique<LogicalPlan>(kind);
  copy->schema = schema;
  for (const LogicalPlanPtr& c : children) copy->children.push_back(c->Clone());
  copy->table = table;
  copy->table_alias = table_alias;
  copy->projection = projection;
  copy->scan_filters = scan_filters;
  copy->time_range = time_range;
  copy->scan_limit = scan_limit;
  copy->scan_aggregated = scan_aggregated;
  copy->rows = rows;
  copy->predicate = predicate;
  copy->exprs = exprs;
  copy->groups = groups;
  copy->aggregates = aggregates;
  copy->sort_keys = sort_keys;
  copy->time_slice_bucket = time_slice_bucket;
  copy->limit = limit;
  copy->offset = offset;
  copy->join_type = join_type;
  copy->set_op = set_op;
  copy->set_all = set_all;
  copy->windows = windows;
  copy->set_functions = set_functions;
  return copy;
}

LogicalPlanPtr MakeScan(TablePtr table, std::string alias, std::vector<int> projection) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kScan);
  std::vector<Field> fields;
  for (int i : projection) {
    const TableColumn& c = table->schema().column(static_cast<size_t>(i));
    fields.push_back(Field{c.name, c.type, c.nullable});
  }
  plan->schema = SchemaOf(std::move(fields));
  plan->table = std::move(table);
  plan->table_alias = std::move(alias);
  plan->projection = std::move(projection);
  return plan;
}

LogicalPlanPtr MakeValues(SchemaPtr schema, std::vector<std::vector<BoundExprPtr>> rows) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kValues);
  plan->schema = std::move(schema);
  plan->rows = std::move(rows);
  return plan;
}

LogicalPlanPtr MakeFilter(LogicalPlanPtr child, BoundExprPtr predicate) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kFilter);
  plan->schema = child->schema;
  plan->predicate = std::move(predicate);
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeProjection(LogicalPlanPtr child, std::vector<BoundExprPtr> exprs,
                              std::vector<std::string> names) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kProjection);
  std::vector<Field> fields;
  for (size_t i = 0; i < exprs.size(); ++i) {
    fields.push_back(Field{i < names.size() ? names[i] : exprs[i]->ToString(), exprs[i]->type});
  }
  plan->schema = SchemaOf(std::move(fields));
  plan->exprs = std::move(exprs);
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeAggregate(LogicalPlanPtr child, std::vector<BoundExprPtr> groups,
                             std::vector<AggregateCall> aggregates) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kAggregate);
  std::vector<Field> fields;
  for (const BoundExprPtr& g : groups) {
    fields.push_back(Field{g->name.empty() ? g->ToString() : g->name, g->type});
  }
  for (const AggregateCall& a : aggregates) fields.push_back(Field{a.name, a.type});
  plan->schema = SchemaOf(std::move(fields));
  plan->groups = std::move(groups);
  plan->aggregates = std::move(aggregates);
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeSort(LogicalPlanPtr child, std::vector<SortKey> keys) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kSort);
  plan->schema = child->schema;
  plan->sort_keys = std::move(keys);
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeLimit(LogicalPlanPtr child, std::optional<int64_t> limit, int64_t offset) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kLimit);
  plan->schema = child->schema;
  plan->limit = limit;
  plan->offset = offset;
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeJoin(LogicalPlanPtr left, LogicalPlanPtr right, LogicalJoinType type,
                        BoundExprPtr condition) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kJoin);
  std::vector<Field> fields;
  bool left_nullable = type == LogicalJoinType::kRight || type == LogicalJoinType::kFull;
  bool right_nullable = type == LogicalJoinType::kLeft || type == LogicalJoinType::kFull;
  for (Field f : left->schema->fields()) {
    f.nullable |= left_nullable;
    fields.push_back(std::move(f));
  }
  if (type != LogicalJoinType::kSemi && type != LogicalJoinType::kAnti) {
    for (Field f : right->schema->fields()) {
      f.nullable |= right_nullable;
      fields.push_back(std::move(f));
    }
  }
  plan->schema = SchemaOf(std::move(fields));
  plan->join_type = type;
  plan->predicate = std::move(condition);
  plan->children.push_back(std::move(left));
  plan->children.push_back(std::move(right));
  return plan;
}

LogicalPlanPtr MakeSetOperation(LogicalPlanPtr left, LogicalPlanPtr right, SetOperationType op,
                                bool all, SchemaPtr schema) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kSetOperation);
  plan->schema = std::move(schema);
  plan->set_op = op;
  plan->set_all = all;
  plan->children.push_back(std::move(left));
  plan->children.push_back(std::move(right));
  return plan;
}

LogicalPlanPtr MakeDistinct(LogicalPlanPtr child) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kDistinct);
  plan->schema = child->schema;
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeWindow(LogicalPlanPtr child, std::vector<WindowCall> windows) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kWindow);
  std::vector<Field> fields = child->schema->fields();
  for (const WindowCall& w : windows) fields.push_back(Field{w.name, w.type});
  plan->schema = SchemaOf(std::move(fields));
  plan->windows = std::move(windows);
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeProjectSet(LogicalPlanPtr child, std::vector<SetFunctionCall> calls) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kProjectSet);
  std::vector<Field> fields = child->schema->fields();
  for (const SetFunctionCall& c : calls) fields.push_back(Field{c.name, c.type});
  plan->schema = SchemaOf(std::move(fields));
  plan->set_functions = std::move(calls);
  plan->children.push_back(std::move(child));
  return plan;
}

LogicalPlanPtr MakeEmpty(SchemaPtr schema) {
  auto plan = std::make_unique<LogicalPlan>(LogicalPlanKind::kEmpty);
  plan->schema = std::move(schema);
  return plan;
}

}  // namespace copra
