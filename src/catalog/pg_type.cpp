#include "catalog/pg_type.h"

namespace copra {

namespace {

// OIDs, sizes and categories as in PostgreSQL's pg_type catalog.
const PgType kBool{16, "bool", "boolean", 1, true, 'B', 0, 1000};
const PgType kBytea{17, "bytea", "bytea", -1, false, 'U', 0, 1001};
const PgType kChar{18, "char", "\"char\"", 1, true, 'Z', 0, 1002};
const PgType kName{19, "name", "name", 64, false, 'S', 0, 1003};
const PgType kInt8{20, "int8", "bigint", 8, true, 'N', 0, 1016};
const PgType kInt2{21, "int2", "smallint", 2, true, 'N', 0, 1005};
const PgType kInt4{23, "int4", "integer", 4, true, 'N', 0, 1007};
const PgType kText{25, "text", "text", -1, false, 'S', 0, 1009};
const PgType kOid{26, "oid", "oid", 4, true, 'N', 0, 1028};
const PgType kFloat4{700, "float4", "real", 4, true, 'N', 0, 1021};
const PgType kFloat8{701, "float8", "double precision", 8, true, 'N', 0, 1022};
const PgType kVarchar{1043, "varchar", "character varying", -1, false, 'S', 0, 1015};
const PgType kDate{1082, "date", "date", 4, true, 'D', 0, 1182};
const PgType kTimestamp{1114, "timestamp", "timestamp without time zone", 8, true, 'D', 0, 1115};
const PgType kTimestampTz{1184, "timestamptz", "timestamp with time zone", 8, true, 'D', 0, 1185};
const PgType kInterval{1186, "interval", "interval", 16, false, 'T', 0, 1187};
const PgType kNumeric{1700, "numeric", "numeric", -1, false, 'N', 0, 1231};

std::vector<PgType> MakeAllTypes() {
  // Array type names are the element's with a leading underscore; the
  // names must outlive the table, so they are spelled out.
  struct ArrayName {
    const PgType* element;
    const char* name;
    const char* sql_name;
  };
  static const ArrayName kArrays[] = {
      {&kBool, "_bool", "boolean[]"},
      {&kBytea, "_bytea", "bytea[]"},
      {&kChar, "_char", "\"char\"[]"},
      {&kName, "_name", "name[]"},
      {&kInt8, "_int8", "bigint[]"},
      {&kInt2, "_int2", "smallint[]"},
      {&kInt4, "_int4", "integer[]"},
      {&kText, "_text", "text[]"},
      {&kOid, "_oid", "oid[]"},
      {&kFloat4, "_float4", "real[]"},
      {&kFloat8, "_float8", "double precision[]"},
      {&kVarchar, "_varchar", "character varying[]"},
      {&kDate, "_date", "date[]"},
      {&kTimestamp, "_timestamp", "timestamp without time zone[]"},
      {&kTimestampTz, "_timestamptz", "timestamp with time zone[]"},
      {&kInterval, "_interval", "interval[]"},
      {&kNumeric, "_numeric", "numeric[]"},
  };
  std::vector<PgType> out;
  for (const ArrayName& a : kArrays) out.push_back(*a.element);
  for (const ArrayName& a : kArrays) {
    out.push_back(
        PgType{a.element->array_oid, a.name, a.sql_name, -1, false, 'A', a.element->oid, 0});
  }
  return out;
}

}  // namespace

const PgType& PgTypeFor(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kNull: return kText;
    case TypeId::kBoolean: return kBool;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kUInt8: return kInt2;
    case TypeId::kInt32:
    case TypeId::kUInt16: return kInt4;
    case TypeId::kInt64:
    case TypeId::kUInt32: return kInt8;
    case TypeId::kUInt64: return kNumeric;
    case TypeId::kFloat32: return kFloat4;
    case TypeId::kFloat64: return kFloat8;
    case TypeId::kString: return kText;
    case TypeId::kBinary: return kBytea;
    case TypeId::kTimestamp: return kTimestamp;
    case TypeId::kDate: return kDate;
    case TypeId::kInterval: return kInterval;
  }
  return kText;
}

int32_t PgTypeModifier(const LogicalType& type) {
  if (type.id() != TypeId::kTimestamp) return -1;
  int precision = TimeUnitPrecision(type.unit());
  return precision <= 6 ? precision : -1;
}

std::string PgFormatType(const LogicalType& type) {
  if (type.id() == TypeId::kTimestamp) {
    int32_t typmod = PgTypeModifier(type);
    if (typmod >= 0) return "timestamp(" + std::to_string(typmod) + ") without time zone";
  }
  return PgTypeFor(type).sql_name;
}

const std::vector<PgType>& AllPgTypes() {
  static const std::vector<PgType> kAll = MakeAllTypes();
  return kAll;
}

}  // namespace copra
