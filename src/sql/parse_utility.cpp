// Parsing of DML and utility statements: INSERT, DELETE, TRUNCATE, COPY,
// USE, SHOW, DESCRIBE, SET/RESET, ADMIN and transaction control.
#include <fmt/format.h>

#include "sql/keywords.h"
#include "sql/parser.h"
#include "sql/parser_impl.h"

namespace copra {

Result<StatementPtr> Parser::ParseUse() {
  auto stmt = std::make_unique<UseStatement>(Cur().pos);
  Advance();
  COPRA_ASSIGN_OR_RETURN(stmt->database, ParseIdentifier("a database name"));
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseShow() {
  auto stmt = std::make_unique<ShowStatement>(Cur().pos);
  Advance();          // SHOW
  MatchWord("full");  // MySQL's SHOW FULL TABLES / COLUMNS
  bool filterable = true;
  if (MatchWord("databases") || MatchWord("schemas")) {
    stmt->what = ShowKind::kDatabases;
  } else if (MatchWord("tables") || MatchWord("streams")) {
    bool streams = tokens_[pos_ - 1].text == "streams";
    stmt->what = streams ? ShowKind::kStreams : ShowKind::kTables;
    if (MatchWord("from") || MatchWord("in")) {
      COPRA_ASSIGN_OR_RETURN(stmt->target, ParseObjectName("a database name"));
    }
  } else if (MatchWord("columns") || MatchWord("fields")) {
    stmt->what = ShowKind::kColumns;
    if (!MatchWord("from")) COPRA_RETURN_NOT_OK(ExpectWord("in"));
    COPRA_ASSIGN_OR_RETURN(stmt->target, ParseObjectName("a table name"));
    if (MatchWord("from") || MatchWord("in")) {
      // SHOW COLUMNS FROM t FROM db
      COPRA_ASSIGN_OR_RETURN(std::string db, ParseIdentifier("a database name"));
      stmt->target.parts.insert(stmt->target.parts.begin(), std::move(db));
    }
  } else if (MatchWord("create")) {
    if (!MatchWord("table")) COPRA_RETURN_NOT_OK(ExpectWord("stream"));
    stmt->what = ShowKind::kCreateTable;
    COPRA_ASSIGN_OR_RETURN(stmt->target, ParseObjectName("a table name"));
    filterable = false;
  } else if (MatchWord("scripts")) {
    stmt->what = ShowKind::kScripts;
  } else if (MatchWord("functions")) {
    stmt->what = ShowKind::kFunctions;
  } else if (Cur().IsWord("materialized") && Peek(1).IsWord("views")) {
    Advance();
    Advance();
    stmt->what = ShowKind::kMaterializedViews;
  } else if (MatchWord("users")) {
    stmt->what = ShowKind::kUsers;
  } else if (MatchWord("grants")) {
    stmt->what = ShowKind::kGrants;
    if (MatchWord("for")) {
      if (Cur().type == TokenType::kString) {
        stmt->user = Cur().text;
        Advance();
      } else {
        COPRA_ASSIGN_OR_RETURN(stmt->user, ParseIdentifier("a user name"));
      }
    }
  } else if (MatchWord("all")) {
    stmt->what = ShowKind::kAll;
    filterable = false;
  } else if (Cur().IsWord("time") && Peek(1).IsWord("zone")) {
    Advance();
    Advance();
    stmt->what = ShowKind::kVariable;
    stmt->variable = "timezone";
    filterable = false;
  } else if (Cur().IsWord("transaction") && Peek(1).IsWord("isolation") &&
             Peek(2).IsWord("level")) {
    Advance();
    Advance();
    Advance();
    stmt->what = ShowKind::kVariable;
    stmt->variable = "transaction_isolation";
    filterable = false;
  } else if (Cur().type == TokenType::kWord || Cur().type == TokenType::kQuotedIdent) {
    // A setting name, possibly dotted; a near-miss of a SHOW keyword is
    // more likely a typo than an unknown setting.
    const Token& t = Cur();
    for (const char* kw :
         {"databases", "tables", "streams", "columns", "create", "scripts", "functions", "users"}) {
      if (t.type == TokenType::kWord && TypoDistance(t.text, kw, 1) == 1 && t.text.size() >= 4) {
        for (const char* k : {"databases", "tables", "streams", "columns", "create", "scripts",
                              "functions", "users"}) {
          AddExpected(Upper(k), k);
        }
        return UnexpectedExpecting("a setting name");
      }
    }
    stmt->what = ShowKind::kVariable;
    stmt->variable = t.text;
    Advance();
    while (MatchToken(TokenType::kDot)) {
      COPRA_ASSIGN_OR_RETURN(std::string part, ParseLabel("a setting name"));
      stmt->variable += "." + part;
    }
    filterable = false;
  } else {
    return UnexpectedExpecting("DATABASES, TABLES, CREATE TABLE, COLUMNS or a setting name");
  }
  if (filterable) {
    if (MatchWord("like")) {
      COPRA_ASSIGN_OR_RETURN(std::string pattern, ParseStringLiteral("a pattern string"));
      stmt->like = std::move(pattern);
    } else if (MatchWord("where")) {
      COPRA_ASSIGN_OR_RETURN(stmt->where, ParseExpr());
    }
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseDescribe() {
  auto stmt = std::make_unique<DescribeStatement>(Cur().pos);
  Advance();  // DESCRIBE / DESC
  if (!MatchWord("table")) MatchWord("stream");
  COPRA_ASSIGN_OR_RETURN(stmt->table, ParseObjectName("a table name"));
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseSet() {
  auto stmt = std::make_unique<SetStatement>(Cur().pos);
  Advance();  // SET
  if (MatchWord("session")) {
    if (Cur().IsWord("characteristics")) {
      return NotSupportedAt(Cur().pos, "SET SESSION CHARACTERISTICS is not supported");
    }
    stmt->scope = SetScope::kSession;
  } else if (MatchWord("local")) {
    stmt->scope = SetScope::kLocal;
  }
  if (Cur().IsWord("time") && Peek(1).IsWord("zone")) {
    Advance();
    Advance();
    stmt->name = "timezone";
    if (MatchWord("default") || MatchWord("local")) {
      stmt->to_default = true;
      return StatementPtr(std::move(stmt));
    }
  } else {
    COPRA_ASSIGN_OR_RETURN(stmt->name, ParseLabel("a setting name"));
    while (MatchToken(TokenType::kDot)) {
      COPRA_ASSIGN_OR_RETURN(std::string part, ParseLabel("a setting name"));
      stmt->name += "." + part;
    }
    if (!MatchToken(TokenType::kEq)) COPRA_RETURN_NOT_OK(ExpectWord("to"));
    if (MatchWord("default")) {
      stmt->to_default = true;
      return StatementPtr(std::move(stmt));
    }
  }
  do {
    const Token& v = Cur();
    switch (v.type) {
      case TokenType::kString:
      case TokenType::kWord:
      case TokenType::kQuotedIdent:
      case TokenType::kInteger:
      case TokenType::kNumeric:
        stmt->values.push_back(v.text);
        Advance();
        break;
      case TokenType::kMinus:
      case TokenType::kPlus:
        if (Peek(1).type == TokenType::kInteger || Peek(1).type == TokenType::kNumeric) {
          stmt->values.push_back((v.type == TokenType::kMinus ? "-" : "") + Peek(1).text);
          Advance();
          Advance();
          break;
        }
        [[fallthrough]];
      default: return UnexpectedExpecting("a value");
    }
  } while (MatchToken(TokenType::kComma));
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseReset() {
  auto stmt = std::make_unique<SetStatement>(Cur().pos);
  Advance();  // RESET
  stmt->is_reset = true;
  stmt->to_default = true;
  if (Cur().IsWord("time") && Peek(1).IsWord("zone")) {
    Advance();
    Advance();
    stmt->name = "timezone";
  } else {
    COPRA_ASSIGN_OR_RETURN(stmt->name, ParseLabel("a setting name"));
    while (MatchToken(TokenType::kDot)) {
      COPRA_ASSIGN_OR_RETURN(std::string part, ParseLabel("a setting name"));
      stmt->name += "." + part;
    }
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseInsert() {
  auto stmt = std::make_unique<InsertStatement>(Cur().pos);
  Advance();  // INSERT
  COPRA_RETURN_NOT_OK(ExpectWord("into"));
  COPRA_ASSIGN_OR_RETURN(stmt->table, ParseObjectName("a table name"));
  if (Cur().type == TokenType::kLParen && !AtQueryStart(1)) {
    COPRA_ASSIGN_OR_RETURN(stmt->columns, ParseIdentifierList());
  }
  if (Cur().IsWord("default") && Peek(1).IsWord("values")) {
    return NotSupportedAt(Cur().pos, "INSERT ... DEFAULT VALUES is not supported");
  }
  if (!AtQueryStart()) {
    AddExpected("VALUES", "values");
    AddExpected("SELECT", "select");
    if (stmt->columns.empty()) AddExpected("a column list");
    return Unexpected();
  }
  COPRA_ASSIGN_OR_RETURN(stmt->source, ParseQuery());
  if (Cur().IsWord("on") && Peek(1).IsWord("conflict")) {
    return NotSupportedAt(Cur().pos,
                          "ON CONFLICT is not supported (rows with the same primary "
                          "key and time index replace each other)");
  }
  if (Cur().IsWord("returning")) return NotSupportedAt(Cur().pos, "RETURNING is not supported");
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseDelete() {
  auto stmt = std::make_unique<DeleteStatement>(Cur().pos);
  Advance();  // DELETE
  COPRA_RETURN_NOT_OK(ExpectWord("from"));
  COPRA_ASSIGN_OR_RETURN(stmt->table, ParseObjectName("a table name"));
  if (MatchWord("where")) {
    COPRA_ASSIGN_OR_RETURN(stmt->where, ParseExpr());
  }
  if (Cur().IsWord("returning")) return NotSupportedAt(Cur().pos, "RETURNING is not supported");
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseTruncate() {
  auto stmt = std::make_unique<TruncateStatement>(Cur().pos);
  Advance();  // TRUNCATE
  MatchWord("table");
  COPRA_ASSIGN_OR_RETURN(stmt->table, ParseObjectName("a table name"));
  return StatementPtr(std::move(stmt));
}

namespace {
void SetOption(std::vector<SqlOption>* options, SourcePosition pos, std::string key,
               std::string value, bool quoted) {
  options->push_back(SqlOption{std::move(key), std::move(value), quoted, pos});
}
}  // namespace

Result<StatementPtr> Parser::ParseCopy() {
  auto stmt = std::make_unique<CopyStatement>(Cur().pos);
  Advance();  // COPY
  if (Cur().type == TokenType::kLParen) {
    Advance();
    if (!AtQueryStart()) return UnexpectedExpecting("a query");
    COPRA_ASSIGN_OR_RETURN(stmt->query, ParseQuery());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  } else {
    COPRA_ASSIGN_OR_RETURN(stmt->table, ParseObjectName("a table name"));
    if (Cur().type == TokenType::kLParen) {
      COPRA_ASSIGN_OR_RETURN(stmt->columns, ParseIdentifierList());
    }
  }
  if (MatchWord("from")) {
    if (stmt->query) {
      return ErrorAt(tokens_[pos_ - 1].pos,
                     "COPY (query) FROM is not allowed: a query can only "
                     "be copied TO a file");
    }
    stmt->is_from = true;
    if (MatchWord("stdin")) {
      stmt->stdio = true;
    }
  } else if (MatchWord("to")) {
    stmt->is_from = false;
    if (MatchWord("stdout")) {
      stmt->stdio = true;
    }
  } else {
    return Unexpected();
  }
  if (!stmt->stdio) {
    COPRA_ASSIGN_OR_RETURN(stmt->path, ParseStringLiteral("a file name string"));
  }
  bool with = MatchWord("with");
  if (Cur().type == TokenType::kLParen) {
    COPRA_ASSIGN_OR_RETURN(stmt->options, ParseParenOptions(/*require_equals=*/false));
    for (SqlOption& o : stmt->options) {
      for (char& c : o.key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
    }
  } else {
    // PostgreSQL's pre-9.0 option syntax: WITH CSV HEADER DELIMITER ','.
    while (Cur().type == TokenType::kWord) {
      SourcePosition opos = Cur().pos;
      if (MatchWord("csv")) {
        SetOption(&stmt->options, opos, "format", "csv", false);
      } else if (MatchWord("binary")) {
        SetOption(&stmt->options, opos, "format", "binary", false);
      } else if (MatchWord("header")) {
        SetOption(&stmt->options, opos, "header", "true", false);
      } else if (Cur().IsWord("delimiter") || Cur().IsWord("null") || Cur().IsWord("quote") ||
                 Cur().IsWord("escape")) {
        std::string key = Cur().text;
        Advance();
        MatchWord("as");
        COPRA_ASSIGN_OR_RETURN(std::string v, ParseStringLiteral("a string"));
        SetOption(&stmt->options, opos, key, v, true);
      } else {
        break;
      }
    }
    if (with && stmt->options.empty()) {
      AddExpected("\"(\"");
      return Unexpected();
    }
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseAdmin() {
  auto stmt = std::make_unique<AdminStatement>(Cur().pos);
  Advance();  // ADMIN
  if ((Cur().IsWord("flush") || Cur().IsWord("compact")) && Peek(1).IsWord("table")) {
    stmt->function = Cur().text + "_table";
    Advance();
    Advance();
    SourcePosition name_pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(ObjectName table, ParseObjectName("a table name"));
    auto lit = std::make_unique<LiteralExpr>(name_pos);
    lit->literal_kind = LiteralKind::kString;
    // Parts joined unquoted, as flush_table('db.t') would take them.
    for (size_t i = 0; i < table.parts.size(); ++i) {
      if (i > 0) lit->text += ".";
      lit->text += table.parts[i];
    }
    stmt->args.push_back(std::move(lit));
    return StatementPtr(std::move(stmt));
  }
  if ((Cur().type == TokenType::kWord || Cur().type == TokenType::kQuotedIdent) &&
      Peek(1).type == TokenType::kLParen) {
    stmt->function = Cur().text;
    Advance();
    Advance();
    if (!MatchToken(TokenType::kRParen)) {
      COPRA_ASSIGN_OR_RETURN(stmt->args, ParseExprList());
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    }
    return StatementPtr(std::move(stmt));
  }
  AddExpected("FLUSH TABLE", "flush");
  AddExpected("COMPACT TABLE", "compact");
  return UnexpectedExpecting("an admin function call such as flush_table('t')");
}

Status Parser::SkipTransactionModes() {
  while (true) {
    if (MatchWord("isolation")) {
      COPRA_RETURN_NOT_OK(ExpectWord("level"));
      if (MatchWord("serializable")) {
      } else if (MatchWord("repeatable")) {
        COPRA_RETURN_NOT_OK(ExpectWord("read"));
      } else if (MatchWord("read")) {
        if (!MatchWord("committed")) COPRA_RETURN_NOT_OK(ExpectWord("uncommitted"));
      } else {
        return Unexpected();
      }
    } else if (MatchWord("read")) {
      if (!MatchWord("only")) COPRA_RETURN_NOT_OK(ExpectWord("write"));
    } else if (MatchWord("not")) {
      COPRA_RETURN_NOT_OK(ExpectWord("deferrable"));
    } else if (MatchWord("deferrable")) {
    } else {
      break;
    }
    MatchToken(TokenType::kComma);
  }
  return Status::OK();
}

Result<StatementPtr> Parser::ParseTransaction() {
  auto stmt = std::make_unique<TransactionStatement>(Cur().pos);
  std::string w = Cur().text;
  Advance();
  if (w == "start") {
    COPRA_RETURN_NOT_OK(ExpectWord("transaction"));
    stmt->op = TransactionOp::kBegin;
    COPRA_RETURN_NOT_OK(SkipTransactionModes());
    return StatementPtr(std::move(stmt));
  }
  if (!MatchWord("work")) MatchWord("transaction");
  if (w == "begin") {
    stmt->op = TransactionOp::kBegin;
    COPRA_RETURN_NOT_OK(SkipTransactionModes());
  } else if (w == "commit" || w == "end") {
    stmt->op = TransactionOp::kCommit;
  } else {
    stmt->op = TransactionOp::kRollback;
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace copra
