// DDL parsing: CREATE TABLE/STREAM/DATABASE/SCRIPT/FUNCTION/EXTERNAL STREAM/
// [MATERIALIZED] VIEW/USER, DROP, ALTER USER, GRANT/REVOKE.
#include <fmt/format.h>

#include "sql/keywords.h"
#include "sql/parser.h"
#include "sql/parser_impl.h"

namespace copra {

Result<StatementPtr> Parser::ParseCreate() {
  SourcePosition pos = Cur().pos;
  Advance();  // CREATE
  bool or_replace = false;
  if (MatchWord("or")) {
    COPRA_RETURN_NOT_OK(ExpectWord("replace"));
    or_replace = true;
  }
  auto no_replace = [&](const char* what) -> Status {
    return ErrorAt(pos, fmt::format("CREATE OR REPLACE is not supported for {}", what));
  };
  if (MatchWord("table")) {
    if (or_replace) return no_replace("tables");
    return ParseCreateTable(pos, /*is_stream=*/false);
  }
  if (MatchWord("stream")) {
    if (or_replace) return no_replace("streams");
    return ParseCreateTable(pos, /*is_stream=*/true);
  }
  if (MatchWord("database") || MatchWord("schema")) {
    if (or_replace) return no_replace("databases");
    return ParseCreateDatabase(pos);
  }
  if (MatchWord("script")) return ParseCreateScript(pos, or_replace);
  if (MatchWord("function")) return ParseCreateFunction(pos, or_replace, /*aggregate=*/false);
  if (MatchWord("aggregate")) {
    COPRA_RETURN_NOT_OK(ExpectWord("function"));
    return ParseCreateFunction(pos, or_replace, /*aggregate=*/true);
  }
  if (MatchWord("external")) {
    COPRA_RETURN_NOT_OK(ExpectWord("stream"));
    return ParseCreateExternalStream(pos, or_replace);
  }
  if (MatchWord("materialized")) {
    COPRA_RETURN_NOT_OK(ExpectWord("view"));
    return ParseCreateView(pos, or_replace, /*materialized=*/true);
  }
  if (MatchWord("view")) return ParseCreateView(pos, or_replace, /*materialized=*/false);
  if (MatchWord("user")) {
    if (or_replace) return no_replace("users");
    return ParseCreateUser(pos);
  }
  if (Cur().IsWord("index")) {
    return NotSupportedAt(Cur().pos, "CREATE INDEX is not supported");
  }
  return Unexpected();
}

namespace {
// IF NOT EXISTS after the object keyword.
bool MatchIfNotExists(const Token& a, const Token& b, const Token& c) {
  return a.IsWord("if") && b.IsWord("not") && c.IsWord("exists");
}
}  // namespace

Result<StatementPtr> Parser::ParseCreateTable(SourcePosition pos, bool is_stream) {
  auto stmt = std::make_unique<CreateTableStatement>(pos);
  stmt->is_stream = is_stream;
  if (MatchIfNotExists(Cur(), Peek(1), Peek(2))) {
    Advance();
    Advance();
    Advance();
    stmt->if_not_exists = true;
  } else {
    AddExpected("IF NOT EXISTS", "if");
  }
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseObjectName(is_stream ? "a stream name" : "a table name"));
  bool has_elements = MatchToken(TokenType::kLParen);
  if (has_elements) {
    do {
      SourcePosition element_pos = Cur().pos;
      if (Cur().IsWord("time") && Peek(1).IsWord("index")) {
        Advance();
        Advance();
        if (!stmt->time_index.empty()) {
          return ErrorAt(element_pos, "multiple TIME INDEX constraints are not allowed");
        }
        COPRA_ASSIGN_OR_RETURN(std::vector<std::string> cols, ParseIdentifierList());
        if (cols.size() != 1) {
          return ErrorAt(element_pos, "TIME INDEX takes exactly one column");
        }
        stmt->time_index = cols[0];
        stmt->time_index_pos = element_pos;
      } else if (Cur().IsWord("primary") && Peek(1).IsWord("key")) {
        Advance();
        Advance();
        if (!stmt->primary_key.empty()) {
          return ErrorAt(element_pos, "multiple PRIMARY KEY constraints are not allowed");
        }
        COPRA_ASSIGN_OR_RETURN(stmt->primary_key, ParseIdentifierList());
        stmt->primary_key_pos = element_pos;
      } else {
        AddExpected("TIME INDEX", "time");
        AddExpected("PRIMARY KEY", "primary");
        COPRA_ASSIGN_OR_RETURN(ColumnDefinition col, ParseColumnDefinition());
        stmt->columns.push_back(std::move(col));
      }
    } while (MatchToken(TokenType::kComma));
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  }
  // Trailing clauses in any order, each at most once.
  bool seen_engine = false;
  bool seen_options = false;
  while (true) {
    if (CheckWord("engine")) {
      if (seen_engine) return ErrorAt(Cur().pos, "ENGINE specified more than once");
      Advance();
      seen_engine = true;
      MatchToken(TokenType::kEq);
      COPRA_ASSIGN_OR_RETURN(stmt->engine, ParseIdentifier("an engine name"));
    } else if (CheckWord("with") && Peek(1).type == TokenType::kLParen) {
      if (seen_options) return ErrorAt(Cur().pos, "table options specified more than once");
      Advance();
      seen_options = true;
      COPRA_ASSIGN_OR_RETURN(stmt->options, ParseParenOptions(/*require_equals=*/true));
    } else if (CheckWord("settings")) {
      if (seen_options) return ErrorAt(Cur().pos, "table options specified more than once");
      Advance();
      seen_options = true;
      COPRA_ASSIGN_OR_RETURN(stmt->options, ParseSettingsList());
    } else {
      break;
    }
  }
  if (MatchWord("as")) {
    COPRA_ASSIGN_OR_RETURN(stmt->as_query, ParseQuery());
  } else if (!has_elements) {
    AddExpected("\"(\"");
    return Unexpected();
  }
  return StatementPtr(std::move(stmt));
}

Result<ColumnDefinition> Parser::ParseColumnDefinition() {
  ColumnDefinition col;
  col.pos = Cur().pos;
  COPRA_ASSIGN_OR_RETURN(col.name, ParseIdentifier("a column name"));
  col.type_pos = Cur().pos;
  COPRA_ASSIGN_OR_RETURN(col.type_name, ParseTypeName());
  while (true) {
    SourcePosition cpos = Cur().pos;
    if (MatchWord("null")) {
      if (col.nullability != Nullability::kUnspecified) {
        return ErrorAt(cpos, fmt::format("conflicting NULL/NOT NULL for column \"{}\"", col.name));
      }
      col.nullability = Nullability::kNull;
      continue;
    }
    COPRA_ASSIGN_OR_RETURN(bool matched, MatchWords("not", "null"));
    if (matched) {
      if (col.nullability != Nullability::kUnspecified) {
        return ErrorAt(cpos, fmt::format("conflicting NULL/NOT NULL for column \"{}\"", col.name));
      }
      col.nullability = Nullability::kNotNull;
      continue;
    }
    if (MatchWord("default")) {
      if (col.default_value) {
        return ErrorAt(cpos, fmt::format("multiple DEFAULT values for column \"{}\"", col.name));
      }
      COPRA_ASSIGN_OR_RETURN(col.default_value, ParseExpr());
      continue;
    }
    COPRA_ASSIGN_OR_RETURN(matched, MatchWords("time", "index"));
    if (matched) {
      col.time_index = true;
      continue;
    }
    COPRA_ASSIGN_OR_RETURN(matched, MatchWords("primary", "key"));
    if (matched) {
      col.primary_key = true;
      continue;
    }
    if (MatchWord("comment")) {
      COPRA_ASSIGN_OR_RETURN(std::string c, ParseStringLiteral("a comment string"));
      col.comment = std::move(c);
    } else {
      break;
    }
  }
  return col;
}

Result<StatementPtr> Parser::ParseCreateDatabase(SourcePosition pos) {
  auto stmt = std::make_unique<CreateDatabaseStatement>(pos);
  if (MatchIfNotExists(Cur(), Peek(1), Peek(2))) {
    Advance();
    Advance();
    Advance();
    stmt->if_not_exists = true;
  } else {
    AddExpected("IF NOT EXISTS", "if");
  }
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseIdentifier("a database name"));
  if (MatchWord("with")) {
    COPRA_ASSIGN_OR_RETURN(stmt->options, ParseParenOptions(/*require_equals=*/true));
  }
  return StatementPtr(std::move(stmt));
}

Status Parser::ParseBody(std::string* body, SourcePosition* body_pos) {
  const Token& t = Cur();
  if (t.type != TokenType::kString) {
    return UnexpectedExpecting("a body string ($$ ... $$)");
  }
  *body = t.text;
  SourcePosition p = t.pos;
  // The body starts after the opening delimiter ($tag$ or '), on the same line.
  int skip = 1;
  if (t.string_style == StringStyle::kDollar) {
    skip = static_cast<int>(t.raw.find('$', 1)) + 1;
  } else if (t.string_style == StringStyle::kEscape) {
    skip = 2;
  }
  p.column += skip;
  p.offset += skip;
  *body_pos = p;
  Advance();
  return Status::OK();
}

Result<StatementPtr> Parser::ParseCreateScript(SourcePosition pos, bool or_replace) {
  auto stmt = std::make_unique<CreateScriptStatement>(pos);
  stmt->or_replace = or_replace;
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a script name"));
  COPRA_RETURN_NOT_OK(ExpectWord("as"));
  COPRA_RETURN_NOT_OK(ParseBody(&stmt->body, &stmt->body_pos));
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCreateFunction(SourcePosition pos, bool or_replace,
                                                 bool aggregate) {
  auto stmt = std::make_unique<CreateFunctionStatement>(pos);
  stmt->or_replace = or_replace;
  stmt->aggregate = aggregate;
  if (MatchIfNotExists(Cur(), Peek(1), Peek(2))) {
    Advance();
    Advance();
    Advance();
    stmt->if_not_exists = true;
  }
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a function name"));
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  if (!MatchToken(TokenType::kRParen)) {
    do {
      FunctionParam param;
      param.pos = Cur().pos;
      COPRA_ASSIGN_OR_RETURN(param.name, ParseIdentifier("a parameter name"));
      COPRA_ASSIGN_OR_RETURN(param.type_name, ParseTypeName());
      for (const FunctionParam& other : stmt->params) {
        if (other.name == param.name) {
          return ErrorAt(param.pos,
                         fmt::format("parameter name \"{}\" used more than once", param.name));
        }
      }
      stmt->params.push_back(std::move(param));
    } while (MatchToken(TokenType::kComma));
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  }
  // RETURNS, LANGUAGE, AS and SETTINGS in any order (PostgreSQL allows
  // LANGUAGE after AS); RETURNS, LANGUAGE and AS are required.
  bool has_returns = false, has_language = false, has_body = false, has_settings = false;
  while (true) {
    SourcePosition cpos = Cur().pos;
    auto twice = [&](const char* what) {
      return ErrorAt(cpos, fmt::format("{} specified more than once", what));
    };
    if (!has_returns) AddExpected("RETURNS", "returns");
    if (!has_language) AddExpected("LANGUAGE", "language");
    if (!has_body) AddExpected("AS", "as");
    if (Cur().IsWord("returns")) {
      if (has_returns) return twice("RETURNS");
      Advance();
      has_returns = true;
      stmt->return_type_pos = Cur().pos;
      COPRA_ASSIGN_OR_RETURN(stmt->return_type, ParseTypeName());
    } else if (Cur().IsWord("language")) {
      if (has_language) return twice("LANGUAGE");
      Advance();
      has_language = true;
      COPRA_ASSIGN_OR_RETURN(stmt->language, ParseLabel("a language name"));
      for (char& c : stmt->language) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
    } else if (Cur().IsWord("as")) {
      if (has_body) return twice("AS");
      Advance();
      has_body = true;
      COPRA_RETURN_NOT_OK(ParseBody(&stmt->body, &stmt->body_pos));
    } else if (has_body && CheckWord("settings")) {
      if (has_settings) return twice("SETTINGS");
      Advance();
      has_settings = true;
      COPRA_ASSIGN_OR_RETURN(stmt->settings, ParseSettingsList());
    } else {
      break;
    }
  }
  if (!has_returns || !has_language || !has_body) return Unexpected();
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCreateExternalStream(SourcePosition pos, bool or_replace) {
  auto stmt = std::make_unique<CreateExternalStreamStatement>(pos);
  stmt->or_replace = or_replace;
  if (MatchIfNotExists(Cur(), Peek(1), Peek(2))) {
    Advance();
    Advance();
    Advance();
    stmt->if_not_exists = true;
  }
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a stream name"));
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  do {
    COPRA_ASSIGN_OR_RETURN(ColumnDefinition col, ParseColumnDefinition());
    stmt->columns.push_back(std::move(col));
  } while (MatchToken(TokenType::kComma));
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  if (MatchWord("as")) {
    std::string body;
    COPRA_RETURN_NOT_OK(ParseBody(&body, &stmt->body_pos));
    stmt->body = std::move(body);
  }
  COPRA_RETURN_NOT_OK(ExpectWord("settings"));
  COPRA_ASSIGN_OR_RETURN(stmt->settings, ParseSettingsList());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCreateView(SourcePosition pos, bool or_replace,
                                             bool materialized) {
  auto stmt = std::make_unique<CreateViewStatement>(pos);
  stmt->or_replace = or_replace;
  stmt->materialized = materialized;
  if (MatchIfNotExists(Cur(), Peek(1), Peek(2))) {
    Advance();
    Advance();
    Advance();
    stmt->if_not_exists = true;
  }
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a view name"));
  if (materialized && MatchWord("into")) {
    COPRA_ASSIGN_OR_RETURN(stmt->target, ParseObjectName("a target table or stream name"));
  }
  COPRA_RETURN_NOT_OK(ExpectWord("as"));
  size_t start = static_cast<size_t>(Cur().pos.offset);
  COPRA_ASSIGN_OR_RETURN(stmt->query, ParseQuery());
  stmt->query_text = std::string(SourceSince(start));
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCreateUser(SourcePosition pos) {
  auto stmt = std::make_unique<CreateUserStatement>(pos);
  if (MatchIfNotExists(Cur(), Peek(1), Peek(2))) {
    Advance();
    Advance();
    Advance();
    stmt->if_not_exists = true;
  }
  if (Cur().type == TokenType::kString) {
    stmt->name = Cur().text;
    Advance();
  } else {
    COPRA_ASSIGN_OR_RETURN(stmt->name, ParseIdentifier("a user name"));
  }
  bool with = MatchWord("with");
  COPRA_ASSIGN_OR_RETURN(int options, ParseUserOptions(&stmt->password, &stmt->superuser));
  if (with && options == 0) return Unexpected();
  return StatementPtr(std::move(stmt));
}

Result<int> Parser::ParseUserOptions(std::optional<std::string>* password,
                                     std::optional<bool>* superuser) {
  int options = 0;
  while (true) {
    if (MatchWord("password")) {
      COPRA_ASSIGN_OR_RETURN(std::string pw, ParseStringLiteral("a password string"));
      *password = std::move(pw);
    } else if (MatchWord("superuser")) {
      *superuser = true;
    } else if (MatchWord("nosuperuser")) {
      *superuser = false;
    } else {
      AddExpected("PASSWORD", "password");
      AddExpected("SUPERUSER", "superuser");
      AddExpected("NOSUPERUSER", "nosuperuser");
      return options;
    }
    ++options;
  }
}

Result<StatementPtr> Parser::ParseAlterUser() {
  auto stmt = std::make_unique<AlterUserStatement>(Cur().pos);
  Advance();  // ALTER
  Advance();  // USER
  if (Cur().type == TokenType::kString) {
    stmt->name = Cur().text;
    Advance();
  } else {
    COPRA_ASSIGN_OR_RETURN(stmt->name, ParseIdentifier("a user name"));
  }
  MatchWord("with");
  COPRA_ASSIGN_OR_RETURN(int options, ParseUserOptions(&stmt->password, &stmt->superuser));
  if (options == 0) return Unexpected();
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseDrop() {
  auto stmt = std::make_unique<DropStatement>(Cur().pos);
  Advance();  // DROP
  const char* what = "a table name";
  if (MatchWord("table")) {
    stmt->object_type = ObjectType::kTable;
  } else if (MatchWord("stream")) {
    stmt->object_type = ObjectType::kStream;
    what = "a stream name";
  } else if (MatchWord("database") || MatchWord("schema")) {
    stmt->object_type = ObjectType::kDatabase;
    what = "a database name";
  } else if (MatchWord("script")) {
    stmt->object_type = ObjectType::kScript;
    what = "a script name";
  } else if (MatchWord("function")) {
    stmt->object_type = ObjectType::kFunction;
    what = "a function name";
  } else if (MatchWord("aggregate")) {
    COPRA_RETURN_NOT_OK(ExpectWord("function"));
    stmt->object_type = ObjectType::kFunction;
    what = "a function name";
  } else if (MatchWord("external")) {
    COPRA_RETURN_NOT_OK(ExpectWord("stream"));
    stmt->object_type = ObjectType::kExternalStream;
    what = "a stream name";
  } else if (MatchWord("view")) {
    stmt->object_type = ObjectType::kView;
    what = "a view name";
  } else if (MatchWord("materialized")) {
    COPRA_RETURN_NOT_OK(ExpectWord("view"));
    stmt->object_type = ObjectType::kMaterializedView;
    what = "a view name";
  } else if (MatchWord("user")) {
    stmt->object_type = ObjectType::kUser;
    what = "a user name";
  } else {
    return Unexpected();
  }
  if (Cur().IsWord("if") && Peek(1).IsWord("exists")) {
    Advance();
    Advance();
    stmt->if_exists = true;
  } else {
    AddExpected("IF EXISTS", "if");
  }
  do {
    COPRA_ASSIGN_OR_RETURN(ObjectName name, ParseObjectName(what));
    stmt->names.push_back(std::move(name));
  } while (MatchToken(TokenType::kComma));
  if (Cur().IsWord("cascade") || Cur().IsWord("restrict")) Advance();
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseGrant(bool revoke) {
  auto stmt = std::make_unique<GrantStatement>(Cur().pos);
  stmt->revoke = revoke;
  Advance();  // GRANT / REVOKE
  do {
    COPRA_ASSIGN_OR_RETURN(std::string priv, ParseLabel("a privilege (READ, WRITE, ADMIN or ALL)"));
    if (priv == "all") MatchWord("privileges");
    stmt->privileges.push_back(std::move(priv));
  } while (MatchToken(TokenType::kComma));
  COPRA_RETURN_NOT_OK(ExpectWord("on"));
  if (MatchToken(TokenType::kStar)) {
    stmt->all_databases = true;
  } else if (MatchWord("all")) {
    COPRA_RETURN_NOT_OK(ExpectWord("databases"));
    stmt->all_databases = true;
  } else {
    COPRA_RETURN_NOT_OK(ExpectWord("database"));
    COPRA_ASSIGN_OR_RETURN(stmt->database, ParseIdentifier("a database name"));
  }
  COPRA_RETURN_NOT_OK(ExpectWord(revoke ? "from" : "to"));
  if (Cur().type == TokenType::kString) {
    stmt->user = Cur().text;
    Advance();
  } else {
    COPRA_ASSIGN_OR_RETURN(stmt->user, ParseIdentifier("a user name"));
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace copra
