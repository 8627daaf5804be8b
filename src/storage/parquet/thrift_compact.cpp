#include "storage/parquet/thrift_compact.h"

#include <cstring>

namespace copra::parquet {

// ---- writer ---------------------------------------------------------------

void CompactWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void CompactWriter::FieldHeader(int16_t id, ThriftType type) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_.push_back(static_cast<char>(type));
    I32(id);
  }
  last_id_ = id;
}

void CompactWriter::FieldBool(int16_t id, bool v) {
  FieldHeader(id, v ? ThriftType::kTrue : ThriftType::kFalse);
}

void CompactWriter::FieldByte(int16_t id, int8_t v) {
  FieldHeader(id, ThriftType::kByte);
  out_.push_back(static_cast<char>(v));
}

void CompactWriter::FieldEmptyStruct(int16_t id) {
  FieldStructBegin(id);
  StructEnd();
}

void CompactWriter::FieldI32(int16_t id, int32_t v) {
  FieldHeader(id, ThriftType::kI32);
  I32(v);
}

void CompactWriter::FieldI64(int16_t id, int64_t v) {
  FieldHeader(id, ThriftType::kI64);
  I64(v);
}

void CompactWriter::Binary(std::string_view v) {
  Varint(v.size());
  out_.append(v.data(), v.size());
}

void CompactWriter::FieldBinary(int16_t id, std::string_view v) {
  FieldHeader(id, ThriftType::kBinary);
  Binary(v);
}

void CompactWriter::FieldStructBegin(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  id_stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactWriter::ListStructBegin() {
  id_stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactWriter::StructEnd() {
  out_.push_back(0);
  if (!id_stack_.empty()) {
    last_id_ = id_stack_.back();
    id_stack_.pop_back();
  }
}

void CompactWriter::FieldListBegin(int16_t id, ThriftType elem, int64_t size) {
  FieldHeader(id, ThriftType::kList);
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | static_cast<int>(elem)));
  } else {
    out_.push_back(static_cast<char>(0xF0 | static_cast<int>(elem)));
    Varint(static_cast<uint64_t>(size));
  }
}

// ---- reader ---------------------------------------------------------------

namespace {
constexpr int kMaxDepth = 32;
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }
}  // namespace

Status CompactReader::Corrupt(const std::string& detail) const {
  return Status::Corruption("malformed " + what_ + " at byte " + std::to_string(position()) + ": " +
                            detail);
}

Result<uint64_t> CompactReader::Varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p_ >= end_) return Corrupt("truncated varint");
    uint8_t b = *p_++;
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return v;
  }
  return Corrupt("varint longer than 10 bytes");
}

void CompactReader::StructBegin() {
  id_stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactReader::StructEnd() {
  if (!id_stack_.empty()) {
    last_id_ = id_stack_.back();
    id_stack_.pop_back();
  }
}

Result<bool> CompactReader::NextField(int16_t* id, ThriftType* type) {
  if (p_ >= end_) return Corrupt("truncated struct");
  uint8_t b = *p_++;
  if (b == 0) return false;
  int t = b & 0x0F;
  if (t > static_cast<int>(ThriftType::kStruct)) {
    return Corrupt("unknown field type " + std::to_string(t));
  }
  *type = static_cast<ThriftType>(t);
  int delta = b >> 4;
  if (delta != 0) {
    *id = static_cast<int16_t>(last_id_ + delta);
  } else {
    COPRA_ASSIGN_OR_RETURN(uint64_t raw, Varint());
    *id = static_cast<int16_t>(UnZigZag(raw));
  }
  last_id_ = *id;
  return true;
}

Result<bool> CompactReader::ReadBool(ThriftType type) {
  if (type == ThriftType::kTrue) return true;
  if (type == ThriftType::kFalse) return false;
  if (type == ThriftType::kByte) {  // a list element is one byte
    if (p_ >= end_) return Corrupt("truncated bool");
    return *p_++ == 1;
  }
  return Corrupt("expected a bool");
}

Result<int32_t> CompactReader::ReadI32(ThriftType type) {
  if (type == ThriftType::kByte) {
    if (p_ >= end_) return Corrupt("truncated byte");
    return static_cast<int8_t>(*p_++);
  }
  if (type != ThriftType::kI32 && type != ThriftType::kI16) return Corrupt("expected an i32");
  COPRA_ASSIGN_OR_RETURN(uint64_t raw, Varint());
  int64_t v = UnZigZag(raw);
  if (v < INT32_MIN || v > INT32_MAX) return Corrupt("i32 out of range");
  return static_cast<int32_t>(v);
}

Result<int64_t> CompactReader::ReadI64(ThriftType type) {
  if (type == ThriftType::kI32 || type == ThriftType::kI16 || type == ThriftType::kByte) {
    COPRA_ASSIGN_OR_RETURN(int32_t v, ReadI32(type));
    return static_cast<int64_t>(v);
  }
  if (type != ThriftType::kI64) return Corrupt("expected an i64");
  COPRA_ASSIGN_OR_RETURN(uint64_t raw, Varint());
  return UnZigZag(raw);
}

Result<std::string> CompactReader::ReadBinary(ThriftType type) {
  if (type != ThriftType::kBinary) return Corrupt("expected a binary");
  COPRA_ASSIGN_OR_RETURN(uint64_t n, Varint());
  if (n > static_cast<uint64_t>(end_ - p_)) return Corrupt("binary longer than the input");
  std::string s(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return s;
}

Status CompactReader::ReadListBegin(ThriftType type, ThriftType* elem, int64_t* size) {
  if (type != ThriftType::kList && type != ThriftType::kSet) return Corrupt("expected a list");
  if (p_ >= end_) return Corrupt("truncated list");
  uint8_t b = *p_++;
  int t = b & 0x0F;
  if (t > static_cast<int>(ThriftType::kStruct)) {
    return Corrupt("unknown list element type " + std::to_string(t));
  }
  *elem = static_cast<ThriftType>(t);
  // Booleans inside lists are one byte each.
  if (*elem == ThriftType::kTrue || *elem == ThriftType::kFalse) *elem = ThriftType::kByte;
  uint64_t n = b >> 4;
  if (n == 15) {
    COPRA_ASSIGN_OR_RETURN(n, Varint());
  }
  // Every element takes at least one byte.
  if (n > static_cast<uint64_t>(end_ - p_)) return Corrupt("list longer than the input");
  *size = static_cast<int64_t>(n);
  return Status::OK();
}

Status CompactReader::Skip(ThriftType type) { return SkipDepth(type, 0); }

Status CompactReader::SkipDepth(ThriftType type, int depth) {
  if (depth > kMaxDepth) return Corrupt("nesting too deep");
  switch (type) {
    case ThriftType::kTrue:
    case ThriftType::kFalse: return Status::OK();
    case ThriftType::kByte:
      if (p_ >= end_) return Corrupt("truncated byte");
      ++p_;
      return Status::OK();
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64: return Varint().status();
    case ThriftType::kDouble:
      if (end_ - p_ < 8) return Corrupt("truncated double");
      p_ += 8;
      return Status::OK();
    case ThriftType::kBinary: {
      COPRA_ASSIGN_OR_RETURN(uint64_t n, Varint());
      if (n > static_cast<uint64_t>(end_ - p_)) return Corrupt("binary longer than the input");
      p_ += n;
      return Status::OK();
    }
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType elem;
      int64_t n;
      COPRA_RETURN_NOT_OK(ReadListBegin(type, &elem, &n));
      for (int64_t i = 0; i < n; ++i) COPRA_RETURN_NOT_OK(SkipDepth(elem, depth + 1));
      return Status::OK();
    }
    case ThriftType::kMap: {
      COPRA_ASSIGN_OR_RETURN(uint64_t n, Varint());
      if (n == 0) return Status::OK();
      if (p_ >= end_) return Corrupt("truncated map");
      uint8_t kv = *p_++;
      auto kt = static_cast<ThriftType>(kv >> 4), vt = static_cast<ThriftType>(kv & 0x0F);
      if (n > static_cast<uint64_t>(end_ - p_)) return Corrupt("map longer than the input");
      if (kt == ThriftType::kTrue || kt == ThriftType::kFalse) kt = ThriftType::kByte;
      if (vt == ThriftType::kTrue || vt == ThriftType::kFalse) vt = ThriftType::kByte;
      for (uint64_t i = 0; i < n; ++i) {
        COPRA_RETURN_NOT_OK(SkipDepth(kt, depth + 1));
        COPRA_RETURN_NOT_OK(SkipDepth(vt, depth + 1));
      }
      return Status::OK();
    }
    case ThriftType::kStruct: {
      StructBegin();
      while (true) {
        int16_t id;
        ThriftType t;
        COPRA_ASSIGN_OR_RETURN(bool more, NextField(&id, &t));
        if (!more) break;
        COPRA_RETURN_NOT_OK(SkipDepth(t, depth + 1));
      }
      StructEnd();
      return Status::OK();
    }
    case ThriftType::kStop: break;
  }
  return Corrupt("cannot skip type " + std::to_string(static_cast<int>(type)));
}

}  // namespace copra::parquet
