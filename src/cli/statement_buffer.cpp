#include "cli/statement_buffer.h"

#include "sql/parser.h"

namespace copra {

namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// As in sql/lexer.cpp: '$' is not an identifier character.
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

void StatementBuffer::AddLine(std::string_view line, int64_t input_line) {
  if (text_.empty()) first_line_ = input_line;
  const size_t from = text_.size();
  text_.append(line);
  text_ += '\n';
  Scan(from);
}

bool StatementBuffer::IsComplete() const {
  // The incremental scan answers most calls; the parser's own scanner has
  // the final word, so the shell never runs text the parser would split
  // differently. It runs once per candidate end, keeping input linear.
  return state_ == State::kNormal && ends_with_semicolon_ && IsStatementComplete(text_);
}

void StatementBuffer::Clear() {
  text_.clear();
  state_ = State::kNormal;
  comment_depth_ = 0;
  dollar_tag_.clear();
  ends_with_semicolon_ = false;
  has_statement_ = false;
  first_line_ = 0;
}

void StatementBuffer::Scan(size_t from) {
  const std::string& s = text_;
  const size_t n = s.size();
  size_t i = from;
  // Marks a significant token: something that is not whitespace/comment.
  const auto significant = [&](bool semicolon) {
    ends_with_semicolon_ = semicolon;
    if (!semicolon) has_statement_ = true;
  };
  while (i < n) {
    const char c = s[i];
    switch (state_) {
      case State::kNormal:
        if (IsSpace(c)) {
          ++i;
        } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
          while (i < n && s[i] != '\n') ++i;  // line comment
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
          state_ = State::kBlockComment;
          comment_depth_ = 1;
          i += 2;
        } else if (c == ';') {
          significant(true);
          ++i;
        } else if (c == '\'') {
          // E'...' when the quote directly follows a lone E/e.
          const bool escape =
              i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && (i < 2 || !IsIdentChar(s[i - 2]));
          state_ = escape ? State::kEscapeString : State::kSingleQuote;
          significant(false);
          ++i;
        } else if (c == '"' || c == '`') {
          quote_ = c;
          state_ = State::kDoubleQuote;
          significant(false);
          ++i;
        } else if (c == '$') {
          // $tag$ or $$ opens a dollar-quoted body; $1 is a parameter.
          size_t j = i + 1;
          if (j < n && IsIdentStart(s[j])) {
            while (j < n && IsIdentChar(s[j])) ++j;
          }
          significant(false);
          if (j < n && s[j] == '$') {
            dollar_tag_ = s.substr(i, j - i + 1);
            state_ = State::kDollarQuote;
            i = j + 1;
          } else {
            ++i;
          }
        } else if (IsIdentChar(c)) {
          // Whole words at once, so an 'e' ending a word never starts E''.
          significant(false);
          while (i < n && IsIdentChar(s[i])) ++i;
        } else {
          significant(false);
          ++i;
        }
        break;
      case State::kSingleQuote:
      case State::kDoubleQuote: {
        const char quote = state_ == State::kSingleQuote ? '\'' : quote_;
        if (c == quote) {
          if (i + 1 < n && s[i + 1] == quote) {
            i += 2;  // doubled quote: still inside
          } else {
            state_ = State::kNormal;
            ++i;
          }
        } else {
          ++i;
        }
        break;
      }
      case State::kEscapeString:
        if (c == '\\') {
          i += 2;
        } else if (c == '\'') {
          if (i + 1 < n && s[i + 1] == '\'') {
            i += 2;
          } else {
            state_ = State::kNormal;
            ++i;
          }
        } else {
          ++i;
        }
        break;
      case State::kBlockComment:
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
          ++comment_depth_;
          i += 2;
        } else if (c == '*' && i + 1 < n && s[i + 1] == '/') {
          if (--comment_depth_ == 0) state_ = State::kNormal;
          i += 2;
        } else {
          ++i;
        }
        break;
      case State::kDollarQuote:
        if (c == '$' && s.compare(i, dollar_tag_.size(), dollar_tag_) == 0) {
          i += dollar_tag_.size();
          state_ = State::kNormal;
        } else {
          ++i;
        }
        break;
    }
  }
}

}  // namespace copra
