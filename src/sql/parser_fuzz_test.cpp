// Robustness: truncations and random mutations of valid statements must
// parse or fail cleanly (never crash, hang or overflow the stack), and a
// successful parse must round-trip through ToString().
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "sql/parser.h"
#include "sql/sql_test_corpus.h"

namespace copra {
namespace {

void CheckParses(const std::string& sql) {
  auto r = ParseSql(sql);
  if (r.ok()) {
    for (const auto& stmt : *r) {
      std::string text = stmt->ToString();
      auto again = ParseSql(text);
      ASSERT_TRUE(again.ok()) << "input: " << sql << "\nrendered: " << text << "\n"
                              << again.status().ToString();
      ASSERT_EQ(again->size(), 1u) << text;
      EXPECT_EQ((*again)[0]->ToString(), text) << "input: " << sql;
      // Same tree, not just the same text: compare the unambiguous rendering.
      FullParenthesesScope full;
      EXPECT_EQ((*again)[0]->ToString(), stmt->ToString()) << "input: " << sql;
    }
  } else {
    EXPECT_TRUE(r.status().position().IsKnown()) << sql << "\n" << r.status().ToString();
    EXPECT_FALSE(r.status().message().empty());
  }
  SplitStatements(sql);
  IsStatementComplete(sql);
}

TEST(ParserFuzzTest, Truncations) {
  for (std::string_view sql : testing::kValidStatements) {
    for (size_t n = 0; n <= sql.size(); ++n) CheckParses(std::string(sql.substr(0, n)));
  }
}

TEST(ParserFuzzTest, RandomMutations) {
  static const char* kFragments[] = {
      "(", ")", ",", ";", "'", "\"", "$$", "$1", "?", "--", "/*", "*/", "::", "*", ".", "-",
      "+", "NOT", "SELECT", "FROM", "WHERE", "AND", "OR", "IN", "IS", "NULL", "CASE", "END",
      "JOIN", "ON", "UNION", "(SELECT 1)", "1e", "0x", "E'", "`", "[", "]", "~", "é", "\x01",
      "BETWEEN", "LIKE", "AS", "WITH", "VALUES", "ORDER BY", "LIMIT", "CAST(", "INTERVAL",
      "TIMESTAMP", " ", "\n", "\t", "x", "1", "1.5"};
  // COPRA_FUZZ_ROUNDS=5000 for a longer local run.
  const char* env = std::getenv("COPRA_FUZZ_ROUNDS");
  const int rounds = env ? std::atoi(env) : 40;
  const char* seed_env = std::getenv("COPRA_FUZZ_SEED");
  std::mt19937 rng(seed_env ? static_cast<unsigned>(std::atoi(seed_env)) : 12345u);
  int iterations = 0;
  for (std::string_view base : testing::kValidStatements) {
    for (int round = 0; round < rounds; ++round) {
      std::string sql(base);
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        size_t pos = sql.empty() ? 0 : rng() % (sql.size() + 1);
        switch (rng() % 5) {
          case 0:  // delete a span
            if (!sql.empty() && pos < sql.size()) sql.erase(pos, 1 + rng() % 8);
            break;
          case 1:  // insert a fragment
            sql.insert(pos, kFragments[rng() % std::size(kFragments)]);
            break;
          case 2:  // duplicate a span
            if (pos < sql.size()) sql.insert(pos, sql.substr(pos, 1 + rng() % 12));
            break;
          case 3:  // splice in a piece of another valid statement
          {
            std::string_view other =
                testing::kValidStatements[rng() % std::size(testing::kValidStatements)];
            size_t from = rng() % (other.size() + 1);
            sql.insert(pos, other.substr(from, rng() % 24));
            break;
          }
          default:  // replace a byte
            if (pos < sql.size()) sql[pos] = static_cast<char>(rng() % 128);
        }
      }
      CheckParses(sql);
      ++iterations;
    }
  }
  EXPECT_GE(iterations, rounds * 100);
}

TEST(ParserFuzzTest, HostileShapes) {
  CheckParses(std::string(100000, '('));
  CheckParses(std::string(100000, ')'));
  CheckParses("SELECT " + std::string(100000, '('));
  CheckParses(std::string(50000, '\''));
  CheckParses(std::string(50000, '$'));
  CheckParses(std::string(50000, ';'));
  std::string slashes;
  for (int i = 0; i < 20000; ++i) slashes += "/*";
  CheckParses(slashes);
  std::string cases = "SELECT ";
  for (int i = 0; i < 3000; ++i) cases += "CASE WHEN ";
  CheckParses(cases);
  std::string funcs = "SELECT ";
  for (int i = 0; i < 3000; ++i) funcs += "f(";
  CheckParses(funcs);
  std::string ins = "SELECT 1";
  for (int i = 0; i < 3000; ++i) ins += " IN (1";
  CheckParses(ins);
  std::string exists = "SELECT ";
  for (int i = 0; i < 3000; ++i) exists += "EXISTS (SELECT ";
  CheckParses(exists);
  std::string parens_query;
  for (int i = 0; i < 3000; ++i) parens_query += "((SELECT 1) + ";
  CheckParses("SELECT " + parens_query);
}

}  // namespace
}  // namespace copra
