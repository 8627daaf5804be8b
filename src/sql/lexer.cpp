#include "sql/lexer.h"

#include <fmt/format.h>

#include <cstdint>

namespace copra {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }
char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    while (true) {
      Token tok = Next();
      TokenType type = tok.type;
      tokens.push_back(std::move(tok));
      if (type == TokenType::kEnd || type == TokenType::kError) break;
    }
    return tokens;
  }

  SourcePosition Here() const { return SourcePosition{line_, column_, static_cast<int>(i_)}; }
  void SkipToEnd() {
    while (i_ < sql_.size()) Advance();
  }

 private:
  char Peek(size_t ahead = 0) const {
    return i_ + ahead < sql_.size() ? sql_[i_ + ahead] : '\0';
  }
  bool AtEnd() const { return i_ >= sql_.size(); }

  // Moves one byte, keeping line and (character) column current.
  void Advance() {
    char c = sql_[i_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }
  void Advance(size_t n) {
    for (size_t k = 0; k < n && i_ < sql_.size(); ++k) Advance();
  }

  Token Error(SourcePosition pos, std::string message) {
    Token t;
    t.type = TokenType::kError;
    t.text = std::move(message);
    t.pos = pos;
    t.raw = sql_.substr(static_cast<size_t>(pos.offset), 0);
    return t;
  }

  Token Make(TokenType type, SourcePosition start, std::string text) {
    Token t;
    t.type = type;
    t.text = std::move(text);
    t.pos = start;
    t.raw = sql_.substr(static_cast<size_t>(start.offset), i_ - static_cast<size_t>(start.offset));
    return t;
  }

  // Skips whitespace and comments; returns an error token for an
  // unterminated block comment, else a kEnd-typed token meaning "ok".
  bool SkipTrivia(Token* error) {
    while (!AtEnd()) {
      char c = Peek();
      if (IsSpace(c)) {
        Advance();
      } else if (c == '-' && Peek(1) == '-') {
        while (!AtEnd() && Peek() != '\n') Advance();
      } else if (c == '/' && Peek(1) == '*') {
        SourcePosition start = Here();
        Advance(2);
        int depth = 1;
        while (depth > 0) {
          if (AtEnd()) {
            *error = Error(start, "unterminated /* comment");
            return false;
          }
          if (Peek() == '/' && Peek(1) == '*') {
            Advance(2);
            ++depth;
          } else if (Peek() == '*' && Peek(1) == '/') {
            Advance(2);
            --depth;
          } else {
            Advance();
          }
        }
      } else {
        break;
      }
    }
    return true;
  }

  Token Next() {
    Token error;
    if (!SkipTrivia(&error)) return error;
    SourcePosition start = Here();
    if (AtEnd()) {
      Token t;
      t.type = TokenType::kEnd;
      t.pos = start;
      t.raw = sql_.substr(sql_.size(), 0);
      return t;
    }
    char c = Peek();
    if ((c == 'e' || c == 'E') && Peek(1) == '\'') {
      Advance();
      return LexString(start, StringStyle::kEscape);
    }
    if (IsIdentStart(c)) return LexWord(start);
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber(start);
    switch (c) {
      case '\'':
        return LexString(start, StringStyle::kStandard);
      case '"':
      case '`':
        return LexQuotedIdent(start, c);
      case '$':
        return LexDollar(start);
      case '?':
        Advance();
        return Make(TokenType::kParameter, start, "");
      default:
        return LexPunct(start);
    }
  }

  Token LexWord(SourcePosition start) {
    std::string text;
    while (!AtEnd() && IsIdentChar(Peek())) {
      text.push_back(ToLower(Peek()));
      Advance();
    }
    return Make(TokenType::kWord, start, std::move(text));
  }

  Token TrailingJunk(SourcePosition start) {
    while (!AtEnd() && IsIdentChar(Peek())) Advance();
    std::string_view raw =
        sql_.substr(static_cast<size_t>(start.offset), i_ - static_cast<size_t>(start.offset));
    return Error(start, fmt::format("trailing junk after numeric literal at or near \"{}\"", raw));
  }

  Token LexNumber(SourcePosition start) {
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X') && IsHexDigit(Peek(2))) {
      Advance(2);
      while (!AtEnd() && IsHexDigit(Peek())) Advance();
      if (!AtEnd() && IsIdentChar(Peek())) return TrailingJunk(start);
      return Make(TokenType::kInteger, start, std::string(sql_.substr(start.offset, i_ - start.offset)));
    }
    bool numeric = false;
    while (IsDigit(Peek())) Advance();
    // A '.' belongs to the number unless it starts a '..' (not SQL anyway).
    if (Peek() == '.' && Peek(1) != '.') {
      numeric = true;
      Advance();
      while (IsDigit(Peek())) Advance();
    }
    if (Peek() == 'e' || Peek() == 'E') {
      size_t k = 1;
      if (Peek(1) == '+' || Peek(1) == '-') k = 2;
      if (IsDigit(Peek(k))) {
        numeric = true;
        Advance(k);
        while (IsDigit(Peek())) Advance();
      } else {
        return TrailingJunk(start);
      }
    }
    if (!AtEnd() && IsIdentChar(Peek())) return TrailingJunk(start);
    return Make(numeric ? TokenType::kNumeric : TokenType::kInteger, start,
                std::string(sql_.substr(start.offset, i_ - start.offset)));
  }

  // After a closing quote: a string continues if only whitespace including a
  // newline separates it from another quote (SQL standard); -- comments
  // count as whitespace there, as in PostgreSQL.
  bool ContinuesOnNextLine() {
    size_t k = i_;
    bool newline = false;
    while (k < sql_.size()) {
      if (IsSpace(sql_[k])) {
        if (sql_[k] == '\n') newline = true;
        ++k;
      } else if (sql_[k] == '-' && k + 1 < sql_.size() && sql_[k + 1] == '-') {
        while (k < sql_.size() && sql_[k] != '\n') ++k;
      } else {
        break;
      }
    }
    if (!newline || k >= sql_.size() || sql_[k] != '\'') return false;
    while (i_ < k) Advance();
    return true;
  }

  // `start` is the position of the E prefix or of the opening quote.
  Token LexString(SourcePosition start, StringStyle style) {
    std::string text;
    Advance();  // opening quote
    while (true) {
      if (AtEnd()) return Error(start, "unterminated quoted string");
      char c = Peek();
      if (c == '\'') {
        if (Peek(1) == '\'') {
          text.push_back('\'');
          Advance(2);
          continue;
        }
        Advance();
        if (ContinuesOnNextLine()) {
          Advance();  // the continuation's opening quote
          continue;
        }
        break;
      }
      if (c == '\\' && style == StringStyle::kEscape) {
        SourcePosition esc = Here();
        Advance();
        if (AtEnd()) return Error(start, "unterminated quoted string");
        char e = Peek();
        Advance();
        switch (e) {
          case 'n': text.push_back('\n'); break;
          case 't': text.push_back('\t'); break;
          case 'r': text.push_back('\r'); break;
          case 'b': text.push_back('\b'); break;
          case 'f': text.push_back('\f'); break;
          case 'x': {
            if (!IsHexDigit(Peek())) {
              return Error(esc, "invalid escape sequence \"\\x\": expected hex digits");
            }
            int v = 0;
            for (int n = 0; n < 2 && IsHexDigit(Peek()); ++n) {
              v = v * 16 + HexValue(Peek());
              Advance();
            }
            if (v == 0) return Error(esc, "invalid escape: strings cannot contain NUL (\\x00)");
            text.push_back(static_cast<char>(v));
            break;
          }
          case 'u':
          case 'U': {
            int digits = e == 'u' ? 4 : 8;
            uint32_t cp = 0;
            for (int n = 0; n < digits; ++n) {
              if (!IsHexDigit(Peek())) {
                return Error(esc, fmt::format("invalid Unicode escape \"\\{}\": expected {} hex digits",
                                              e, digits));
              }
              cp = cp * 16 + static_cast<uint32_t>(HexValue(Peek()));
              Advance();
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
              return Error(esc, "invalid Unicode escape value");
            }
            AppendUtf8(&text, cp);
            break;
          }
          default:
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int n = 0; n < 2 && Peek() >= '0' && Peek() <= '7'; ++n) {
                v = v * 8 + (Peek() - '0');
                Advance();
              }
              if ((v & 0xFF) == 0) {
                return Error(esc, "invalid escape: strings cannot contain NUL (\\0)");
              }
              text.push_back(static_cast<char>(v & 0xFF));
            } else {
              // \\, \', \" and any other character stand for themselves.
              text.push_back(e);
            }
        }
        continue;
      }
      text.push_back(c);
      Advance();
    }
    Token t = Make(TokenType::kString, start, std::move(text));
    t.string_style = style;
    return t;
  }

  Token LexQuotedIdent(SourcePosition start, char quote) {
    std::string text;
    Advance();
    while (true) {
      if (AtEnd()) return Error(start, "unterminated quoted identifier");
      char c = Peek();
      if (c == quote) {
        if (Peek(1) == quote) {
          text.push_back(quote);
          Advance(2);
          continue;
        }
        Advance();
        break;
      }
      text.push_back(c);
      Advance();
    }
    if (text.empty()) return Error(start, "zero-length quoted identifier");
    return Make(TokenType::kQuotedIdent, start, std::move(text));
  }

  Token LexDollar(SourcePosition start) {
    if (IsDigit(Peek(1))) {
      Advance();
      std::string digits;
      while (IsDigit(Peek())) {
        digits.push_back(Peek());
        Advance();
      }
      if (!AtEnd() && IsIdentChar(Peek())) return TrailingJunk(start);
      return Make(TokenType::kParameter, start, std::move(digits));
    }
    // $tag$ where tag is empty or an identifier without '$'.
    size_t k = i_ + 1;
    if (k < sql_.size() && IsIdentStart(sql_[k])) {
      while (k < sql_.size() && IsIdentChar(sql_[k])) ++k;
    }
    if (k >= sql_.size() || sql_[k] != '$') {
      Advance();
      return Error(start, "syntax error at or near \"$\": expected a parameter ($1) or a dollar quote ($$)");
    }
    std::string_view delim = sql_.substr(i_, k - i_ + 1);
    Advance(delim.size());
    size_t body_start = i_;
    size_t close = sql_.find(delim, i_);
    if (close == std::string_view::npos) {
      SkipToEnd();
      return Error(start, fmt::format("unterminated dollar-quoted string (missing closing {})", delim));
    }
    std::string body(sql_.substr(body_start, close - body_start));
    while (i_ < close + delim.size()) Advance();
    Token t = Make(TokenType::kString, start, std::move(body));
    t.string_style = StringStyle::kDollar;
    return t;
  }

  Token LexPunct(SourcePosition start) {
    char c = Peek();
    char n = Peek(1);
    auto two = [&](TokenType type) {
      Advance(2);
      return Make(type, start, std::string(sql_.substr(start.offset, 2)));
    };
    auto one = [&](TokenType type) {
      Advance();
      return Make(type, start, std::string(1, c));
    };
    switch (c) {
      case '(': return one(TokenType::kLParen);
      case ')': return one(TokenType::kRParen);
      case '[': return one(TokenType::kLBracket);
      case ']': return one(TokenType::kRBracket);
      case ',': return one(TokenType::kComma);
      case ';': return one(TokenType::kSemicolon);
      case '.': return one(TokenType::kDot);
      case ':': return n == ':' ? two(TokenType::kDoubleColon) : one(TokenType::kColon);
      case '*': return one(TokenType::kStar);
      case '+': return one(TokenType::kPlus);
      case '-': return one(TokenType::kMinus);
      case '/': return one(TokenType::kSlash);
      case '%': return one(TokenType::kPercent);
      case '^': return one(TokenType::kCaret);
      case '=': return n == '=' ? two(TokenType::kEq) : one(TokenType::kEq);
      case '<':
        if (n == '>') return two(TokenType::kNotEq);
        if (n == '=') return two(TokenType::kLtEq);
        break;
      case '>':
        if (n == '=') return two(TokenType::kGtEq);
        return one(TokenType::kGt);
      case '!':
        if (n == '=') return two(TokenType::kNotEq);
        break;
      case '|':
        if (n == '|') return two(TokenType::kConcat);
        break;
      default:
        break;
    }
    if (c == '<') return one(TokenType::kLt);
    // Any other run of operator characters: the parser rejects it by name.
    static constexpr std::string_view kOpChars = "~!@#&|<>=+-*/%^";
    if (kOpChars.find(c) != std::string_view::npos) {
      while (!AtEnd() && kOpChars.find(Peek()) != std::string_view::npos &&
             !(Peek() == '-' && Peek(1) == '-') && !(Peek() == '/' && Peek(1) == '*')) {
        Advance();
      }
      return Make(TokenType::kOperator, start, std::string(sql_.substr(start.offset, i_ - start.offset)));
    }
    // A stray character: report it with its full UTF-8 sequence.
    Advance();
    while (!AtEnd() && (static_cast<unsigned char>(Peek()) & 0xC0) == 0x80) Advance();
    std::string_view raw = sql_.substr(start.offset, i_ - start.offset);
    return Error(start, fmt::format("syntax error at or near \"{}\": unexpected character", raw));
  }

  std::string_view sql_;
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

SourcePosition EndPosition(std::string_view sql) {
  Lexer lexer(sql);
  lexer.SkipToEnd();
  return lexer.Here();
}

}  // namespace copra
