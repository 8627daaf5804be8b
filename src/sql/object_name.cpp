#include "sql/object_name.h"

#include "sql/keywords.h"

namespace copra {

std::string ObjectName::ToString() const { return JoinQualified(parts); }

std::string QuoteIdentifier(std::string_view name) {
  bool plain = !name.empty() && !IsReservedWord(name);
  for (size_t i = 0; plain && i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) plain = false;
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string JoinQualified(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('.');
    out += QuoteIdentifier(parts[i]);
  }
  return out;
}

std::string OptionsToString(const std::vector<SqlOption>& options) {
  std::string out;
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += ", ";
    const SqlOption& o = options[i];
    // Dotted keys ("compaction.type") read back only when quoted.
    bool plain_key = !o.key.empty() && QuoteIdentifier(o.key) == o.key;
    out += plain_key ? o.key : QuoteString(o.key);
    out += " = ";
    out += o.quoted ? QuoteString(o.value) : o.value;
  }
  return out;
}

}  // namespace copra
