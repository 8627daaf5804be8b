// Expected-versus-actual comparison for sqllogictest `query` records.
// Engine-free (rows are already rendered to strings) so it is unit-tested
// on its own; slt_runner.cpp renders engine values and calls in here.
#pragma once

#include <string>
#include <vector>

#include "slt_parser.h"

namespace copra::slt {

// One result row, each value rendered as sqllogictest text.
using Row = std::vector<std::string>;

// Splits expected result lines into rows of `num_columns` values:
//  * one column: each line is a value (inner spaces kept);
//  * a line with tabs: split at tabs;
//  * otherwise split at runs of spaces, unless that does not give
//    `num_columns` values on every line and the line count is a multiple of
//    `num_columns`: then each line is one value, rows filled in order
//    (SQLite's value-per-line layout).
std::vector<Row> SplitExpectedRows(const std::vector<std::string>& lines, size_t num_columns);

// Orders rows as `mode` asks: rowsort sorts rows, valuesort sorts all
// values and returns them one per row.
void ApplySortMode(SortMode mode, std::vector<Row>* rows);

// Compares after sorting both sides. `types` (the query's type string)
// makes R columns compare with a relative tolerance of 1e-9, so float sums
// may differ in the last bits (batch size changes the addition order).
// Returns "" when equal, else a description with both results.
std::string CompareResults(const std::string& types, SortMode mode, std::vector<Row> expected,
                           std::vector<Row> actual);

// True when some value spans several lines (EXPLAIN plans).
bool HasMultilineValue(const std::vector<Row>& rows);

// The result as the text lines an .slt file lists it: each row's values
// joined by tabs, a value with newlines continuing on the following lines;
// trailing blanks of each line dropped (the parser drops them from
// expected lines too). One single-value Row per line.
std::vector<Row> ResultLines(const std::vector<Row>& rows);

// "v1\tv2" for messages and labels.
std::string JoinRow(const Row& row);

}  // namespace copra::slt
