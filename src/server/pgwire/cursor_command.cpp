#include "server/pgwire/cursor_command.h"

#include <charconv>
#include <vector>

#include "sql/lexer.h"

namespace copra::pgwire {

namespace {

class CursorParser {
 public:
  CursorParser(std::string_view sql, std::vector<Token> tokens)
      : sql_(sql), tokens_(std::move(tokens)) {}

  const Token& Cur() const { return tokens_[std::min(pos_, tokens_.size() - 1)]; }
  bool Match(std::string_view word) {
    if (!Cur().IsWord(word)) return false;
    ++pos_;
    return true;
  }
  Status Error(const std::string& message) const { return Status::SyntaxError(message, Cur().pos); }
  bool AtEnd() const {
    size_t p = pos_;
    while (p < tokens_.size() && tokens_[p].type == TokenType::kSemicolon) ++p;
    return p >= tokens_.size() || tokens_[p].type == TokenType::kEnd;
  }
  Result<std::string> Name() {
    const Token& t = Cur();
    if (t.type != TokenType::kWord && t.type != TokenType::kQuotedIdent) {
      return Error("syntax error at or near \"" + std::string(t.raw) +
                   "\": expected a cursor name");
    }
    ++pos_;
    return t.text;
  }
  Status ExpectEnd() const {
    if (AtEnd()) return Status::OK();
    return Error("syntax error at or near \"" + std::string(Cur().raw) + "\"");
  }

  Result<CursorCommand> Declare() {
    CursorCommand cmd;
    cmd.kind = CursorCommand::Kind::kDeclare;
    COPRA_ASSIGN_OR_RETURN(cmd.name, Name());
    while (true) {
      if (Match("binary")) {
        cmd.binary = true;
      } else if (Match("asensitive") || Match("insensitive") || Match("scroll")) {
      } else if (Match("no")) {
        if (!Match("scroll")) return Error("syntax error: expected SCROLL after NO");
      } else {
        break;
      }
    }
    if (!Match("cursor")) return Error("syntax error: expected CURSOR");
    if (Match("with")) {
      if (!Match("hold")) return Error("syntax error: expected HOLD");
      cmd.with_hold = true;
    } else if (Match("without")) {
      if (!Match("hold")) return Error("syntax error: expected HOLD");
    }
    if (!Match("for")) return Error("syntax error: expected FOR");
    size_t offset = static_cast<size_t>(Cur().pos.offset);
    cmd.query = std::string(sql_);
    for (size_t i = 0; i < offset && i < cmd.query.size(); ++i) {
      if (cmd.query[i] != '\n') cmd.query[i] = ' ';
    }
    return cmd;
  }

  Result<CursorCommand> FetchOrMove(CursorCommand::Kind kind) {
    CursorCommand cmd;
    cmd.kind = kind;
    auto count = [&]() -> Result<bool> {
      if (Cur().type != TokenType::kInteger) return false;
      const std::string& text = Cur().text;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), cmd.count);
      if (ec != std::errc() || ptr != text.data() + text.size()) return Error("bad row count");
      ++pos_;
      return true;
    };
    for (const char* unsupported : {"backward", "prior", "absolute", "relative", "first", "last"}) {
      if (Cur().IsWord(unsupported)) {
        return Status::NotSupported(std::string("FETCH ") + unsupported +
                                        " is not supported: Copra cursors move forward only",
                                    Cur().pos);
      }
    }
    if (Cur().type == TokenType::kMinus) {
      return Status::NotSupported("Copra cursors move forward only", Cur().pos);
    }
    if (Match("next")) {
    } else if (Match("forward")) {
      if (Match("all")) {
        cmd.all = true;
      } else {
        COPRA_RETURN_NOT_OK(count().status());
      }
    } else if (Match("all")) {
      cmd.all = true;
    } else {
      COPRA_RETURN_NOT_OK(count().status());
    }
    if (!Match("from")) Match("in");
    COPRA_ASSIGN_OR_RETURN(cmd.name, Name());
    COPRA_RETURN_NOT_OK(ExpectEnd());
    return cmd;
  }

  Result<CursorCommand> Close() {
    CursorCommand cmd;
    cmd.kind = CursorCommand::Kind::kClose;
    if (Match("all")) {
      cmd.all = true;
    } else {
      COPRA_ASSIGN_OR_RETURN(cmd.name, Name());
    }
    COPRA_RETURN_NOT_OK(ExpectEnd());
    return cmd;
  }

  size_t pos_ = 0;

 private:
  std::string_view sql_;
  std::vector<Token> tokens_;
};

}  // namespace

Result<std::optional<CursorCommand>> ParseCursorCommand(std::string_view sql) {
  std::vector<Token> tokens = Tokenize(sql);
  if (tokens.empty() || tokens[0].type != TokenType::kWord) return std::optional<CursorCommand>();
  const std::string first = tokens[0].text;
  if (first != "declare" && first != "fetch" && first != "move" && first != "close" &&
      first != "deallocate") {
    return std::optional<CursorCommand>();
  }
  CursorParser parser(sql, std::move(tokens));
  parser.pos_ = 1;
  Result<CursorCommand> cmd = Status::Internal("unreachable");
  if (first == "declare") {
    cmd = parser.Declare();
  } else if (first == "fetch") {
    cmd = parser.FetchOrMove(CursorCommand::Kind::kFetch);
  } else if (first == "move") {
    cmd = parser.FetchOrMove(CursorCommand::Kind::kMove);
  } else if (first == "deallocate") {
    parser.Match("prepare");
    cmd = parser.Close();
    if (cmd.ok()) cmd->kind = CursorCommand::Kind::kDeallocate;
  } else {
    cmd = parser.Close();
  }
  if (!cmd.ok()) return cmd.status();
  return std::optional<CursorCommand>(std::move(*cmd));
}

}  // namespace copra::pgwire
