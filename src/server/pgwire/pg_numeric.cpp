#include "server/pgwire/pg_numeric.h"

#include <vector>

#include "server/pgwire/message_reader.h"
#include "server/pgwire/message_writer.h"

namespace copra::pgwire {

namespace {

constexpr int16_t kPositive = 0x0000;
constexpr int16_t kNegative = 0x4000;
constexpr int16_t kNaN = static_cast<int16_t>(0xC000);
constexpr int16_t kPlusInfinity = static_cast<int16_t>(0xD000);
constexpr int16_t kMinusInfinity = static_cast<int16_t>(0xF000);

}  // namespace

void AppendNumericBinary(std::string_view decimal, std::string* out) {
  if (decimal == "NaN") {
    AppendInt16(out, 0);
    AppendInt16(out, 0);
    AppendInt16(out, kNaN);
    AppendInt16(out, 0);
    return;
  }
  bool negative = !decimal.empty() && decimal[0] == '-';
  if (negative) decimal.remove_prefix(1);
  size_t dot = decimal.find('.');
  std::string int_part(decimal.substr(0, dot));
  std::string frac_part(dot == std::string_view::npos ? "" : decimal.substr(dot + 1));
  auto dscale = static_cast<int16_t>(frac_part.size());
  // Align both parts to groups of four digits around the decimal point.
  while (int_part.size() % 4 != 0) int_part.insert(int_part.begin(), '0');
  while (frac_part.size() % 4 != 0) frac_part.push_back('0');
  std::string all = int_part + frac_part;
  std::vector<int16_t> groups;
  for (size_t i = 0; i < all.size(); i += 4) {
    groups.push_back(static_cast<int16_t>(std::stoi(all.substr(i, 4))));
  }
  int weight = static_cast<int>(int_part.size() / 4) - 1;
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0) --last;
  if (first == last) {  // zero
    weight = 0;
    negative = false;
  }
  AppendInt16(out, static_cast<int16_t>(last - first));
  AppendInt16(out, static_cast<int16_t>(weight));
  AppendInt16(out, negative ? kNegative : kPositive);
  AppendInt16(out, dscale);
  for (size_t i = first; i < last; ++i) AppendInt16(out, groups[i]);
}

Result<std::string> NumericBinaryToText(std::string_view bytes) {
  MessageReader reader(bytes, "numeric parameter");
  COPRA_ASSIGN_OR_RETURN(int16_t ndigits, reader.Int16());
  COPRA_ASSIGN_OR_RETURN(int16_t weight, reader.Int16());
  COPRA_ASSIGN_OR_RETURN(int16_t sign, reader.Int16());
  COPRA_ASSIGN_OR_RETURN(int16_t dscale, reader.Int16());
  if (sign == kNaN) return std::string("NaN");
  if (sign == kPlusInfinity) return std::string("Infinity");
  if (sign == kMinusInfinity) return std::string("-Infinity");
  if ((sign != kPositive && sign != kNegative) || ndigits < 0 || dscale < 0 || dscale > 1000 ||
      weight < -1000 || weight > 1000) {
    return reader.Invalid("bad header");
  }
  std::vector<int> digits;
  for (int i = 0; i < ndigits; ++i) {
    COPRA_ASSIGN_OR_RETURN(int16_t d, reader.Int16());
    if (d < 0 || d > 9999) return reader.Invalid("digit out of range");
    digits.push_back(d);
  }
  COPRA_RETURN_NOT_OK(reader.ExpectEnd());
  auto group = [&](int w) {  // the base-10000 digit of weight w
    int idx = weight - w;
    return idx >= 0 && idx < ndigits ? digits[static_cast<size_t>(idx)] : 0;
  };
  std::string text = sign == kNegative ? "-" : "";
  std::string int_digits;
  for (int w = std::max<int>(weight, 0); w >= 0; --w) {
    char buf[5];
    std::snprintf(buf, sizeof(buf), "%04d", group(w));
    int_digits += buf;
  }
  size_t nz = int_digits.find_first_not_of('0');
  text += nz == std::string::npos ? "0" : int_digits.substr(nz);
  if (dscale > 0) {
    std::string frac;
    for (int w = -1; static_cast<int>(frac.size()) < dscale; --w) {
      char buf[5];
      std::snprintf(buf, sizeof(buf), "%04d", group(w));
      frac += buf;
    }
    text += "." + frac.substr(0, static_cast<size_t>(dscale));
  }
  return text;
}

}  // namespace copra::pgwire
