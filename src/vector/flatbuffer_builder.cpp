#include "vector/flatbuffer_builder.h"

#include <algorithm>
#include <cstring>

namespace copra::fb {

namespace {

// Little-endian on every platform Copra builds for (x86-64, aarch64).
void Put32(std::string* out, size_t at, uint32_t v) { std::memcpy(out->data() + at, &v, 4); }
void Append16(std::string* out, uint16_t v) { out->append(reinterpret_cast<char*>(&v), 2); }
void Append32(std::string* out, uint32_t v) { out->append(reinterpret_cast<char*>(&v), 4); }
void Align(std::string* out, size_t a) {
  while (out->size() % a != 0) out->push_back('\0');
}

size_t WriteTable(const Table& t, std::string* out);

// Writes the object `f` refers to and patches the uoffset at `field_at`.
void WriteChild(const FieldValue& f, size_t field_at, std::string* out) {
  size_t target = 0;
  switch (f.kind) {
    case FieldValue::Kind::kScalar: return;
    case FieldValue::Kind::kString:
      Align(out, 4);
      target = out->size();
      Append32(out, static_cast<uint32_t>(f.bytes.size()));
      out->append(f.bytes);
      out->push_back('\0');
      break;
    case FieldValue::Kind::kTable: target = WriteTable(*f.table, out); break;
    case FieldValue::Kind::kStructVector:
      // Elements (after the 4-byte length) start 8-byte aligned.
      Align(out, 4);
      if ((out->size() + 4) % 8 != 0) out->append(4, '\0');
      target = out->size();
      Append32(out, static_cast<uint32_t>(f.count));
      out->append(f.bytes);
      break;
    case FieldValue::Kind::kTableVector: {
      Align(out, 4);
      target = out->size();
      Append32(out, static_cast<uint32_t>(f.tables.size()));
      size_t slots = out->size();
      out->append(4 * f.tables.size(), '\0');
      for (size_t i = 0; i < f.tables.size(); ++i) {
        size_t child = WriteTable(*f.tables[i], out);
        size_t slot = slots + 4 * i;
        Put32(out, slot, static_cast<uint32_t>(child - slot));
      }
      break;
    }
  }
  Put32(out, field_at, static_cast<uint32_t>(target - field_at));
}

// Writes vtable + table (+ children); returns the table's position.
size_t WriteTable(const Table& t, std::string* out) {
  // Inline layout: the soffset, then fields from the widest down so each is
  // naturally aligned relative to the 8-aligned table start.
  std::vector<const FieldValue*> order;
  for (const FieldValue& f : t.fields) order.push_back(&f);
  auto width = [](const FieldValue* f) {
    return f->kind == FieldValue::Kind::kScalar ? f->size : 4;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const FieldValue* a, const FieldValue* b) { return width(a) > width(b); });
  int max_id = -1;
  for (const FieldValue& f : t.fields) max_id = std::max(max_id, f.id);
  std::vector<uint16_t> slot_offsets(static_cast<size_t>(max_id + 1), 0);
  size_t inline_size = 4;
  std::vector<size_t> field_offsets(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    size_t w = static_cast<size_t>(width(order[i]));
    inline_size = (inline_size + w - 1) / w * w;
    field_offsets[i] = inline_size;
    slot_offsets[static_cast<size_t>(order[i]->id)] = static_cast<uint16_t>(inline_size);
    inline_size += w;
  }
  inline_size = (inline_size + 3) / 4 * 4;

  // vtable, placed so that the table after it starts 8-byte aligned.
  size_t vtable_size = 4 + 2 * slot_offsets.size();
  Align(out, 2);
  while ((out->size() + vtable_size) % 8 != 0) out->push_back('\0');
  size_t vtable_at = out->size();
  Append16(out, static_cast<uint16_t>(vtable_size));
  Append16(out, static_cast<uint16_t>(inline_size));
  for (uint16_t off : slot_offsets) Append16(out, off);

  size_t table_at = out->size();
  out->append(inline_size, '\0');
  auto soffset = static_cast<int32_t>(table_at - vtable_at);
  std::memcpy(out->data() + table_at, &soffset, 4);
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i]->kind == FieldValue::Kind::kScalar) {
      std::memcpy(out->data() + table_at + field_offsets[i], order[i]->bytes.data(),
                  static_cast<size_t>(order[i]->size));
    }
  }
  for (size_t i = 0; i < order.size(); ++i) {
    WriteChild(*order[i], table_at + field_offsets[i], out);
  }
  return table_at;
}

}  // namespace

Table& Table::Scalar(int id, const void* v, int size) {
  FieldValue f;
  f.id = id;
  f.size = size;
  f.bytes.assign(static_cast<const char*>(v), static_cast<size_t>(size));
  fields.push_back(std::move(f));
  return *this;
}

Table& Table::String(int id, std::string v) {
  FieldValue f;
  f.id = id;
  f.kind = FieldValue::Kind::kString;
  f.bytes = std::move(v);
  fields.push_back(std::move(f));
  return *this;
}

Table& Table::Child(int id, TablePtr t) {
  FieldValue f;
  f.id = id;
  f.kind = FieldValue::Kind::kTable;
  f.table = std::move(t);
  fields.push_back(std::move(f));
  return *this;
}

Table& Table::Children(int id, std::vector<TablePtr> ts) {
  FieldValue f;
  f.id = id;
  f.kind = FieldValue::Kind::kTableVector;
  f.tables = std::move(ts);
  fields.push_back(std::move(f));
  return *this;
}

Table& Table::Structs(int id, std::string packed, int count) {
  FieldValue f;
  f.id = id;
  f.kind = FieldValue::Kind::kStructVector;
  f.bytes = std::move(packed);
  f.count = count;
  fields.push_back(std::move(f));
  return *this;
}

std::string Finish(const Table& root) {
  std::string out(4, '\0');
  size_t at = WriteTable(root, &out);
  Put32(&out, 0, static_cast<uint32_t>(at));
  Align(&out, 8);
  return out;
}

}  // namespace copra::fb
