// PostgreSQL's catalog-dependent functions and casts (catalog/pg_object_text.h):
//
//   'cpu'::regclass                      the OID, looked up while binding
//   x::regclass::text (also regtype, regnamespace; to text, varchar, name)
//   pg_get_indexdef(oid [, col, pretty]), pg_get_constraintdef(oid [, pretty])
//
// A constant OID is answered while binding. Otherwise the clause's input is
// LEFT JOINed with a table of (oid, text) for that kind of object, as
// correlated subqueries are (bind_correlated.cpp), and the expression reads
// the joined text; regclass and the other reg* types fall back to the OID's
// digits for OIDs that name nothing, as PostgreSQL prints them. Outside
// SELECT and WHERE (no input to join) the reg* casts give the digits.
//
// Also the session's settings as clients read them: current_schemas(bool)
// and current_setting(name).
#include "catalog/pg_key_index.h"
#include "catalog/pg_object_text.h"
#include "catalog/pg_type.h"
#include "exec/expression_evaluator.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

namespace {

std::optional<PgObjectText> RegTypeText(const std::string& type_name) {
  if (type_name == "regclass") return PgObjectText::kRelationName;
  if (type_name == "regtype") return PgObjectText::kTypeName;
  if (type_name == "regnamespace") return PgObjectText::kNamespaceName;
  return std::nullopt;
}

// A type by PostgreSQL name: "int8", "bigint", "pg_catalog.text", "_int4".
std::optional<uint32_t> PgTypeOidByName(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text.rfind("pg_catalog.", 0) == 0) text = text.substr(11);
  for (const PgType& t : AllPgTypes()) {
    if (text == t.name || text == t.sql_name) return t.oid;
  }
  return std::nullopt;
}

bool IsTextTypeName(const std::string& type_name) {
  return type_name == "text" || type_name == "name" || type_name == "varchar" ||
         type_name == "character varying" || type_name == "string";
}

}  // namespace

Result<BoundExprPtr> ExpressionBinder::BindPgObjectText(BoundExprPtr oid, PgObjectText what,
                                                        bool digits_fallback, SourcePosition pos,
                                                        BoundExprPtr subid) {
  const bool reg = what == PgObjectText::kRelationName || what == PgObjectText::kTypeName ||
                   what == PgObjectText::kNamespaceName;
  if (subid == nullptr) subid = BoundExpr::Constant(Value::Int32(0));
  if (oid->kind == BoundExprKind::kConstant && subid->kind == BoundExprKind::kConstant) {
    const Value& v = oid->value;
    if (v.is_null() || subid->value.is_null()) {
      return BoundExpr::Constant(Value::Null(LogicalType::String()));
    }
    COPRA_ASSIGN_OR_RETURN(Value n, v.CastTo(LogicalType::Int64()));
    COPRA_ASSIGN_OR_RETURN(Value sub, subid->value.CastTo(LogicalType::Int64()));
    std::optional<std::string> text = LookupPgObjectText(
        *binder_->catalog_, binder_->current_database(), what, static_cast<uint32_t>(n.GetInt64()),
        static_cast<int32_t>(sub.GetInt64()));
    if (text.has_value()) return BoundExpr::Constant(Value::String(*text));
    if (digits_fallback) return BoundExpr::Constant(Value::String(std::to_string(n.GetInt64())));
    return BoundExpr::Constant(Value::Null(LogicalType::String()));
  }
  BoundExprPtr digits = BoundExpr::Cast(oid, LogicalType::String());
  if (subquery_input_ == nullptr || aggregates_ != nullptr) {
    if (reg) return digits;
    return Status::NotSupported(
        "this catalog function is only supported in the SELECT list and WHERE clause", pos);
  }
  BoundExprPtr key =
      oid->type == LogicalType::UInt32() ? oid : BoundExpr::Cast(oid, LogicalType::UInt32());
  TablePtr table = MakePgObjectTextTable(binder_->catalog_, binder_->current_database(), what);
  BoundExprPtr sub_key =
      subid->type == LogicalType::Int32() ? subid : BoundExpr::Cast(subid, LogicalType::Int32());
  LogicalPlanPtr scan = MakeScan(table, "#pg_object_text", {0, 1, 2});
  COPRA_ASSIGN_OR_RETURN(
      int base, binder_->JoinDerived(subquery_input_, std::move(scan), {key, sub_key}, {}));
  const ScopeColumn& col = subquery_input_->scope->columns()[static_cast<size_t>(base + 2)];
  BoundExprPtr text = BoundExpr::ColumnRef(base + 2, col.type, col.name);
  if (!digits_fallback) return text;
  auto coalesce = std::make_shared<BoundExpr>();
  coalesce->kind = BoundExprKind::kCoalesce;
  coalesce->type = LogicalType::String();
  coalesce->children = {text, digits};
  return BoundExprPtr(coalesce);
}

Result<BoundExprPtr> ExpressionBinder::BindPgCast(const CastExpr& expr) {
  // 'name'::regclass, $1::regtype (a text parameter binds as a constant)
  if (expr.type_name == "regclass" || expr.type_name == "regtype") {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr name, Bind(*expr.operand));
    if (name->kind != BoundExprKind::kConstant || name->value.is_null() ||
        name->value.type().id() != TypeId::kString) {
      return BoundExprPtr();  // an OID already: the plain cast
    }
    const std::string text = name->value.ToString();
    if (expr.type_name == "regtype") {
      std::optional<uint32_t> oid = PgTypeOidByName(text);
      if (!oid.has_value()) {
        return Status::Error(ErrorCode::kUndefinedObject, "type \"" + text + "\" does not exist",
                             expr.operand->pos);
      }
      return BoundExpr::Constant(Value::UInt32(*oid));
    }
    Result<uint32_t> oid = ResolveRegclass(*binder_->catalog_, binder_->current_database(), text);
    if (!oid.ok()) return oid.status().WithPosition(expr.operand->pos);
    return BoundExpr::Constant(Value::UInt32(*oid));
  }
  // 'pg_catalog.array_in'::regproc: functions are known by name only
  // (pg_type.typinput holds names), so the literal stays text.
  if (expr.type_name == "regproc" && expr.operand->kind == ExprKind::kLiteral &&
      expr.operand->As<LiteralExpr>().literal_kind == LiteralKind::kString) {
    std::string name = expr.operand->As<LiteralExpr>().text;
    if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
    return BoundExpr::Constant(Value::String(name));
  }
  // x::regclass::text
  if (IsTextTypeName(expr.type_name) && expr.operand->kind == ExprKind::kCast) {
    const CastExpr& inner = expr.operand->As<CastExpr>();
    std::optional<PgObjectText> what = RegTypeText(inner.type_name);
    if (!what.has_value()) return BoundExprPtr();
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr oid, Bind(*expr.operand));
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr text, BindPgObjectText(oid, *what, true, expr.pos));
    return text;
  }
  return BoundExprPtr();
}

Result<BoundExprPtr> ExpressionBinder::BindPgFunction(const FunctionCallExpr& call) {
  if (!call.schema.empty() && call.schema != "pg_catalog") return BoundExprPtr();
  PgObjectText what;
  if ((call.name == "to_regtype" || call.name == "to_regclass") && call.args.size() == 1) {
    // to_regtype('int8'), to_regclass('cpu'): the OID, or NULL for no such
    // object. The name must be a constant (or a parameter's value).
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr name, Bind(*call.args[0]));
    if (name->kind != BoundExprKind::kConstant) {
      return Status::NotSupported(call.name + "() needs a constant argument", call.pos);
    }
    if (name->value.is_null()) return BoundExpr::Constant(Value::Null(LogicalType::UInt32()));
    const std::string text = name->value.ToString();
    if (call.name == "to_regclass") {
      Result<uint32_t> oid = ResolveRegclass(*binder_->catalog_, binder_->current_database(), text);
      return BoundExpr::Constant(oid.ok() ? Value::UInt32(*oid)
                                          : Value::Null(LogicalType::UInt32()));
    }
    std::optional<uint32_t> oid = PgTypeOidByName(text);
    return BoundExpr::Constant(oid.has_value() ? Value::UInt32(*oid)
                                               : Value::Null(LogicalType::UInt32()));
  }
  if (call.name == "col_description" && call.args.size() == 2) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr oid, Bind(*call.args[0]));
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr subid, Bind(*call.args[1]));
    if ((!oid->type.IsInteger() && !oid->type.IsNull()) ||
        (!subid->type.IsInteger() && !subid->type.IsNull())) {
      return Status::TypeMismatch("function col_description(" + oid->type.ToString() + ", " +
                                      subid->type.ToString() + ") does not exist",
                                  call.pos);
    }
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr text, BindPgObjectText(oid, PgObjectText::kColumnComment,
                                                               false, call.pos, subid));
    return text;
  }
  if (call.name == "pg_get_indexdef" && (call.args.size() == 1 || call.args.size() == 3)) {
    what = PgObjectText::kIndexDefinition;
  } else if (call.name == "pg_get_constraintdef" &&
             (call.args.size() == 1 || call.args.size() == 2)) {
    what = PgObjectText::kConstraintDefinition;
  } else {
    return BoundExprPtr();
  }
  // The other arguments (column number, pretty) change nothing here.
  for (size_t i = 1; i < call.args.size(); ++i) COPRA_RETURN_NOT_OK(Bind(*call.args[i]).status());
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr oid, Bind(*call.args[0]));
  if (!oid->type.IsInteger() && !oid->type.IsNull()) {
    return Status::TypeMismatch(
        "function " + call.name + "(" + oid->type.ToString() + ") does not exist", call.pos);
  }
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr text, BindPgObjectText(oid, what, false, call.pos));
  return text;
}

Result<BoundExprPtr> ExpressionBinder::BindSessionSetting(const FunctionCallExpr& call) {
  std::vector<Value> args;
  for (const ExprPtr& a : call.args) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a));
    if (!b->IsFoldable()) {
      return Status::NotSupported(call.name + "() needs a constant argument", a->pos);
    }
    ExpressionEvaluator evaluator;
    COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*b));
    args.push_back(std::move(v));
  }
  const std::string db = PgQuoteIdentifier(binder_->current_database());
  if (call.name == "current_schemas") {
    // The search path: the current database, after pg_catalog when implicit
    // schemas are asked for.
    COPRA_ASSIGN_OR_RETURN(Value implicit, args[0].CastTo(LogicalType::Boolean()));
    const bool with_catalog = !implicit.is_null() && implicit.GetBool();
    return BoundExpr::Constant(
        Value::String(with_catalog ? "{pg_catalog," + db + "}" : "{" + db + "}"), call.name);
  }
  // current_setting(name [, missing_ok]): the settings clients read.
  if (args[0].is_null()) return BoundExpr::Constant(Value::Null(LogicalType::String()));
  std::string name = args[0].ToString();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<const char*, const char*> kSettings[] = {
      {"server_version", "15.0"},
      {"server_version_num", "150000"},
      {"server_encoding", "UTF8"},
      {"client_encoding", "UTF8"},
      {"timezone", "UTC"},
      {"datestyle", "ISO, MDY"},
      {"intervalstyle", "postgres"},
      {"integer_datetimes", "on"},
      {"standard_conforming_strings", "on"},
      {"max_identifier_length", "63"},
      {"default_transaction_read_only", "off"},
      {"transaction_read_only", "off"},
      {"lc_collate", "C"},
      {"lc_ctype", "C"},
  };
  if (name == "search_path") {
    return BoundExpr::Constant(Value::String("\"$user\", " + db), "current_setting");
  }
  for (const auto& [key, value] : kSettings) {
    if (name == key) return BoundExpr::Constant(Value::String(value), "current_setting");
  }
  if (args.size() > 1 && !args[1].is_null()) {
    COPRA_ASSIGN_OR_RETURN(Value missing_ok, args[1].CastTo(LogicalType::Boolean()));
    if (missing_ok.GetBool()) return BoundExpr::Constant(Value::Null(LogicalType::String()));
  }
  return Status::Error(ErrorCode::kUndefinedObject,
                       "unrecognized configuration parameter \"" + name + "\"", call.pos);
}

}  // namespace copra
