// PostgreSQL arrays in their text form. Copra has no array type: the array
// columns of pg_catalog, ARRAY(subquery) and casts to "T[]" hold the text
// PostgreSQL prints for an array, '{a,b,"c d",NULL}' (one dimension). The
// functions over arrays (array_contains for = ANY, array_element for a[i],
// array_upper, array_length, array_to_string, unnest) read that form.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra {

// One element: its text, or nullopt for NULL.
using PgArrayElement = std::optional<std::string>;

// Parses '{a,"b c",NULL}' (also '{}'); a string without braces is an error.
Result<std::vector<PgArrayElement>> ParsePgArray(std::string_view text);

// Prints elements as PostgreSQL does: quotes where needed, NULL unquoted.
std::string FormatPgArray(const std::vector<PgArrayElement>& elements);

}  // namespace copra
