// Thrift compact protocol, the encoding of Parquet's footer and page headers.
//
// CompactWriter appends fields to a byte string; CompactReader pulls fields
// from untrusted bytes with bounds checks (never reads past the end, caps
// nesting depth and container sizes) and reports malformed input as a
// kDataCorrupted Status. Both are single-threaded value objects.
//
// Only what Parquet uses is supported: bool, i8/i16/i32/i64, double, binary,
// list and struct (set and map are skipped when reading, never written).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra::parquet {

// Compact protocol type ids (the low nibble of a field header).
enum class ThriftType : uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class CompactWriter {
 public:
  // Field writers: header (with the delta from the previous field id) + value.
  void FieldBool(int16_t id, bool v);
  void FieldByte(int16_t id, int8_t v);
  void FieldI32(int16_t id, int32_t v);
  void FieldI64(int16_t id, int64_t v);
  void FieldBinary(int16_t id, std::string_view v);
  // Starts a nested struct field; close with StructEnd().
  void FieldStructBegin(int16_t id);
  // An empty struct field (the members of Parquet's unions of empty structs).
  void FieldEmptyStruct(int16_t id);
  // Starts a list field of `size` elements of `elem`; then write the
  // elements with the bare value writers (ListStructBegin for structs).
  void FieldListBegin(int16_t id, ThriftType elem, int64_t size);

  // Bare values (list elements).
  void I32(int32_t v) { Varint(ZigZag(v)); }
  void I64(int64_t v) { Varint(ZigZag(v)); }
  void Bool(bool v) { out_.push_back(v ? 1 : 2); }
  void Binary(std::string_view v);
  // A struct as a list element; close with StructEnd().
  void ListStructBegin();

  // Writes the stop byte of the innermost struct and restores the field id
  // context of the enclosing one.
  void StructEnd();

  const std::string& data() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  static uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }
  void Varint(uint64_t v);
  void FieldHeader(int16_t id, ThriftType type);

  std::string out_;
  int16_t last_id_ = 0;
  std::vector<int16_t> id_stack_;
};

class CompactReader {
 public:
  // `what` names the thing being decoded in error messages ("page header").
  CompactReader(const uint8_t* data, size_t size, std::string what)
      : p_(data), end_(data + size), begin_(data), what_(std::move(what)) {}

  // Bytes consumed so far.
  size_t position() const { return static_cast<size_t>(p_ - begin_); }

  // Struct iteration: call StructBegin(), then NextField() until it returns
  // false (the stop byte), reading or Skip()ping each field, then StructEnd().
  void StructBegin();
  Result<bool> NextField(int16_t* id, ThriftType* type);
  void StructEnd();

  // Value readers; `type` is the field or element type (for bool fields the
  // value is in the type).
  Result<bool> ReadBool(ThriftType type);
  Result<int32_t> ReadI32(ThriftType type);
  Result<int64_t> ReadI64(ThriftType type);
  Result<std::string> ReadBinary(ThriftType type);
  // List header: element type and count (count checked against the bytes left).
  Status ReadListBegin(ThriftType type, ThriftType* elem, int64_t* size);
  // Skips one value of `type`, recursing into containers (depth-limited).
  Status Skip(ThriftType type);

  Status Corrupt(const std::string& detail) const;

 private:
  Result<uint64_t> Varint();
  Status SkipDepth(ThriftType type, int depth);

  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  std::string what_;
  int16_t last_id_ = 0;
  std::vector<int16_t> id_stack_;
};

}  // namespace copra::parquet
