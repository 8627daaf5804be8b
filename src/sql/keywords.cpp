#include "sql/keywords.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <vector>

#include "common/status.h"

namespace copra {
namespace {

// Sorted, for binary search. Chosen so that every place the grammar lets a
// name be followed by a keyword (implicit aliases, clause starts) is
// unambiguous; keep it short so time-series column names stay legal.
constexpr std::string_view kReserved[] = {
    "all",          "and",
    "any",          "as",
    "asc",          "between",
    "both",         "case",
    "cast",         "create",
    "cross",        "current_date",
    "current_time", "current_timestamp",
    "default",      "desc",
    "distinct",     "else",
    "end",          "except",
    "exists",       "false",
    "fetch",        "for",
    "from",         "full",
    "group",        "having",
    "ilike",        "in",
    "inner",        "intersect",
    "into",         "is",
    "isnull",       "join",
    "leading",      "left",
    "like",         "limit",
    "localtime",    "localtimestamp",
    "natural",      "not",
    "notnull",      "null",
    "offset",       "on",
    "or",           "order",
    "outer",        "right",
    "select",       "similar",
    "some",         "table",
    "then",         "trailing",
    "true",         "union",
    "using",        "when",
    "where",        "window",
};

}  // namespace

bool IsReservedWord(std::string_view lower) {
  static const bool sorted = std::is_sorted(std::begin(kReserved), std::end(kReserved));
  COPRA_DCHECK(sorted);
  (void)sorted;
  return std::binary_search(std::begin(kReserved), std::end(kReserved), lower);
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int TypoDistance(std::string_view a, std::string_view b, int limit) {
  int n = static_cast<int>(a.size());
  int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (int i = 0; i <= n; ++i) d[i][0] = i;
  for (int j = 0; j <= m; ++j) d[0][j] = j;
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return std::min(d[n][m], limit + 1);
}

}  // namespace copra
