// parquet_tool: Copra's half of the Parquet interop test with DuckDB
// (tests/interop/parquet_interop.mjs).
//
//   parquet_tool write <case> <path> [--codec zstd|snappy|lz4|uncompressed]
//                [--plain] [--row-group-rows N] [--page-bytes N]
//       writes a deterministic data set to <path> and prints it (canonical
//       text, below) to stdout
//   parquet_tool dump <path>
//       reads <path> with Copra's reader and prints it
//
// Canonical text: a header line "name:TYPE<TAB>...", then one line per row,
// values separated by tabs: \N for NULL, true/false, integers in decimal,
// floats as printf("%.17g") of the value as a double ("nan" for NaN),
// STRING/BINARY as uppercase hex of the bytes, TIMESTAMP as integer
// nanoseconds since the epoch, DATE as days since the epoch, INTERVAL as
// "months,days,microseconds".
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

using namespace copra;
using namespace copra::parquet;

namespace {

std::string Canonical(const Value& v) {
  if (v.is_null()) return "\\N";
  const LogicalType& t = v.type();
  char buf[64];
  switch (t.id()) {
    case TypeId::kBoolean: return v.GetBool() ? "true" : "false";
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d = v.GetDouble();
      if (std::isnan(d)) return "nan";
      std::snprintf(buf, sizeof(buf), "%.17g", d);
      return buf;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string out;
      for (unsigned char c : v.GetString()) {
        std::snprintf(buf, sizeof(buf), "%02X", c);
        out += buf;
      }
      return out;
    }
    case TypeId::kTimestamp:
      return std::to_string(v.GetInt64() * (1000000000 / UnitsPerSecond(t.unit())));
    case TypeId::kDate: return std::to_string(v.GetInt64());
    case TypeId::kInterval: {
      Interval iv = v.GetInterval();
      return std::to_string(iv.months) + "," + std::to_string(iv.days) + "," +
             std::to_string(iv.nanos / 1000);
    }
    default:
      if (t.IsUnsignedInteger()) return std::to_string(v.GetUInt64());
      return std::to_string(v.GetInt64());
  }
}

void PrintHeader(const Schema& schema) {
  std::string line;
  for (size_t c = 0; c < schema.num_fields(); ++c) {
    if (c) line += '\t';
    line += schema.field(c).name + ":" + schema.field(c).type.ToString();
  }
  std::cout << line << '\n';
}

void PrintBatch(const Batch& b) {
  std::string line;
  for (int64_t r = 0; r < b.num_rows(); ++r) {
    line.clear();
    for (size_t c = 0; c < b.num_columns(); ++c) {
      if (c) line += '\t';
      line += Canonical(b.column(c)->GetValue(r));
    }
    std::cout << line << '\n';
  }
}

// ---- data sets --------------------------------------------------------------

Value AllTypesValue(const Field& f, int64_t i, std::mt19937_64& rng) {
  uint64_t r = rng();
  if (f.nullable && i % 9 == 4) return Value::Null(f.type);
  switch (f.type.id()) {
    case TypeId::kBoolean: return Value::Boolean(r & 1);
    case TypeId::kInt8: return Value::Int8(static_cast<int8_t>(r));
    case TypeId::kInt16: return Value::Int16(static_cast<int16_t>(r));
    case TypeId::kInt32: return Value::Int32(static_cast<int32_t>(r));
    case TypeId::kInt64:
      // Mostly increasing (delta-friendly) with occasional extremes.
      if (i % 101 == 7) return Value::Int64(i % 2 ? INT64_MIN : INT64_MAX);
      return Value::Int64(i * 1000 + static_cast<int64_t>(r % 100));
    case TypeId::kUInt8: return Value::UInt8(static_cast<uint8_t>(r));
    case TypeId::kUInt16: return Value::UInt16(static_cast<uint16_t>(r));
    case TypeId::kUInt32: return Value::UInt32(static_cast<uint32_t>(r));
    case TypeId::kUInt64: return Value::UInt64(r);
    case TypeId::kFloat32:
      if (i % 97 == 5) return Value::Float32(i % 2 ? INFINITY : -0.0f);
      return Value::Float32(static_cast<float>(static_cast<int32_t>(r)) / 1024.0f);
    case TypeId::kFloat64:
      if (i % 97 == 6) return Value::Float64(std::nan(""));
      return Value::Float64(static_cast<double>(static_cast<int64_t>(r)) / 3.0e7);
    case TypeId::kString: {
      if (f.name == "all_null") return Value::Null(f.type);
      if (f.name == "long_s") {
        // Unique ~1.1 KB strings: no min/max statistics, and the dictionary
        // overflows (falls back to PLAIN) within a 1000-row row group.
        return Value::String(std::string(1100, static_cast<char>('a' + r % 26)) +
                             std::to_string(i));
      }
      // Low-cardinality tags, some long unique strings, one with odd bytes.
      if (i % 50 == 1) return Value::String("tab\there \"quoted\" ünïcødé " + std::to_string(r));
      static const char* hosts[] = {"host-a", "host-b", "host-c", "", "host-d"};
      return Value::String(hosts[r % 5]);
    }
    case TypeId::kBinary: return Value::Binary(std::string(r % 6, static_cast<char>(r % 256)));
    case TypeId::kTimestamp: {
      int64_t per = UnitsPerSecond(f.type.unit());
      return Value::Timestamp(1700000000 * per + i * (per / 10 + 1), f.type.unit());
    }
    case TypeId::kDate: return Value::Date(static_cast<int32_t>(r % 60000) - 20000);
    case TypeId::kInterval:
      return Value::IntervalValue(Interval{static_cast<int32_t>(r % 30),
                                           static_cast<int32_t>(r % 40),
                                           static_cast<int64_t>(r % 86400000) * 1000000});
    default: return Value::Null(f.type);
  }
}

std::vector<Field> AllTypesFields() {
  return {
      {"b", LogicalType::Boolean()},
      {"i8", LogicalType::Int8()},
      {"i16", LogicalType::Int16()},
      {"i32", LogicalType::Int32()},
      {"i64", LogicalType::Int64()},
      {"u8", LogicalType::UInt8()},
      {"u16", LogicalType::UInt16()},
      {"u32", LogicalType::UInt32()},
      {"u64", LogicalType::UInt64()},
      {"f32", LogicalType::Float32()},
      {"f64", LogicalType::Float64()},
      {"s", LogicalType::String()},
      {"bin", LogicalType::Binary()},
      {"ts_s", LogicalType::Timestamp(TimeUnit::kSecond)},
      {"ts_ms", LogicalType::Timestamp(TimeUnit::kMillisecond)},
      {"ts_us", LogicalType::Timestamp(TimeUnit::kMicrosecond)},
      {"ts_ns", LogicalType::Timestamp(TimeUnit::kNanosecond)},
      {"d", LogicalType::Date()},
      {"iv", LogicalType::Interval()},
      {"req_ts", LogicalType::Timestamp(TimeUnit::kMillisecond), /*nullable=*/false},
      {"req_s", LogicalType::String(), /*nullable=*/false},
      {"all_null", LogicalType::String()},
      {"long_s", LogicalType::String()},
  };
}

int Usage() {
  std::cerr << "usage: parquet_tool write <case> <path> [--codec C] [--plain] "
               "[--row-group-rows N] [--page-bytes N]\n"
               "       parquet_tool dump <path>\n"
               "       parquet_tool bench <path> <rows> [--codec C]\n"
               "cases: all (every Copra type, 2500 rows), empty (all types, no rows)\n";
  return 2;
}

int Write(int argc, char** argv) {
  if (argc < 4) return Usage();
  std::string data_case = argv[2], path = argv[3];
  WriterOptions opts;
  opts.row_group_rows = 1000;
  opts.page_bytes = 4096;
  for (int i = 4; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--plain") {
      opts.dictionary = false;
      opts.delta_timestamps = false;
    } else if (a == "--codec" && i + 1 < argc) {
      std::string c = argv[++i];
      if (c == "zstd")
        opts.compression = Compression::kZstd;
      else if (c == "snappy")
        opts.compression = Compression::kSnappy;
      else if (c == "lz4")
        opts.compression = Compression::kLz4;
      else if (c == "uncompressed")
        opts.compression = Compression::kUncompressed;
      else
        return Usage();
    } else if (a == "--row-group-rows" && i + 1 < argc) {
      opts.row_group_rows = std::stoll(argv[++i]);
    } else if (a == "--page-bytes" && i + 1 < argc) {
      opts.page_bytes = std::stoll(argv[++i]);
    } else {
      return Usage();
    }
  }
  int64_t rows;
  if (data_case == "all") {
    rows = 2500;
  } else if (data_case == "empty") {
    rows = 0;
  } else {
    return Usage();
  }
  auto schema = std::make_shared<const Schema>(AllTypesFields());
  auto writer = FileWriter::Open(path, schema, opts);
  if (!writer.ok()) {
    std::cerr << writer.status().ToString() << "\n";
    return 1;
  }
  PrintHeader(*schema);
  std::mt19937_64 rng(42);
  // Batches of uneven sizes.
  for (int64_t start = 0; start < rows;) {
    int64_t n = std::min<int64_t>(rows - start, 777);
    std::vector<ColumnPtr> columns;
    for (const Field& f : schema->fields()) {
      std::vector<Value> values;
      for (int64_t i = start; i < start + n; ++i) values.push_back(AllTypesValue(f, i, rng));
      auto col = Column::FromValues(f.type, values);
      if (!col.ok()) {
        std::cerr << col.status().ToString() << "\n";
        return 1;
      }
      columns.push_back(*col);
    }
    auto batch = Batch::Make(schema, std::move(columns), n);
    Status st = (*writer)->Write(*batch);
    if (!st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
    PrintBatch(*batch);
    start += n;
  }
  auto info = (*writer)->Close();
  if (!info.ok()) {
    std::cerr << info.status().ToString() << "\n";
    return 1;
  }
  return 0;
}

int Dump(int argc, char** argv) {
  if (argc != 3) return Usage();
  auto reader = FileReader::Open(argv[2]);
  if (!reader.ok()) {
    std::cerr << reader.status().ToString() << "\n";
    return 1;
  }
  const auto& schema = *(*reader)->schema();
  PrintHeader(schema);
  std::vector<int> all;
  for (size_t c = 0; c < schema.num_fields(); ++c) all.push_back(static_cast<int>(c));
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto br = (*reader)->ReadRowGroup(g, all, 1000);
    if (!br.ok()) {
      std::cerr << br.status().ToString() << "\n";
      return 1;
    }
    while (true) {
      auto b = (*br)->Next();
      if (!b.ok()) {
        std::cerr << b.status().ToString() << "\n";
        return 1;
      }
      if (*b == nullptr) break;
      PrintBatch(**b);
    }
  }
  return 0;
}

// Writes and reads a TSBS-like table (timestamp, host tag, 5 doubles with
// NULLs) of `rows` rows and prints the speeds. Not a test: a measurement.
int Bench(int argc, char** argv) {
  if (argc < 4) return Usage();
  const std::string path = argv[2];
  const int64_t rows = std::stoll(argv[3]);
  WriterOptions opts;
  for (int i = 4; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--codec") {
      opts.compression = v == "snappy" ? Compression::kSnappy
                         : v == "lz4"  ? Compression::kLz4
                         : v == "none" ? Compression::kUncompressed
                                       : Compression::kZstd;
    }
  }
  std::vector<Field> fields = {{"ts", LogicalType::Timestamp(TimeUnit::kMillisecond), false},
                               {"host", LogicalType::String()}};
  for (int c = 0; c < 5; ++c)
    fields.push_back({"usage_" + std::to_string(c), LogicalType::Float64()});
  auto schema = std::make_shared<const Schema>(fields);
  // Build the batches first (not timed).
  std::vector<BatchPtr> batches;
  std::mt19937_64 rng(1);
  const int64_t kBatch = 8192;
  for (int64_t start = 0; start < rows; start += kBatch) {
    int64_t n = std::min(kBatch, rows - start);
    auto ts = Buffer::Allocate(n * 8);
    auto hostoff = Buffer::Allocate((n + 1) * 4);
    std::string hosts;
    for (int64_t i = 0; i < n; ++i) {
      ts->mutable_data_as<int64_t>()[i] = 1700000000000 + (start + i) / 100 * 10000;
      hosts += "host_" + std::to_string((start + i) % 100);
      hostoff->mutable_data_as<int32_t>()[i + 1] = static_cast<int32_t>(hosts.size());
    }
    auto hostdata = Buffer::Allocate(static_cast<int64_t>(hosts.size()));
    std::memcpy(hostdata->mutable_data(), hosts.data(), hosts.size());
    std::vector<ColumnPtr> cols = {
        std::make_shared<const Column>(fields[0].type, n, nullptr, ts),
        std::make_shared<const Column>(LogicalType::String(), n, nullptr, hostoff, hostdata)};
    for (int c = 0; c < 5; ++c) {
      auto v = Buffer::Allocate(n * 8);
      auto valid = Buffer::Allocate((n + 7) / 8);
      for (int64_t i = 0; i < n; ++i) {
        v->mutable_data_as<double>()[i] = static_cast<double>(rng() % 10000) / 100.0;
        if (rng() % 50 != 0) bit_util::SetBit(valid->mutable_data(), i);
      }
      cols.push_back(std::make_shared<const Column>(LogicalType::Float64(), n, valid, v));
    }
    batches.push_back(Batch::Make(schema, std::move(cols), n));
  }
  const double raw_mb = static_cast<double>(rows) * (8 + 8 + 5 * 8) / 1e6;
  auto t0 = std::chrono::steady_clock::now();
  auto writer = FileWriter::Open(path, schema, opts);
  if (!writer.ok()) return 1;
  for (const auto& b : batches) {
    if (!(*writer)->Write(*b).ok()) return 1;
  }
  auto info = (*writer)->Close();
  if (!info.ok()) return 1;
  auto t1 = std::chrono::steady_clock::now();
  auto reader = FileReader::Open(path);
  if (!reader.ok()) return 1;
  int64_t read_rows = 0;
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto br = (*reader)->ReadRowGroup(g, {0, 1, 2, 3, 4, 5, 6});
    if (!br.ok()) return 1;
    while (true) {
      auto b = (*br)->Next();
      if (!b.ok()) return 1;
      if (*b == nullptr) break;
      read_rows += (*b)->num_rows();
    }
  }
  auto t2 = std::chrono::steady_clock::now();
  double w = std::chrono::duration<double>(t1 - t0).count();
  double r = std::chrono::duration<double>(t2 - t1).count();
  std::printf(
      "%lld rows, %s, file %.1f MB (%.1f MB raw): write %.2f s (%.1f Mrows/s), read %.2f s "
      "(%.1f Mrows/s)\n",
      static_cast<long long>(read_rows), CompressionName(opts.compression),
      static_cast<double>(info->file_bytes) / 1e6, raw_mb, w, rows / w / 1e6, r, rows / r / 1e6);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string cmd = argv[1];
  if (cmd == "write") return Write(argc, argv);
  if (cmd == "dump") return Dump(argc, argv);
  if (cmd == "bench") return Bench(argc, argv);
  return Usage();
}
