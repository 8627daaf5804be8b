#include "vector/arrow_ipc_writer.h"

#include <cstring>

#include "vector/flatbuffer_builder.h"

namespace copra {

namespace {

// Enum values from Arrow's Schema.fbs and Message.fbs.
constexpr int16_t kMetadataV5 = 4;
constexpr uint8_t kHeaderSchema = 1;
constexpr uint8_t kHeaderRecordBatch = 3;
enum ArrowType : uint8_t {
  kTypeNull = 1,
  kTypeInt = 2,
  kTypeFloatingPoint = 3,
  kTypeBinary = 4,
  kTypeUtf8 = 5,
  kTypeBool = 6,
  kTypeDate = 8,
  kTypeTimestamp = 10,
  kTypeInterval = 11,
};

void Pad8(std::string* s) {
  while (s->size() % 8 != 0) s->push_back('\0');
}

void AppendRaw(std::string* s, const void* p, size_t n) {
  s->append(static_cast<const char*>(p), n);
}

// The Field table for `field` (Schema.fbs: name 0, nullable 1, type_type 2,
// type 3, children 5).
fb::TablePtr FieldTable(const Field& field) {
  auto type = fb::MakeTable();
  uint8_t type_id = kTypeNull;
  const LogicalType& t = field.type;
  switch (t.id()) {
    case TypeId::kNull: type_id = kTypeNull; break;
    case TypeId::kBoolean: type_id = kTypeBool; break;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      type_id = kTypeInt;
      type->Int32(0, t.ByteWidth() * 8).Bool(1, t.IsSignedInteger());  // bitWidth, is_signed
      break;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      type_id = kTypeFloatingPoint;
      type->Int16(0, t.id() == TypeId::kFloat32 ? 1 : 2);  // SINGLE, DOUBLE
      break;
    case TypeId::kString: type_id = kTypeUtf8; break;
    case TypeId::kBinary: type_id = kTypeBinary; break;
    case TypeId::kDate:
      type_id = kTypeDate;
      type->Int16(0, 0);  // DAY
      break;
    case TypeId::kTimestamp:
      type_id = kTypeTimestamp;
      type->Int16(0, static_cast<int16_t>(t.unit()));  // SECOND..NANOSECOND = 0..3
      break;
    case TypeId::kInterval:
      type_id = kTypeInterval;
      type->Int16(0, 2);  // MONTH_DAY_NANO
      break;
  }
  auto f = fb::MakeTable();
  f->String(0, field.name).Bool(1, field.nullable).Int8(2, static_cast<int8_t>(type_id));
  f->Child(3, type).Children(5, {});
  return f;
}

fb::TablePtr MessageTable(uint8_t header_type, fb::TablePtr header, int64_t body_length) {
  auto m = fb::MakeTable();
  m->Int16(0, kMetadataV5).Int8(1, static_cast<int8_t>(header_type)).Child(2, header);
  m->Int64(3, body_length);
  return m;
}

// Collects the body buffers and their (offset, length) descriptors.
class BodyWriter {
 public:
  void Add(const std::string& bytes) {
    int64_t offset = static_cast<int64_t>(body_.size());
    body_ += bytes;
    int64_t length = static_cast<int64_t>(bytes.size());
    Pad8(&body_);
    AppendRaw(&descriptors_, &offset, 8);
    AppendRaw(&descriptors_, &length, 8);
    ++count_;
  }
  const std::string& body() const { return body_; }
  const std::string& descriptors() const { return descriptors_; }
  int count() const { return count_; }

 private:
  std::string body_;
  std::string descriptors_;
  int count_ = 0;
};

// A bitmap of `n` bits starting at bit `offset` of `bits`, repacked to bit 0.
std::string Bitmap(const uint8_t* bits, int64_t offset, int64_t n) {
  std::string out(static_cast<size_t>((n + 7) / 8), '\0');
  for (int64_t i = 0; i < n; ++i) {
    int64_t b = offset + i;
    if ((bits[b / 8] >> (b % 8)) & 1)
      out[static_cast<size_t>(i / 8)] |= static_cast<char>(1 << (i % 8));
  }
  return out;
}

}  // namespace

void ArrowIpcStreamWriter::WriteMessage(const std::string& metadata, const std::string& body) {
  uint32_t continuation = 0xFFFFFFFF;
  auto length = static_cast<int32_t>(metadata.size());
  AppendRaw(out_, &continuation, 4);
  AppendRaw(out_, &length, 4);
  out_->append(metadata);  // already padded to 8 bytes
  out_->append(body);
}

void ArrowIpcStreamWriter::WriteSchema(const Schema& schema) {
  std::vector<fb::TablePtr> fields;
  for (const Field& f : schema.fields()) fields.push_back(FieldTable(f));
  auto s = fb::MakeTable();
  s->Int16(0, 0).Children(1, std::move(fields));  // endianness Little
  WriteMessage(fb::Finish(*MessageTable(kHeaderSchema, s, 0)), "");
}

void ArrowIpcStreamWriter::WriteBatch(const Batch& batch) {
  BodyWriter body;
  std::string nodes;
  int64_t n = batch.num_rows();
  for (const ColumnPtr& col : batch.columns()) {
    const Column& c = *col;
    int64_t nulls = c.type().IsNull() ? n : c.null_count();
    AppendRaw(&nodes, &n, 8);
    AppendRaw(&nodes, &nulls, 8);
    if (c.type().IsNull()) continue;  // the Null layout has no buffers
    std::string no_values(static_cast<size_t>((n + 7) / 8), '\0');  // all bits 0
    if (nulls == 0) {
      body.Add(std::string());
    } else {
      body.Add(c.validity_bits() != nullptr ? Bitmap(c.validity_bits(), c.offset(), n) : no_values);
    }
    if (c.values_buffer() == nullptr) {  // an all-NULL column without storage
      switch (c.type().id()) {
        case TypeId::kBoolean: body.Add(no_values); break;
        case TypeId::kString:
        case TypeId::kBinary:
          body.Add(std::string(static_cast<size_t>(n + 1) * 4, '\0'));
          body.Add(std::string());
          break;
        default: body.Add(std::string(static_cast<size_t>(n * c.type().ByteWidth()), '\0')); break;
      }
      continue;
    }
    switch (c.type().id()) {
      case TypeId::kBoolean: body.Add(Bitmap(c.values_buffer()->data(), c.offset(), n)); break;
      case TypeId::kString:
      case TypeId::kBinary: {
        const int32_t* offs = c.values_buffer()->data_as<int32_t>() + c.offset();
        std::string rebased;
        for (int64_t i = 0; i <= n; ++i) {
          int32_t v = offs[i] - offs[0];
          AppendRaw(&rebased, &v, 4);
        }
        body.Add(rebased);
        body.Add(std::string(reinterpret_cast<const char*>(c.data_buffer()->data()) + offs[0],
                             static_cast<size_t>(offs[n] - offs[0])));
        break;
      }
      default: {
        auto width = static_cast<size_t>(c.type().ByteWidth());
        body.Add(std::string(
            reinterpret_cast<const char*>(c.values_buffer()->data()) + c.offset() * width,
            static_cast<size_t>(n) * width));
        break;
      }
    }
  }
  auto rb = fb::MakeTable();
  rb->Int64(0, n)
      .Structs(1, nodes, static_cast<int>(batch.num_columns()))
      .Structs(2, body.descriptors(), body.count());
  WriteMessage(
      fb::Finish(*MessageTable(kHeaderRecordBatch, rb, static_cast<int64_t>(body.body().size()))),
      body.body());
}

void ArrowIpcStreamWriter::Finish() {
  uint32_t continuation = 0xFFFFFFFF;
  uint32_t zero = 0;
  AppendRaw(out_, &continuation, 4);
  AppendRaw(out_, &zero, 4);
}

}  // namespace copra
