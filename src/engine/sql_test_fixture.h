// SqlTest: a gtest fixture with an in-memory Database and one Session, and
// helpers that run SQL and render rows as "a|b" lines. For end-to-end tests
// of features that need the whole engine (joins, system tables). Included
// only by *_test.cpp files.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/database.h"
#include "engine/session.h"

namespace copra {

class SqlTest : public ::testing::Test {
 protected:
  using Rows = std::vector<std::string>;

  void SetUp() override {
    auto db = Database::Open(DatabaseOptions{""});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }

  // Rows as "a|b" lines (NULL as "NULL"), or one "ERROR: ..." line.
  Rows Query(const std::string& sql) {
    auto result = session_->Execute(sql);
    if (!result.ok()) return {result.status().ToString()};
    Rows rows;
    auto batches = (*result)->FetchAll();
    if (!batches.ok()) return {batches.status().ToString()};
    for (const BatchPtr& b : *batches) {
      for (int64_t r = 0; r < b->num_rows(); ++r) {
        std::string line;
        for (size_t c = 0; c < b->num_columns(); ++c) {
          if (c > 0) line += "|";
          Value v = b->column(c)->GetValue(r);
          line += v.is_null() ? "NULL" : v.ToString();
        }
        rows.push_back(line);
      }
    }
    return rows;
  }

  // Query() with the rows sorted, for queries without ORDER BY.
  Rows SortedQuery(const std::string& sql) {
    Rows rows = Query(sql);
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  void Exec(const std::string& sql) {
    auto result = session_->Execute(sql);
    ASSERT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    ASSERT_TRUE((*result)->FetchAll().ok());
  }

  // The error of `sql`, or "no error".
  std::string Error(const std::string& sql) {
    auto result = session_->Execute(sql);
    if (result.ok()) {
      auto rows = (*result)->FetchAll();
      if (rows.ok()) return "no error";
      return rows.status().ToString();
    }
    return result.status().ToString();
  }

  // The physical plan of `sql` (EXPLAIN's last row).
  std::string PhysicalPlan(const std::string& sql) {
    Rows rows = Query("EXPLAIN " + sql);
    if (rows.empty()) return "";
    const std::string prefix = "physical_plan|";
    return rows.back().rfind(prefix, 0) == 0 ? rows.back().substr(prefix.size()) : rows.back();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

}  // namespace copra
