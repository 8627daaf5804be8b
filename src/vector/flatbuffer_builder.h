// FlatBufferBuilder: writes FlatBuffers (https://flatbuffers.dev, "internals")
// without the flatc code generator, for the Arrow IPC writer's metadata.
// Objects are described as a small tree (FbTable with scalar, string, table,
// vector fields) and serialized front to back: every child is written after
// the field that refers to it, so all uoffsets are positive as the format
// requires; vtables precede their tables. Tables are 8-byte aligned, vectors
// of structs have 8-byte aligned elements.
//
// Value types; not thread-safe (build one tree per message).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace copra::fb {

struct Table;
using TablePtr = std::shared_ptr<Table>;

// One field of a table, at vtable slot `id`.
struct FieldValue {
  enum class Kind { kScalar, kString, kTable, kTableVector, kStructVector };
  int id = 0;
  Kind kind = Kind::kScalar;
  std::string bytes;             // kScalar: little-endian value; kString: text;
                                 // kStructVector: the packed structs
  int size = 0;                  // kScalar: 1, 2, 4 or 8
  int count = 0;                 // kStructVector: number of structs
  TablePtr table;                // kTable
  std::vector<TablePtr> tables;  // kTableVector
};

struct Table {
  std::vector<FieldValue> fields;

  Table& Int8(int id, int8_t v) { return Scalar(id, &v, 1); }
  Table& Bool(int id, bool v) { return Int8(id, v ? 1 : 0); }
  Table& Int16(int id, int16_t v) { return Scalar(id, &v, 2); }
  Table& Int32(int id, int32_t v) { return Scalar(id, &v, 4); }
  Table& Int64(int id, int64_t v) { return Scalar(id, &v, 8); }
  Table& String(int id, std::string v);
  Table& Child(int id, TablePtr t);
  Table& Children(int id, std::vector<TablePtr> ts);
  // A vector of `count` structs laid out in `packed` (8-byte aligned).
  Table& Structs(int id, std::string packed, int count);

 private:
  Table& Scalar(int id, const void* v, int size);
};

inline TablePtr MakeTable() { return std::make_shared<Table>(); }

// The finished buffer: a root uoffset followed by `root` and its children,
// padded to a multiple of 8 bytes.
std::string Finish(const Table& root);

}  // namespace copra::fb
