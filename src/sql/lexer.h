// SQL lexer: turns SQL text into Tokens (sql/token.h).
//
// Called by the parser; standalone for tests. Lexical errors (unterminated
// string, comment or dollar quote, bad escape, trailing junk after a number)
// do not stop tokenizing early with a Status: the token list ends with a
// kError token at the problem's position, so the parser reports whichever
// error comes first in the text.
//
// Dialect: PostgreSQL-flavoured. Unquoted words are lower-cased (ASCII);
// "double" and `back` quoted identifiers keep their case; '' doubles a quote;
// E'..' takes backslash escapes; $$..$$ and $tag$..$tag$ bodies are verbatim;
// adjacent string literals separated by a newline are concatenated; -- and
// nested /* */ comments are skipped.
#pragma once

#include <string_view>
#include <vector>

#include "sql/token.h"

namespace copra {

// Tokenizes all of `sql`. The result always ends with a kEnd or kError token.
// Token positions are 1-based line:column (columns count UTF-8 characters)
// with 0-based byte offsets into `sql`.
std::vector<Token> Tokenize(std::string_view sql);

// The position just after `sql`'s last character (where kEnd sits).
SourcePosition EndPosition(std::string_view sql);

}  // namespace copra
