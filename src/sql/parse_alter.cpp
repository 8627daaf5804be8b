// Parser: ALTER TABLE (GreptimeDB's forms plus RENAME COLUMN).
#include "sql/parser_impl.h"

namespace copra {

Result<StatementPtr> Parser::ParseAlterTable() {
  auto stmt = std::make_unique<AlterTableStatement>(Cur().pos);
  Advance();  // ALTER
  Advance();  // TABLE
  COPRA_ASSIGN_OR_RETURN(stmt->name, ParseObjectName("a table name"));
  if (MatchWord("add")) {
    stmt->action = AlterTableAction::kAddColumn;
    MatchWord("column");
    if (Cur().IsWord("if") && Peek(1).IsWord("not") && Peek(2).IsWord("exists")) {
      Advance();
      Advance();
      Advance();
      stmt->if_exists = true;
    }
    COPRA_ASSIGN_OR_RETURN(stmt->column, ParseColumnDefinition());
    if (Cur().IsWord("first") || Cur().IsWord("after")) {
      return NotSupportedAt(Cur().pos,
                            "ADD COLUMN ... FIRST/AFTER is not supported: new columns go last");
    }
    return StatementPtr(std::move(stmt));
  }
  if (MatchWord("drop")) {
    stmt->action = AlterTableAction::kDropColumn;
    MatchWord("column");
    if (Cur().IsWord("if") && Peek(1).IsWord("exists")) {
      Advance();
      Advance();
      stmt->if_exists = true;
    }
    stmt->column_pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(stmt->column_name, ParseIdentifier("a column name"));
    return StatementPtr(std::move(stmt));
  }
  if (MatchWord("rename")) {
    if (MatchWord("column")) {
      stmt->action = AlterTableAction::kRenameColumn;
      stmt->column_pos = Cur().pos;
      COPRA_ASSIGN_OR_RETURN(stmt->column_name, ParseIdentifier("a column name"));
      COPRA_RETURN_NOT_OK(ExpectWord("to"));
      stmt->new_name_pos = Cur().pos;
      COPRA_ASSIGN_OR_RETURN(stmt->new_name, ParseIdentifier("the new column name"));
      return StatementPtr(std::move(stmt));
    }
    stmt->action = AlterTableAction::kRenameTable;
    MatchWord("to");
    stmt->new_name_pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(stmt->new_name, ParseIdentifier("the new table name"));
    return StatementPtr(std::move(stmt));
  }
  if (Cur().IsWord("modify") || Cur().IsWord("alter") || Cur().IsWord("set")) {
    return NotSupportedAt(Cur().pos,
                          "ALTER TABLE supports ADD COLUMN, DROP COLUMN, RENAME and "
                          "RENAME COLUMN");
  }
  AddExpected("", "add");
  AddExpected("", "drop");
  AddExpected("", "rename");
  return UnexpectedExpecting("ADD COLUMN, DROP COLUMN or RENAME");
}

}  // namespace copra
