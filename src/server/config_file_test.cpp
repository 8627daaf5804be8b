#include "server/config_file.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

ConfigFile ParseOk(std::string_view text) {
  auto file = ParseConfigText(text, "copra.toml");
  EXPECT_TRUE(file.ok()) << file.status().message();
  return file.ok() ? std::move(*file) : ConfigFile{};
}

std::string ParseError(std::string_view text) {
  auto file = ParseConfigText(text, "copra.toml");
  EXPECT_FALSE(file.ok());
  return file.ok() ? "" : file.status().message();
}

TEST(ConfigFileTest, SectionsKeysAndValues) {
  ConfigFile f = ParseOk(
      "# a comment\n"
      "data_dir = \"/var/lib/copra\"  # trailing comment\n"
      "\n"
      "[http]\n"
      "  addr = '127.0.0.1:4000'\n"
      "threads = 1_000\n"
      "ratio = -2.5e1\n"
      "[pg]\r\n"
      "enabled = false\r\n"
      "pg2.x = true\n");
  ASSERT_EQ(f.entries.size(), 6u);
  EXPECT_EQ(f.entries[0].key, "data_dir");
  EXPECT_EQ(f.entries[0].value.string_value, "/var/lib/copra");
  EXPECT_EQ(f.entries[0].line, 2);
  EXPECT_EQ(f.entries[1].key, "http.addr");
  EXPECT_EQ(f.entries[1].value.string_value, "127.0.0.1:4000");
  EXPECT_EQ(f.entries[1].line, 5);
  EXPECT_EQ(f.entries[2].value.kind, ConfigValue::Kind::kInteger);
  EXPECT_EQ(f.entries[2].value.int_value, 1000);
  EXPECT_EQ(f.entries[3].value.kind, ConfigValue::Kind::kFloat);
  EXPECT_DOUBLE_EQ(f.entries[3].value.float_value, -25.0);
  EXPECT_EQ(f.entries[4].key, "pg.enabled");
  EXPECT_EQ(f.entries[4].value.kind, ConfigValue::Kind::kBool);
  EXPECT_FALSE(f.entries[4].value.bool_value);
  EXPECT_EQ(f.entries[5].key, "pg.pg2.x");
  EXPECT_TRUE(f.entries[5].value.bool_value);
}

TEST(ConfigFileTest, StringEscapes) {
  ConfigFile f = ParseOk("a = \"x\\\"y\\\\z\\t# not a comment\"\nb = 'C:\\dir'\n");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].value.string_value, "x\"y\\z\t# not a comment");
  EXPECT_EQ(f.entries[1].value.string_value, "C:\\dir");
}

TEST(ConfigFileTest, EmptyFile) {
  EXPECT_TRUE(ParseOk("").entries.empty());
  EXPECT_TRUE(ParseOk("\n# only comments\n\n").entries.empty());
}

TEST(ConfigFileTest, ErrorsNameFileAndLine) {
  EXPECT_EQ(ParseError("a = 1\nb = \"open\n"),
            "copra.toml:2: unterminated string (strings end on the same line)");
  EXPECT_EQ(ParseError("\n\naddr = 127.0.0.1:4000\n"),
            "copra.toml:3: invalid value '127.0.0.1:4000' (strings need quotes; numbers and "
            "true/false do not)");
  EXPECT_EQ(ParseError("a 1\n"), "copra.toml:1: expected '=' after key \"a\"");
  EXPECT_EQ(ParseError("a = 1\na = 2\n"), "copra.toml:2: key \"a\" is set twice");
  EXPECT_EQ(ParseError("[http\n"), "copra.toml:1: expected ']' after the section name");
  EXPECT_EQ(ParseError("[a]\n[a]\n"), "copra.toml:2: section [a] appears twice");
  EXPECT_EQ(ParseError("a = [1, 2]\n"), "copra.toml:1: arrays and inline tables are not supported");
  EXPECT_EQ(ParseError("a = \"x\" y\n"),
            "copra.toml:1: unexpected text after the value (comments start with '#')");
  EXPECT_EQ(ParseError("a =\n"), "copra.toml:1: expected a value");
  EXPECT_EQ(ParseError("= 1\n"),
            "copra.toml:1: expected a key (letters, digits, _ or -), found '='");
  EXPECT_EQ(ParseError("a = 99999999999999999999\n"),
            "copra.toml:1: integer 99999999999999999999 is out of range");
  EXPECT_EQ(ParseError("a = 1__0\n").substr(0, 28), "copra.toml:1: invalid value ");
  EXPECT_EQ(ParseError("a = \"\\q\"\n").substr(0, 36), "copra.toml:1: unsupported escape \\q ");
}

TEST(ConfigFileTest, MissingFileIsIoError) {
  auto f = ReadConfigFile("/nonexistent/copra.toml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), ErrorCode::kIoError);
  EXPECT_NE(f.status().message().find("/nonexistent/copra.toml"), std::string::npos);
}

}  // namespace
}  // namespace copra
