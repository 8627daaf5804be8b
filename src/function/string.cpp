// String functions with PostgreSQL semantics. Positions and lengths count
// UTF-8 characters (octet_length counts bytes); positions are 1-based.
// Counts and positions are BIGINT.
#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/utf8.h"

namespace copra {
namespace {

using namespace kernel;  // NOLINT: kernel building blocks
using SV = std::string_view;

// A result bigger than this is refused (PostgreSQL's 1 GB value limit).
constexpr int64_t kMaxResultBytes = int64_t{1} << 30;

Status TooLarge() { return Status::Error(ErrorCode::kStringTooLong, "requested length too large"); }

// ---------------------------------------------------------------------------
// Lengths, positions, predicates.

Result<Datum> CharLength(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnary<SV, int64_t>(ctx, args, utf8::CountChars);
}

Result<Datum> OctetLength(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapUnary<SV, int64_t>(ctx, args, [](SV s) { return static_cast<int64_t>(s.size()); });
}

// strpos(string, substring): 1-based character position, 0 when absent.
Result<Datum> StrPos(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<SV, SV, int64_t>(ctx, args, [](SV s, SV sub) -> int64_t {
    size_t pos = s.find(sub);
    if (pos == SV::npos) return 0;
    return utf8::CountChars(s.substr(0, pos)) + 1;
  });
}

Result<Datum> StartsWith(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<SV, SV, bool>(ctx, args, [](SV s, SV p) { return s.starts_with(p); });
}

Result<Datum> EndsWith(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapBinary<SV, SV, bool>(ctx, args, [](SV s, SV p) { return s.ends_with(p); });
}

// ---------------------------------------------------------------------------
// Case mapping, reversal.

template <bool kUpper>
Result<Datum> CaseKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  std::string scratch;
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    scratch.clear();
    if (kUpper) {
      utf8::AppendUpper(v, &scratch);
    } else {
      utf8::AppendLower(v, &scratch);
    }
    out->Append(scratch);
    return Status::OK();
  });
}

Result<Datum> Reverse(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  std::string scratch;
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    scratch.resize(v.size());
    for (size_t pos = 0; pos < v.size();) {  // each character moves as a unit
      size_t len = utf8::CharLengthAt(v, pos);
      v.copy(scratch.data() + (v.size() - pos - len), len, pos);
      pos += len;
    }
    out->Append(scratch);
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------
// Substrings.

// Characters [from, to) of s, 0-based, clamped to the string.
SV CharRange(SV s, int64_t from, int64_t to) {
  if (to <= from || to <= 0) return SV();
  size_t b = utf8::SkipChars(s, from < 0 ? 0 : from);
  SV rest = s.substr(b);
  return rest.substr(0, utf8::SkipChars(rest, to - (from < 0 ? 0 : from)));
}

// substr(s, start [, count]): PostgreSQL counts `count` characters from
// `start` even when start < 1 (substr('hello', 0, 3) = 'he').
template <bool kHasCount>
Result<Datum> Substr(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<int64_t> start(args[1]);
  ArgReader<int64_t> count(kHasCount ? args[2] : args[1]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    int64_t from = start(i) - 1;
    int64_t to = std::numeric_limits<int64_t>::max();
    if (kHasCount) {
      int64_t c = count(i);
      if (c < 0) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "negative substring length not allowed");
      }
      if (__builtin_add_overflow(from, c, &to)) to = std::numeric_limits<int64_t>::max();
    }
    out->Append(CharRange(s(i), from, to));
    return Status::OK();
  });
}

// left(s, n): the first n characters; n < 0: all but the last |n|.
// right(s, n): the last n characters; n < 0: all but the first |n|.
template <bool kLeft>
Result<Datum> LeftRight(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<int64_t> count(args[1]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    int64_t n = count(i);
    int64_t total = n < 0 || !kLeft ? utf8::CountChars(v) : 0;
    if (kLeft) {
      int64_t keep = n >= 0 ? n : std::max<int64_t>(total + n, 0);
      out->Append(v.substr(0, utf8::SkipChars(v, keep)));
    } else {
      int64_t skip = n >= 0 ? std::max<int64_t>(total - n, 0) : -n;
      out->Append(v.substr(utf8::SkipChars(v, skip)));
    }
    return Status::OK();
  });
}

// split_part(s, delimiter, n): field n (1-based); n < 0 counts from the
// end (PostgreSQL 14); out of range gives ''. An empty delimiter makes the
// whole string the only field.
Result<Datum> SplitPart(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<SV> delim(args[1]);
  ArgReader<int64_t> field(args[2]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    SV d = delim(i);
    int64_t n = field(i);
    if (n == 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "field position must not be zero");
    }
    if (d.empty()) {
      out->Append(n == 1 || n == -1 ? v : SV());
      return Status::OK();
    }
    if (n < 0) {
      int64_t fields = 1;
      for (size_t p = v.find(d); p != SV::npos; p = v.find(d, p + d.size())) ++fields;
      n = fields + n + 1;
      if (n < 1) {
        out->Append(SV());
        return Status::OK();
      }
    }
    size_t begin = 0;
    for (int64_t k = 1; k < n; ++k) {
      size_t p = v.find(d, begin);
      if (p == SV::npos) {
        out->Append(SV());
        return Status::OK();
      }
      begin = p + d.size();
    }
    size_t end = v.find(d, begin);
    out->Append(v.substr(begin, end == SV::npos ? SV::npos : end - begin));
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------
// Building strings.

Result<Datum> Replace(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<SV> from(args[1]);
  ArgReader<SV> to(args[2]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    SV f = from(i);
    if (f.empty()) {
      out->Append(v);
      return Status::OK();
    }
    SV t = to(i);
    size_t begin = 0;
    for (size_t p = v.find(f); p != SV::npos; p = v.find(f, begin)) {
      out->Extend(v.substr(begin, p - begin));
      out->Extend(t);
      begin = p + f.size();
    }
    out->Extend(v.substr(begin));
    out->EndValue();
    return Status::OK();
  });
}

Result<Datum> Repeat(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<int64_t> count(args[1]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    int64_t n = count(i);
    if (n > 0 && static_cast<int64_t>(v.size()) > kMaxResultBytes / n) return TooLarge();
    for (int64_t k = 0; k < n; ++k) out->Extend(v);
    out->EndValue();
    return Status::OK();
  });
}

// lpad/rpad(s, length [, fill]): pads with `fill` (default ' ') to `length`
// characters, or truncates s to it; an empty fill leaves s as is.
template <bool kLeft, bool kHasFill>
Result<Datum> Pad(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<int64_t> length(args[1]);
  ArgReader<SV> fill_arg(kHasFill ? args[2] : args[0]);
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    SV v = s(i);
    int64_t len = std::max<int64_t>(length(i), 0);
    SV fill = kHasFill ? fill_arg(i) : SV(" ");
    if (len > kMaxResultBytes / 4) return TooLarge();
    int64_t have = utf8::CountChars(v);
    if (have >= len || fill.empty()) {
      out->Append(v.substr(0, utf8::SkipChars(v, len)));
      return Status::OK();
    }
    if (!kLeft) out->Extend(v);
    int64_t missing = len - have;
    while (missing > 0) {  // whole copies of fill, then a prefix of it
      int64_t fill_chars = utf8::CountChars(fill);
      if (fill_chars <= missing) {
        out->Extend(fill);
        missing -= fill_chars;
      } else {
        out->Extend(fill.substr(0, utf8::SkipChars(fill, missing)));
        missing = 0;
      }
    }
    if (kLeft) out->Extend(v);
    out->EndValue();
    return Status::OK();
  });
}

// concat(...): NULL arguments count as empty strings; never NULL.
Result<Datum> Concat(const KernelContext& ctx, const std::vector<Datum>& in) {
  int64_t n = OutputLength(ctx, in);
  std::vector<Datum> args;
  for (const Datum& d : in) args.push_back(WithStorage(d, n));
  std::vector<ArgReader<SV>> readers;
  for (const Datum& d : args) readers.emplace_back(d);
  StringWriter out(OutputType(ctx), n, StringDataHint(args, n));
  for (int64_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < args.size(); ++k) {
      if (args[k].IsValid(i)) out.Extend(readers[k](i));
    }
    out.EndValue();
  }
  COPRA_ASSIGN_OR_RETURN(ColumnPtr col, out.Finish());
  return MakeResult(std::move(col), in);
}

// concat_ws(separator, ...): NULL when the separator is; NULL arguments
// are skipped (no separator for them).
Result<Datum> ConcatWs(const KernelContext& ctx, const std::vector<Datum>& in) {
  int64_t n = OutputLength(ctx, in);
  std::vector<Datum> args;
  for (const Datum& d : in) args.push_back(WithStorage(d, n));
  std::vector<ArgReader<SV>> readers;
  for (const Datum& d : args) readers.emplace_back(d);
  StringWriter out(OutputType(ctx), n, StringDataHint(args, n));
  for (int64_t i = 0; i < n; ++i) {
    if (!args[0].IsValid(i)) {
      out.AppendNull();
      continue;
    }
    SV sep = readers[0](i);
    bool first = true;
    for (size_t k = 1; k < args.size(); ++k) {
      if (!args[k].IsValid(i)) continue;
      if (!first) out.Extend(sep);
      out.Extend(readers[k](i));
      first = false;
    }
    out.EndValue();
  }
  COPRA_ASSIGN_OR_RETURN(ColumnPtr col, out.Finish());
  return MakeResult(std::move(col), in);
}

// ---------------------------------------------------------------------------
// Trimming.

// The set of characters to trim.
class CharSet {
 public:
  explicit CharSet(SV chars) {
    for (size_t pos = 0; pos < chars.size();) {
      uint32_t cp = utf8::Decode(chars, &pos);
      if (cp < 128) {
        ascii_[cp] = true;
      } else {
        others_.push_back(cp);
      }
    }
  }
  bool Contains(uint32_t cp) const {
    if (cp < 128) return ascii_[cp];
    for (uint32_t c : others_) {
      if (c == cp) return true;
    }
    return false;
  }

 private:
  bool ascii_[128] = {};
  std::vector<uint32_t> others_;
};

SV Trim(SV s, const CharSet& set, bool left, bool right) {
  size_t begin = 0;
  size_t end = s.size();
  if (left) {
    while (begin < end) {
      size_t next = begin;
      if (!set.Contains(utf8::Decode(s, &next))) break;
      begin = next;
    }
  }
  if (right) {
    while (end > begin) {
      size_t start = end - 1;  // back up to the last character's first byte
      while (start > begin && (static_cast<uint8_t>(s[start]) & 0xC0) == 0x80) --start;
      size_t pos = start;
      uint32_t cp = utf8::Decode(s, &pos);
      if (pos != end) {  // a stray continuation byte: it is its own character
        start = end - 1;
        pos = start;
        cp = utf8::Decode(s, &pos);
      }
      if (!set.Contains(cp)) break;
      end = start;
    }
  }
  return s.substr(begin, end - begin);
}

template <bool kLeft, bool kRight, bool kHasChars>
Result<Datum> TrimKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  ArgReader<SV> s(args[0]);
  ArgReader<SV> chars(kHasChars ? args[1] : args[0]);
  const CharSet spaces(" ");
  std::optional<CharSet> fixed;
  if (kHasChars && args[1].is_scalar && args[1].IsValid(0)) fixed.emplace(chars(0));
  return MapStringRows(ctx, args, [&](int64_t i, StringWriter* out) {
    if (!kHasChars) {
      out->Append(Trim(s(i), spaces, kLeft, kRight));
    } else if (fixed) {
      out->Append(Trim(s(i), *fixed, kLeft, kRight));
    } else {
      out->Append(Trim(s(i), CharSet(chars(i)), kLeft, kRight));
    }
    return Status::OK();
  });
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry* r) {
  const LogicalType s = LogicalType::String();
  const LogicalType bin = LogicalType::Binary();
  const LogicalType i64 = LogicalType::Int64();
  const LogicalType b = LogicalType::Boolean();

  AddScalar(r, "length", {s}, i64, CharLength);
  AddScalar(r, "length", {bin}, i64, OctetLength);
  r->AddAlias("char_length", "length");
  r->AddAlias("character_length", "length");
  AddScalar(r, "octet_length", {s}, i64, OctetLength);
  AddScalar(r, "octet_length", {bin}, i64, OctetLength);
  AddScalar(r, "strpos", {s, s}, i64, StrPos);
  // The parser turns POSITION(sub IN s) into position(s, sub), as
  // PostgreSQL does.
  r->AddAlias("position", "strpos");
  AddScalar(r, "starts_with", {s, s}, b, StartsWith);
  AddScalar(r, "ends_with", {s, s}, b, EndsWith);

  AddScalar(r, "lower", {s}, s, CaseKernel<false>);
  AddScalar(r, "upper", {s}, s, CaseKernel<true>);
  AddScalar(r, "reverse", {s}, s, Reverse);
  AddScalar(r, "substr", {s, i64}, s, Substr<false>);
  AddScalar(r, "substr", {s, i64, i64}, s, Substr<true>);
  r->AddAlias("substring", "substr");
  AddScalar(r, "left", {s, i64}, s, LeftRight<true>);
  AddScalar(r, "right", {s, i64}, s, LeftRight<false>);
  AddScalar(r, "split_part", {s, s, i64}, s, SplitPart);
  AddScalar(r, "replace", {s, s, s}, s, Replace);
  AddScalar(r, "repeat", {s, i64}, s, Repeat);
  AddScalar(r, "lpad", {s, i64}, s, Pad<true, false>);
  AddScalar(r, "lpad", {s, i64, s}, s, Pad<true, true>);
  AddScalar(r, "rpad", {s, i64}, s, Pad<false, false>);
  AddScalar(r, "rpad", {s, i64, s}, s, Pad<false, true>);
  AddVariadic(r, "concat", {s}, s, Concat);
  AddVariadic(r, "concat_ws", {s, s}, s, ConcatWs);

  AddScalar(r, "btrim", {s}, s, TrimKernel<true, true, false>);
  AddScalar(r, "btrim", {s, s}, s, TrimKernel<true, true, true>);
  AddScalar(r, "ltrim", {s}, s, TrimKernel<true, false, false>);
  AddScalar(r, "ltrim", {s, s}, s, TrimKernel<true, false, true>);
  AddScalar(r, "rtrim", {s}, s, TrimKernel<false, true, false>);
  AddScalar(r, "rtrim", {s, s}, s, TrimKernel<false, true, true>);
  r->AddAlias("trim", "btrim");
}

}  // namespace copra
