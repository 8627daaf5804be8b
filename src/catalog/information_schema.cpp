#include "catalog/information_schema.h"

#include "catalog/catalog_snapshot.h"
#include "catalog/pg_type.h"
#include "catalog/system_table.h"

namespace copra {

namespace {

constexpr const char* kSchema = "information_schema";
constexpr const char* kOwner = "copra";

const char* SemanticType(ColumnRole role) {
  switch (role) {
    case ColumnRole::kTag: return "TAG";
    case ColumnRole::kTimeIndex: return "TIMESTAMP";
    case ColumnRole::kField: return "FIELD";
  }
  return "FIELD";
}

TablePtr MakeTables(const Catalog* catalog) {
  const LogicalType s = LogicalType::String();
  std::vector<TableColumn> cols = {
      SystemColumn("table_catalog", s, false), SystemColumn("table_schema", s, false),
      SystemColumn("table_name", s, false),    SystemColumn("table_type", s, false),
      SystemColumn("engine", s, false),        SystemColumn("is_insertable_into", s, false)};
  return std::make_shared<SystemTable>(
      "tables", std::move(cols), [catalog](const TableSchema& schema) -> Result<BatchPtr> {
        RowWriter w(schema);
        for (const SnapshotRelation& r : TakeCatalogSnapshot(*catalog).relations) {
          const bool user = r.kind == RelationKind::kUserTable;
          w.Str(kCatalogName).Str(r.schema).Str(r.table->name());
          w.Str(user ? "BASE TABLE" : "SYSTEM VIEW")
              .Str(r.table->engine())
              .Str(user ? "YES" : "NO");
        }
        return w.Finish();
      });
}

TablePtr MakeColumns(const Catalog* catalog) {
  const LogicalType s = LogicalType::String();
  const LogicalType i = LogicalType::Int32();
  std::vector<TableColumn> cols = {
      SystemColumn("table_catalog", s, false),    SystemColumn("table_schema", s, false),
      SystemColumn("table_name", s, false),       SystemColumn("column_name", s, false),
      SystemColumn("ordinal_position", i, false), SystemColumn("data_type", s, false),
      SystemColumn("is_nullable", s, false),      SystemColumn("column_default", s),
      SystemColumn("semantic_type", s, false),    SystemColumn("column_type", s, false),
      SystemColumn("udt_name", s, false),         SystemColumn("datetime_precision", i),
      SystemColumn("column_comment", s)};
  return std::make_shared<SystemTable>(
      "columns", std::move(cols), [catalog](const TableSchema& schema) -> Result<BatchPtr> {
        RowWriter w(schema);
        for (const SnapshotRelation& r : TakeCatalogSnapshot(*catalog).relations) {
          const TableSchema& ts = r.table->schema();
          for (size_t c = 0; c < ts.num_columns(); ++c) {
            const TableColumn& col = ts.column(c);
            w.Str(kCatalogName).Str(r.schema).Str(r.table->name()).Str(col.name);
            w.Int(static_cast<int64_t>(c) + 1).Str(PgTypeFor(col.type).sql_name);
            w.Str(col.nullable ? "YES" : "NO");
            if (col.default_sql) {
              w.Str(*col.default_sql);
            } else {
              w.Null();
            }
            w.Str(SemanticType(col.role)).Str(col.type.ToString()).Str(PgTypeFor(col.type).name);
            if (col.type.id() == TypeId::kTimestamp) {
              w.Int(TimeUnitPrecision(col.type.unit()));
            } else if (col.type.id() == TypeId::kDate) {
              w.Int(0);
            } else {
              w.Null();
            }
            if (col.comment.empty()) {
              w.Null();
            } else {
              w.Str(col.comment);
            }
          }
        }
        return w.Finish();
      });
}

TablePtr MakeSchemata(const Catalog* catalog) {
  const LogicalType s = LogicalType::String();
  std::vector<TableColumn> cols = {SystemColumn("catalog_name", s, false),
                                   SystemColumn("schema_name", s, false),
                                   SystemColumn("schema_owner", s, false)};
  return std::make_shared<SystemTable>(
      "schemata", std::move(cols), [catalog](const TableSchema& schema) -> Result<BatchPtr> {
        RowWriter w(schema);
        for (const SnapshotSchema& sc : TakeCatalogSnapshot(*catalog).schemas) {
          w.Str(kCatalogName).Str(sc.name).Str(kOwner);
        }
        return w.Finish();
      });
}

}  // namespace

void RegisterInformationSchema(Catalog* catalog) {
  catalog->RegisterSchemaTable(kSchema, MakeTables(catalog), false);
  catalog->RegisterSchemaTable(kSchema, MakeColumns(catalog), false);
  catalog->RegisterSchemaTable(kSchema, MakeSchemata(catalog), false);
}

}  // namespace copra
