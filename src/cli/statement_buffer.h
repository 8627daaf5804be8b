// StatementBuffer: collects input lines until they form complete SQL
// statements, i.e. the last thing outside strings, quoted identifiers,
// comments and $$-quoted bodies is a ';'. The shell feeds it one line at a
// time (interactive and piped input alike) and runs the text once
// IsComplete().
//
// Scanning is incremental (each line is looked at once), so a statement of
// a million lines costs linear time; sql/parser.h's IsStatementComplete
// confirms each candidate end. Lexical rules follow sql/lexer.cpp:
// 'it''s', E'\'', "quoted "" ident", `ident`, -- line comments, nested
// /* */, $$...$$ and $tag$...$tag$.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copra {

class StatementBuffer {
 public:
  // Appends `line` (without its newline) and a '\n'. `input_line` is the
  // 1-based line number of `line` in the whole input, remembered for the
  // first line of a fresh buffer so errors can name absolute lines.
  void AddLine(std::string_view line, int64_t input_line = 0);

  // The text ends in ';' outside any string/comment/quoted body.
  bool IsComplete() const;
  // Something other than whitespace, comments and ';' has been added.
  bool HasStatement() const { return has_statement_; }
  bool empty() const { return text_.empty(); }
  // The text ends inside a string, quoted identifier, comment or $$ body,
  // where a line starting with '\' is data, not a shell command.
  bool InsideQuotedText() const { return state_ != State::kNormal; }

  const std::string& text() const { return text_; }
  // Input line number of the first line (0 when not given).
  int64_t first_line() const { return first_line_; }

  void Clear();

 private:
  enum class State {
    kNormal,
    kSingleQuote,   // '...', doubled '' escapes
    kEscapeString,  // E'...', backslash escapes too
    kDoubleQuote,   // "..." or `...`, doubled quote escapes
    kBlockComment,  // /* ... */, nesting tracked in comment_depth_
    kDollarQuote,   // $tag$ ... $tag$
  };

  // Scans text_[from, end).
  void Scan(size_t from);

  std::string text_;
  State state_ = State::kNormal;
  int comment_depth_ = 0;
  char quote_ = '"';        // closing quote in kDoubleQuote
  std::string dollar_tag_;  // including both '$'
  bool ends_with_semicolon_ = false;
  bool has_statement_ = false;
  int64_t first_line_ = 0;
};

}  // namespace copra
