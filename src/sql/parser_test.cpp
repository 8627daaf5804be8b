#include "sql/parser.h"

#include <gtest/gtest.h>

#include "sql/sql_test_corpus.h"

namespace copra {
namespace {

// Fully parenthesised prefix form, to test tree shape independent of ToString.
std::string Sexp(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary: {
      const auto& b = e.As<BinaryExpr>();
      return std::string("(") + BinaryOpSymbol(b.op) + " " + Sexp(*b.left) + " " + Sexp(*b.right) +
             ")";
    }
    case ExprKind::kUnary: {
      const auto& u = e.As<UnaryExpr>();
      const char* op = u.op == UnaryOp::kNot ? "NOT" : u.op == UnaryOp::kMinus ? "neg" : "pos";
      return std::string("(") + op + " " + Sexp(*u.operand) + ")";
    }
    case ExprKind::kIs: {
      const auto& i = e.As<IsExpr>();
      std::string out = std::string("(IS") + (i.negated ? "NOT " : " ") + Sexp(*i.operand);
      if (i.right) out += " " + Sexp(*i.right);
      return out + ")";
    }
    case ExprKind::kLike: {
      const auto& l = e.As<LikeExpr>();
      return std::string("(") + (l.negated ? "NOT" : "") + "LIKE " + Sexp(*l.operand) + " " +
             Sexp(*l.pattern) + ")";
    }
    case ExprKind::kBetween: {
      const auto& b = e.As<BetweenExpr>();
      return "(BETWEEN " + Sexp(*b.operand) + " " + Sexp(*b.low) + " " + Sexp(*b.high) + ")";
    }
    case ExprKind::kInList: {
      const auto& in = e.As<InListExpr>();
      std::string out = std::string("(") + (in.negated ? "NOTIN " : "IN ") + Sexp(*in.operand);
      for (const auto& x : in.list) out += " " + Sexp(*x);
      return out + ")";
    }
    case ExprKind::kCast: {
      const auto& c = e.As<CastExpr>();
      return "(CAST " + Sexp(*c.operand) + " " + c.type_name + ")";
    }
    default: return e.ToString();
  }
}

std::string ParseSexp(std::string_view sql) {
  auto r = ParseExpression(sql);
  if (!r.ok()) return "ERROR: " + r.status().message();
  return Sexp(**r);
}

std::unique_ptr<Statement> ParseOne(std::string_view sql) {
  auto r = ParseSql(sql);
  EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
  if (!r.ok()) return nullptr;
  EXPECT_EQ(r->size(), 1u) << sql;
  if (r->size() != 1) return nullptr;
  return std::move((*r)[0]);
}

std::string Canonical(std::string_view sql) {
  auto s = ParseOne(sql);
  return s ? s->ToString() : "<error>";
}

TEST(ParserTest, CorpusRoundTrips) {
  for (std::string_view sql : testing::kValidStatements) {
    auto first = ParseSql(sql);
    ASSERT_TRUE(first.ok()) << sql << "\n" << first.status().ToString();
    ASSERT_EQ(first->size(), 1u) << sql;
    std::string text1 = (*first)[0]->ToString();
    auto second = ParseSql(text1);
    ASSERT_TRUE(second.ok()) << "re-parse of: " << text1 << "\n  from: " << sql << "\n"
                             << second.status().ToString();
    ASSERT_EQ(second->size(), 1u);
    std::string text2 = (*second)[0]->ToString();
    EXPECT_EQ(text1, text2) << "from: " << sql;
    EXPECT_EQ((*first)[0]->kind, (*second)[0]->kind);
    FullParenthesesScope full;
    EXPECT_EQ((*first)[0]->ToString(), (*second)[0]->ToString()) << "from: " << sql;
  }
}

TEST(ParserTest, CorpusAsOneScript) {
  std::string script;
  size_t n = 0;
  for (std::string_view sql : testing::kValidStatements) {
    script += std::string(sql) + ";\n";
    ++n;
  }
  auto r = ParseSql(script);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), n);
  size_t i = 0;
  for (std::string_view sql : testing::kValidStatements) {
    EXPECT_EQ((*r)[i]->text, sql);
    ++i;
  }
  EXPECT_EQ(SplitStatements(script).size(), n);
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(ParseSexp("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(ParseSexp("1 * 2 + 3"), "(+ (* 1 2) 3)");
  EXPECT_EQ(ParseSexp("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(ParseSexp("8 / 4 / 2"), "(/ (/ 8 4) 2)");
  EXPECT_EQ(ParseSexp("2 ^ 3 ^ 2"), "(^ (^ 2 3) 2)");
  EXPECT_EQ(ParseSexp("2 * 3 ^ 2"), "(* 2 (^ 3 2))");
  EXPECT_EQ(ParseSexp("-2 ^ 2"), "(^ -2 2)");
  EXPECT_EQ(ParseSexp("-a ^ 2"), "(^ (neg a) 2)");
  EXPECT_EQ(ParseSexp("-a::int"), "(neg (CAST a int))");
  EXPECT_EQ(ParseSexp("a || b + c"), "(|| a (+ b c))");
  EXPECT_EQ(ParseSexp("a || b = c"), "(= (|| a b) c)");
  EXPECT_EQ(ParseSexp("a = b AND c = d OR e"), "(OR (AND (= a b) (= c d)) e)");
  EXPECT_EQ(ParseSexp("a OR b AND c"), "(OR a (AND b c))");
  EXPECT_EQ(ParseSexp("NOT a = b"), "(NOT (= a b))");
  EXPECT_EQ(ParseSexp("NOT a AND b"), "(AND (NOT a) b)");
  EXPECT_EQ(ParseSexp("NOT NOT a"), "(NOT (NOT a))");
  EXPECT_EQ(ParseSexp("a = b IS NULL"), "(IS (= a b))");
  EXPECT_EQ(ParseSexp("NOT a IS NULL"), "(NOT (IS a))");
  EXPECT_EQ(ParseSexp("a IS NOT NULL AND b"), "(AND (ISNOT a) b)");
  EXPECT_EQ(ParseSexp("a < b LIKE c"), "(< a (LIKE b c))");
  EXPECT_EQ(ParseSexp("a LIKE b || c"), "(LIKE a (|| b c))");
  EXPECT_EQ(ParseSexp("a NOT LIKE b"), "(NOTLIKE a b)");
  EXPECT_EQ(ParseSexp("a BETWEEN 1 AND 2 AND b"), "(AND (BETWEEN a 1 2) b)");
  EXPECT_EQ(ParseSexp("a BETWEEN b + 1 AND c * 2"), "(BETWEEN a (+ b 1) (* c 2))");
  EXPECT_EQ(ParseSexp("a IN (1, 2) = TRUE"), "(= (IN a 1 2) TRUE)");
  EXPECT_EQ(ParseSexp("a NOT IN (1)"), "(NOTIN a 1)");
  EXPECT_EQ(ParseSexp("a + b IN (1)"), "(IN (+ a b) 1)");
  EXPECT_EQ(ParseSexp("a::text || b"), "(|| (CAST a text) b)");
  EXPECT_EQ(ParseSexp("'1'::int::text"), "(CAST (CAST '1' int) text)");
  EXPECT_EQ(ParseSexp("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(ParseSexp("a IS DISTINCT FROM b + 1"), "(IS a (+ b 1))");
  EXPECT_EQ(ParseSexp("ts >= now() - INTERVAL '1 hour'"), "(>= ts (- now() INTERVAL '1 hour'))");
  EXPECT_EQ(ParseSexp("x % 2 = 0"), "(= (% x 2) 0)");
}

TEST(ParserTest, ToStringAddsOnlyNeededParens) {
  auto render = [](std::string_view sql) {
    auto r = ParseExpression(sql);
    return r.ok() ? (*r)->ToString() : "ERROR: " + r.status().message();
  };
  EXPECT_EQ(render("a + 1"), "a + 1");
  EXPECT_EQ(render("(a + 1)"), "a + 1");
  EXPECT_EQ(render("(a + b) * c"), "(a + b) * c");
  EXPECT_EQ(render("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(render("(a - b) - c"), "a - b - c");
  EXPECT_EQ(render("NOT (a AND b)"), "NOT (a AND b)");
  EXPECT_EQ(render("- (-5)"), "-(-5)");
  EXPECT_EQ(render("-(a)"), "-a");
  EXPECT_EQ(render("(-2)::text"), "(-2)::text");
  EXPECT_EQ(render("count(*)"), "count(*)");
  EXPECT_EQ(render("COUNT(DISTINCT Host)"), "count(DISTINCT host)");
  EXPECT_EQ(render("\"Host\""), "\"Host\"");
  EXPECT_EQ(render("\"select\""), "\"select\"");
  EXPECT_EQ(render("t.\"a b\""), "t.\"a b\"");
  EXPECT_EQ(render("CAST(x AS DOUBLE PRECISION)"), "CAST(x AS double precision)");
  EXPECT_EQ(render("x::TIMESTAMP(3) WITH TIME ZONE"), "x::timestamp(3) with time zone");
  EXPECT_EQ(render("EXTRACT(year FROM ts)"), "date_part('year', ts)");
  EXPECT_EQ(render("SUBSTRING(s FROM 2 FOR 3)"), "substring(s, 2, 3)");
  EXPECT_EQ(render("TRIM(LEADING 'x' FROM s)"), "ltrim(s, 'x')");
  EXPECT_EQ(render("POSITION('a' IN s)"), "strpos(s, 'a')");
  EXPECT_EQ(render("CURRENT_TIMESTAMP"), "current_timestamp");
  EXPECT_EQ(render("interval '1' day"), "INTERVAL '1 day'");
  EXPECT_EQ(render("'a' 'b'"), "ERROR: syntax error at or near \"'b'\": expected end of input");
  EXPECT_EQ(render("'a'\n'b'"), "'ab'");
}

TEST(ParserTest, FullParenthesesShowsShape) {
  auto r = ParseExpression("a + b * c - -1 IS NULL AND NOT x::int = 2");
  ASSERT_TRUE(r.ok());
  FullParenthesesScope full;
  EXPECT_EQ((*r)->ToString(), "(((a + (b * c)) - (-1)) IS NULL) AND (NOT ((x::int) = 2))");
}

TEST(ParserTest, LiteralValues) {
  auto lit = [](std::string_view sql) -> std::unique_ptr<LiteralExpr> {
    auto r = ParseExpression(sql);
    EXPECT_TRUE(r.ok()) << sql << r.status().ToString();
    if (!r.ok() || (*r)->kind != ExprKind::kLiteral) return nullptr;
    return std::unique_ptr<LiteralExpr>(static_cast<LiteralExpr*>(std::move(*r).release()));
  };
  auto l = lit("42");
  EXPECT_EQ(l->literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(l->int_value, 42);
  l = lit("-9223372036854775808");
  EXPECT_EQ(l->literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(l->int_value, INT64_MIN);
  l = lit("9223372036854775808");
  EXPECT_EQ(l->literal_kind, LiteralKind::kNumeric);
  EXPECT_EQ(l->text, "9223372036854775808");
  l = lit("0x1F");
  EXPECT_EQ(l->literal_kind, LiteralKind::kInteger);
  EXPECT_EQ(l->int_value, 31);
  l = lit("-0x10");
  EXPECT_EQ(l->int_value, -16);
  l = lit("1.5e3");
  EXPECT_EQ(l->literal_kind, LiteralKind::kNumeric);
  EXPECT_EQ(l->text, "1.5e3");
  l = lit("-.5");
  EXPECT_EQ(l->text, "-.5");
  l = lit("E'tab\\there'");
  EXPECT_EQ(l->literal_kind, LiteralKind::kString);
  EXPECT_EQ(l->text, "tab\there");
  l = lit("TIMESTAMP '2024-01-01 00:00:00'");
  EXPECT_EQ(l->literal_kind, LiteralKind::kTypedString);
  EXPECT_EQ(l->type_name, "timestamp");
  EXPECT_EQ(l->text, "2024-01-01 00:00:00");
  l = lit("INTERVAL '5' MINUTE");
  EXPECT_EQ(l->type_name, "interval");
  EXPECT_EQ(l->text, "5 minute");
  l = lit("NULL");
  EXPECT_EQ(l->literal_kind, LiteralKind::kNull);
  l = lit("false");
  EXPECT_EQ(l->literal_kind, LiteralKind::kBoolean);
  EXPECT_FALSE(l->bool_value);
}

TEST(ParserTest, IdentifiersFoldUnlessQuoted) {
  auto r = ParseExpression("Foo.\"Bar\".`Baz`");
  ASSERT_TRUE(r.ok());
  const auto& c = (*r)->As<ColumnRefExpr>();
  ASSERT_EQ(c.names.size(), 3u);
  EXPECT_EQ(c.names[0], "foo");
  EXPECT_EQ(c.names[1], "Bar");
  EXPECT_EQ(c.names[2], "Baz");
  EXPECT_EQ(c.column(), "Baz");
  // Non-reserved keywords are fine as names.
  EXPECT_EQ(Canonical("SELECT time, timestamp, date, value, key, index, stream FROM t"),
            "SELECT time, timestamp, date, value, key, index, stream FROM t");
}

TEST(ParserTest, ParametersNumbered) {
  auto s = ParseOne("SELECT ? + ?, $5");
  ASSERT_TRUE(s);
  const auto& sel = s->As<SelectStatement>().query->As<SelectNode>();
  const auto& add = sel.items[0].expr->As<BinaryExpr>();
  EXPECT_EQ(add.left->As<ParameterExpr>().index, 1);
  EXPECT_EQ(add.right->As<ParameterExpr>().index, 2);
  EXPECT_EQ(sel.items[1].expr->As<ParameterExpr>().index, 5);
}

TEST(ParserTest, SelectShape) {
  auto s = ParseOne(
      "SELECT DISTINCT h AS host, avg(v) FROM db.cpu c LEFT JOIN m USING (h) WHERE v > 1 "
      "GROUP BY 1 HAVING count(*) > 2 ORDER BY 2 DESC LIMIT 10 OFFSET 1");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->kind, StatementKind::kSelect);
  const QueryNode& q = *s->As<SelectStatement>().query;
  ASSERT_EQ(q.kind, QueryNodeKind::kSelect);
  const auto& sel = q.As<SelectNode>();
  EXPECT_TRUE(sel.distinct);
  ASSERT_EQ(sel.items.size(), 2u);
  EXPECT_EQ(sel.items[0].alias, "host");
  EXPECT_EQ(sel.items[1].expr->ToString(), "avg(v)");
  ASSERT_EQ(sel.from.size(), 1u);
  const auto& join = sel.from[0]->As<JoinRef>();
  EXPECT_EQ(join.type, JoinType::kLeft);
  EXPECT_EQ(join.using_columns, std::vector<std::string>{"h"});
  const auto& left = join.left->As<BaseTableRef>();
  EXPECT_EQ(left.name.database(), "db");
  EXPECT_EQ(left.name.name(), "cpu");
  EXPECT_EQ(left.alias, "c");
  ASSERT_TRUE(sel.where);
  ASSERT_EQ(sel.group_by.size(), 1u);
  EXPECT_EQ(sel.group_by[0]->As<LiteralExpr>().int_value, 1);
  ASSERT_TRUE(sel.having);
  ASSERT_EQ(q.order_by.size(), 1u);
  EXPECT_TRUE(q.order_by[0].descending);
  EXPECT_EQ(q.limit->ToString(), "10");
  EXPECT_EQ(q.offset->ToString(), "1");
}

TEST(ParserTest, SetOperationShape) {
  auto s = ParseOne("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 ORDER BY 1 LIMIT 1");
  ASSERT_TRUE(s);
  const QueryNode& q = *s->As<SelectStatement>().query;
  ASSERT_EQ(q.kind, QueryNodeKind::kSetOperation);
  const auto& u = q.As<SetOperationNode>();
  EXPECT_EQ(u.op, SetOpKind::kUnion);
  EXPECT_EQ(u.left->kind, QueryNodeKind::kSelect);
  ASSERT_EQ(u.right->kind, QueryNodeKind::kSetOperation);
  EXPECT_EQ(u.right->As<SetOperationNode>().op, SetOpKind::kIntersect);
  // ORDER BY / LIMIT belong to the whole set operation.
  EXPECT_EQ(q.order_by.size(), 1u);
  EXPECT_TRUE(q.limit);
  EXPECT_TRUE(u.right->As<SetOperationNode>().right->order_by.empty());
  EXPECT_EQ(Canonical("(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3"),
            "(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3");
  EXPECT_EQ(Canonical("SELECT 1 UNION (SELECT 2 UNION SELECT 3)"),
            "SELECT 1 UNION (SELECT 2 UNION SELECT 3)");
  EXPECT_EQ(Canonical("(SELECT 1 UNION SELECT 2) UNION SELECT 3"),
            "SELECT 1 UNION SELECT 2 UNION SELECT 3");
}

TEST(ParserTest, WithAttachesToOuterQuery) {
  auto s = ParseOne("WITH x AS (SELECT 1) SELECT * FROM x UNION SELECT * FROM x");
  ASSERT_TRUE(s);
  const QueryNode& q = *s->As<SelectStatement>().query;
  EXPECT_EQ(q.kind, QueryNodeKind::kSetOperation);
  ASSERT_EQ(q.ctes.size(), 1u);
  EXPECT_EQ(q.ctes[0].name, "x");
}

TEST(ParserTest, InsertShape) {
  auto s = ParseOne("INSERT INTO db.t (a, \"B\") VALUES (1, 'x'), (2, NULL)");
  ASSERT_TRUE(s);
  const auto& ins = s->As<InsertStatement>();
  EXPECT_EQ(ins.table.ToString(), "db.t");
  EXPECT_EQ(ins.columns, (std::vector<std::string>{"a", "B"}));
  ASSERT_EQ(ins.source->kind, QueryNodeKind::kValues);
  EXPECT_EQ(ins.source->As<ValuesNode>().rows.size(), 2u);
}

TEST(ParserTest, CreateTableShape) {
  auto s = ParseOne(
      "CREATE TABLE IF NOT EXISTS cpu (\n"
      "  host STRING NOT NULL COMMENT 'h',\n"
      "  ts TIMESTAMP(3) DEFAULT now() TIME INDEX,\n"
      "  usage DOUBLE PRECISION NULL,\n"
      "  PRIMARY KEY (host)\n"
      ") ENGINE = mito WITH (ttl = '7d', 'compaction.type' = 'twcs', append_mode = true)");
  ASSERT_TRUE(s);
  const auto& ct = s->As<CreateTableStatement>();
  EXPECT_TRUE(ct.if_not_exists);
  EXPECT_FALSE(ct.is_stream);
  ASSERT_EQ(ct.columns.size(), 3u);
  EXPECT_EQ(ct.columns[0].name, "host");
  EXPECT_EQ(ct.columns[0].type_name, "string");
  EXPECT_EQ(ct.columns[0].nullability, Nullability::kNotNull);
  EXPECT_EQ(ct.columns[0].comment.value_or(""), "h");
  EXPECT_EQ(ct.columns[0].pos.line, 2);
  EXPECT_EQ(ct.columns[0].pos.column, 3);
  EXPECT_EQ(ct.columns[1].type_name, "timestamp(3)");
  EXPECT_TRUE(ct.columns[1].time_index);
  EXPECT_EQ(ct.columns[1].default_value->ToString(), "now()");
  EXPECT_EQ(ct.columns[2].type_name, "double precision");
  EXPECT_EQ(ct.columns[2].nullability, Nullability::kNull);
  EXPECT_EQ(ct.primary_key, std::vector<std::string>{"host"});
  EXPECT_EQ(ct.engine, "mito");
  ASSERT_EQ(ct.options.size(), 3u);
  EXPECT_EQ(ct.options[0].key, "ttl");
  EXPECT_EQ(ct.options[0].value, "7d");
  EXPECT_TRUE(ct.options[0].quoted);
  EXPECT_EQ(ct.options[1].key, "compaction.type");
  EXPECT_EQ(ct.options[2].value, "true");
  EXPECT_FALSE(ct.options[2].quoted);
}

TEST(ParserTest, CreateStreamIsCreateTable) {
  auto s = ParseOne("CREATE STREAM s (a int) SETTINGS shards = 2");
  ASSERT_TRUE(s);
  const auto& ct = s->As<CreateTableStatement>();
  EXPECT_TRUE(ct.is_stream);
  ASSERT_EQ(ct.options.size(), 1u);
  EXPECT_EQ(ct.options[0].value, "2");
}

TEST(ParserTest, AlterTableShape) {
  auto s = ParseOne(
      "ALTER TABLE db.cpu ADD COLUMN IF NOT EXISTS app STRING DEFAULT 'shop' "
      "PRIMARY KEY");
  ASSERT_TRUE(s);
  const auto& add = s->As<AlterTableStatement>();
  EXPECT_EQ(add.name.database(), "db");
  EXPECT_EQ(add.name.name(), "cpu");
  EXPECT_EQ(add.action, AlterTableAction::kAddColumn);
  EXPECT_TRUE(add.if_exists);
  EXPECT_EQ(add.column.name, "app");
  EXPECT_TRUE(add.column.primary_key);
  ASSERT_TRUE(add.column.default_value);

  s = ParseOne("ALTER TABLE cpu DROP load");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->As<AlterTableStatement>().action, AlterTableAction::kDropColumn);
  EXPECT_EQ(s->As<AlterTableStatement>().column_name, "load");

  s = ParseOne("ALTER TABLE cpu RENAME \"Cpu2\"");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->As<AlterTableStatement>().action, AlterTableAction::kRenameTable);
  EXPECT_EQ(s->As<AlterTableStatement>().new_name, "Cpu2");

  s = ParseOne("alter table cpu rename column A to b");
  ASSERT_TRUE(s);
  const auto& rc = s->As<AlterTableStatement>();
  EXPECT_EQ(rc.action, AlterTableAction::kRenameColumn);
  EXPECT_EQ(rc.column_name, "a");
  EXPECT_EQ(rc.new_name, "b");
  EXPECT_EQ(rc.new_name_pos.column, 36);

  Result<std::vector<StatementPtr>> bad = ParseSql("ALTER TABLE cpu ADD COLUMN x INT AFTER y");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kFeatureNotSupported);
  bad = ParseSql("ALTER TABLE cpu FROB x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kSyntaxError);
}

TEST(ParserTest, BodiesKeptVerbatimWithPosition) {
  std::string sql =
      "CREATE FUNCTION f(x int) RETURNS int\nLANGUAGE PYTHON AS $$\ndef f(x):\n"
      "    return [v + 1 for v in x]  -- not a comment; 'quote\n$$";
  auto s = ParseOne(sql);
  ASSERT_TRUE(s);
  const auto& f = s->As<CreateFunctionStatement>();
  EXPECT_EQ(f.body, "\ndef f(x):\n    return [v + 1 for v in x]  -- not a comment; 'quote\n");
  EXPECT_EQ(f.language, "python");
  EXPECT_EQ(f.return_type, "int");
  ASSERT_EQ(f.params.size(), 1u);
  EXPECT_EQ(f.params[0].name, "x");
  EXPECT_EQ(f.body_pos.line, 2);
  EXPECT_EQ(f.body_pos.column, 22);  // just after "$$"
  EXPECT_EQ(sql.substr(f.body_pos.offset, 4), "\ndef");
  EXPECT_EQ(s->text, sql);

  auto es = ParseOne(
      "CREATE EXTERNAL STREAM e (v int) AS $py$\nyield 1\n$py$ SETTINGS type='python', "
      "mode = 'streaming'");
  ASSERT_TRUE(es);
  const auto& e = es->As<CreateExternalStreamStatement>();
  EXPECT_EQ(e.body.value_or(""), "\nyield 1\n");
  ASSERT_EQ(e.settings.size(), 2u);
  EXPECT_EQ(e.settings[0].key, "type");
  EXPECT_EQ(e.settings[0].value, "python");
}

TEST(ParserTest, MaterializedViewKeepsQueryText) {
  auto s = ParseOne("CREATE MATERIALIZED VIEW mv INTO db.t AS SELECT a,  b FROM s -- tail");
  ASSERT_TRUE(s);
  const auto& v = s->As<CreateViewStatement>();
  EXPECT_TRUE(v.materialized);
  EXPECT_EQ(v.target.ToString(), "db.t");
  EXPECT_EQ(v.query_text, "SELECT a,  b FROM s");
}

TEST(ParserTest, ExplainForms) {
  for (std::string_view sql :
       {"EXPLAIN ANALYZE VERBOSE SELECT 1", "EXPLAIN VERBOSE ANALYZE SELECT 1",
        "EXPLAIN (ANALYZE, VERBOSE) SELECT 1", "explain (verbose true, analyze on) select 1"}) {
    auto s = ParseOne(sql);
    ASSERT_TRUE(s) << sql;
    const auto& e = s->As<ExplainStatement>();
    EXPECT_TRUE(e.analyze) << sql;
    EXPECT_TRUE(e.verbose) << sql;
    EXPECT_EQ(e.statement->kind, StatementKind::kSelect);
    EXPECT_EQ(e.statement->text, sql.substr(sql.size() - 8)) << sql;
  }
}

TEST(ParserTest, CopyOptionsNormalised) {
  auto s = ParseOne("COPY t FROM 'f.csv' WITH (FORMAT 'csv', HEADER, DELIMITER = ';')");
  ASSERT_TRUE(s);
  const auto& c = s->As<CopyStatement>();
  EXPECT_TRUE(c.is_from);
  EXPECT_EQ(c.path, "f.csv");
  ASSERT_EQ(c.options.size(), 3u);
  EXPECT_EQ(c.options[0].key, "format");
  EXPECT_EQ(c.options[0].value, "csv");
  EXPECT_EQ(c.options[1].key, "header");
  EXPECT_EQ(c.options[1].value, "true");
  EXPECT_EQ(c.options[2].value, ";");
  auto legacy = ParseOne("COPY t TO STDOUT CSV HEADER");
  ASSERT_TRUE(legacy);
  const auto& l = legacy->As<CopyStatement>();
  EXPECT_TRUE(l.stdio);
  EXPECT_FALSE(l.is_from);
  ASSERT_EQ(l.options.size(), 2u);
  EXPECT_EQ(l.options[0].key, "format");
}

TEST(ParserTest, AdminNormalisedToCall) {
  auto s = ParseOne("ADMIN FLUSH TABLE db.cpu");
  ASSERT_TRUE(s);
  const auto& a = s->As<AdminStatement>();
  EXPECT_EQ(a.function, "flush_table");
  ASSERT_EQ(a.args.size(), 1u);
  EXPECT_EQ(a.args[0]->ToString(), "'db.cpu'");
  EXPECT_EQ(Canonical("admin compact_table('t')"), "ADMIN compact_table('t')");
}

TEST(ParserTest, SetAndShow) {
  auto s = ParseOne("SET SESSION search_path TO public, 'x y'");
  ASSERT_TRUE(s);
  const auto& set = s->As<SetStatement>();
  EXPECT_EQ(set.scope, SetScope::kSession);
  EXPECT_EQ(set.name, "search_path");
  EXPECT_EQ(set.values, (std::vector<std::string>{"public", "x y"}));
  auto tz = ParseOne("SET TIME ZONE 'UTC'");
  EXPECT_EQ(tz->As<SetStatement>().name, "timezone");
  auto show = ParseOne("SHOW TABLES FROM db LIKE 'c%'");
  const auto& sh = show->As<ShowStatement>();
  EXPECT_EQ(sh.what, ShowKind::kTables);
  EXPECT_EQ(sh.target.name(), "db");
  EXPECT_EQ(sh.like.value_or(""), "c%");
  auto var = ParseOne("SHOW Search_Path");
  EXPECT_EQ(var->As<ShowStatement>().what, ShowKind::kVariable);
  EXPECT_EQ(var->As<ShowStatement>().variable, "search_path");
}

TEST(ParserTest, TransactionsAndUsers) {
  EXPECT_EQ(ParseOne("START TRANSACTION READ ONLY")->As<TransactionStatement>().op,
            TransactionOp::kBegin);
  EXPECT_EQ(ParseOne("END")->As<TransactionStatement>().op, TransactionOp::kCommit);
  EXPECT_EQ(ParseOne("ROLLBACK WORK")->As<TransactionStatement>().op, TransactionOp::kRollback);
  auto g = ParseOne("GRANT READ, WRITE ON DATABASE db TO alice");
  EXPECT_EQ(g->As<GrantStatement>().privileges, (std::vector<std::string>{"read", "write"}));
  EXPECT_FALSE(g->As<GrantStatement>().revoke);
  auto r = ParseOne("REVOKE ALL PRIVILEGES ON DATABASE db FROM alice");
  EXPECT_TRUE(r->As<GrantStatement>().revoke);
  auto u = ParseOne("CREATE USER alice WITH PASSWORD 'pw'");
  EXPECT_EQ(u->As<CreateUserStatement>().password.value_or(""), "pw");
  EXPECT_FALSE(u->As<CreateUserStatement>().superuser.has_value());
  auto su = ParseOne("CREATE USER root WITH PASSWORD 'pw' SUPERUSER");
  EXPECT_EQ(su->As<CreateUserStatement>().superuser, std::optional<bool>(true));
  auto alter = ParseOne("ALTER USER bob NOSUPERUSER");
  EXPECT_EQ(alter->As<AlterUserStatement>().superuser, std::optional<bool>(false));
  EXPECT_FALSE(alter->As<AlterUserStatement>().password.has_value());
  EXPECT_FALSE(ParseSql("ALTER USER bob").ok());
  EXPECT_TRUE(ParseOne("GRANT ADMIN ON * TO bob")->As<GrantStatement>().all_databases);
  auto all = ParseOne("REVOKE READ ON ALL DATABASES FROM bob");
  EXPECT_TRUE(all->As<GrantStatement>().all_databases);
  EXPECT_EQ(all->ToString(), "REVOKE read ON ALL DATABASES FROM bob");
  auto show = ParseOne("SHOW GRANTS FOR bob");
  EXPECT_EQ(show->As<ShowStatement>().what, ShowKind::kGrants);
  EXPECT_EQ(show->As<ShowStatement>().user, "bob");
  EXPECT_EQ(ParseOne("SHOW GRANTS")->As<ShowStatement>().user, "");
}

TEST(ParserTest, MultipleStatementsAndEmptyOnes) {
  auto r = ParseSql(";;SELECT 1; ; -- c\n SELECT 2;/* x */;");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0]->text, "SELECT 1");
  EXPECT_EQ((*r)[1]->text, "SELECT 2");
  EXPECT_EQ((*r)[1]->pos.line, 2);
  EXPECT_EQ((*r)[1]->pos.column, 2);
  auto empty = ParseSql("  -- only a comment\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParserTest, NodePositions) {
  auto s = ParseOne("SELECT a,\n  b + 1 AS c\nFROM t");
  ASSERT_TRUE(s);
  const auto& sel = s->As<SelectStatement>().query->As<SelectNode>();
  const auto& bin = sel.items[1].expr->As<BinaryExpr>();
  EXPECT_EQ(bin.pos.line, 2);
  EXPECT_EQ(bin.pos.column, 3);
  EXPECT_EQ(bin.op_pos.column, 5);
  EXPECT_EQ(bin.right->pos.column, 7);
  EXPECT_EQ(sel.from[0]->pos.line, 3);
  EXPECT_EQ(sel.from[0]->pos.column, 6);
  EXPECT_EQ(sel.from[0]->pos.offset, 28);
}

TEST(ParserTest, DeepButLegalNesting) {
  std::string sql = std::string(400, '(') + "1" + std::string(400, ')');
  EXPECT_TRUE(ParseExpression(sql).ok());
  std::string nots;
  for (int i = 0; i < 400; ++i) nots += "NOT ";
  EXPECT_TRUE(ParseExpression(nots + "TRUE").ok());
  std::string sum = "1";
  for (int i = 0; i < 900; ++i) sum += " + 1";
  EXPECT_TRUE(ParseExpression(sum).ok());
}

}  // namespace
}  // namespace copra
