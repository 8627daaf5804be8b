// Tokens produced by the SQL lexer (sql/lexer.h) for the parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

enum class TokenType : uint8_t {
  kEnd,         // end of input
  kError,       // lexical error: `text` holds the message, `pos` its place
  kWord,        // unquoted identifier or keyword; `text` is lower-cased
  kQuotedIdent, // "Foo" or `Foo`; `text` is the name with escapes resolved
  kString,      // '...', E'...', $$...$$; `text` is the contents
  kInteger,     // 123, 0x1F; `text` as written
  kNumeric,     // 1.5, .5, 5., 1e3; `text` as written
  kParameter,   // $1 (text "1") or ? (text "")
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kSemicolon,
  kDot,
  kColon,
  kDoubleColon,  // ::
  kStar,
  kPlus,
  kMinus,
  kSlash,
  kPercent,
  kCaret,
  kConcat,  // ||
  kEq,      // = (also ==)
  kNotEq,   // <> or !=
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kOperator,  // any other operator character sequence (~, @, &, ...)
};

enum class StringStyle : uint8_t { kStandard, kEscape, kDollar };

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;
  std::string_view raw;  // exact source slice (empty for kEnd)
  SourcePosition pos;
  StringStyle string_style = StringStyle::kStandard;  // kString only

  bool IsWord(std::string_view lower) const {
    return type == TokenType::kWord && text == lower;
  }
};

}  // namespace copra
