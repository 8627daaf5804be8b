#include "engine/prepared_statement.h"

#include <algorithm>
#include <charconv>

#include "sql/lexer.h"

namespace copra {

bool PreparedStatement::returns_rows() const {
  if (statement == nullptr) return false;
  switch (statement->kind) {
    case StatementKind::kSelect:
    case StatementKind::kExplain:
    case StatementKind::kShow:
    case StatementKind::kDescribe: return true;
    default: return false;
  }
}

int CountParameters(std::string_view sql) {
  int highest = 0;
  int question_marks = 0;
  for (const Token& token : Tokenize(sql)) {
    if (token.type != TokenType::kParameter) continue;
    if (token.text.empty()) {
      ++question_marks;
      continue;
    }
    int n = 0;
    auto [ptr, ec] = std::from_chars(token.text.data(), token.text.data() + token.text.size(), n);
    if (ec == std::errc() && ptr == token.text.data() + token.text.size()) {
      highest = std::max(highest, n);
    }
  }
  return std::max(highest, question_marks);
}

}  // namespace copra
