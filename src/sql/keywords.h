// Keyword tables shared by the parser (which words may not be bare names)
// and the AST renderers (which names need quoting).
#pragma once

#include <string>
#include <string_view>

namespace copra {

// True for words that can never be an unquoted column, table or alias name
// (SELECT, FROM, WHERE, JOIN, ...). `lower` must be lower case. Other
// keywords (TIME, INDEX, STREAM, ...) stay usable as names.
bool IsReservedWord(std::string_view lower);

// ASCII upper case, for keywords in messages.
std::string Upper(std::string_view s);

// ASCII lower case.
std::string Lower(std::string_view s);

// Optimal string alignment distance, capped at `limit + 1`, for keyword
// "did you mean" hints. Unlike common/suggest.h's EditDistance, a
// transposition counts as one edit (GRUOP -> GROUP).
int TypoDistance(std::string_view a, std::string_view b, int limit);

}  // namespace copra
