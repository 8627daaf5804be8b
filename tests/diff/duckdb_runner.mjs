// duckdb_runner.mjs: DuckDB's half of the differential test (tests/diff/).
// Same input and output as copra_diff_runner.cpp: a script of `S<TAB>sql`
// (setup, must succeed) and `Q<TAB>sql` (query) lines; one JSON line per
// query, {"rows": [[v, ...], ...]} or {"error": "..."}, values encoded as
// null, booleans, integers (exact, from BigInt), floats (non-finite as
// "nan"/"inf"/"-inf"), strings, {"ts": microseconds} and {"other": text}.
//
//   node duckdb_runner.mjs SCRIPT
import { readFileSync } from 'node:fs';
import {
  DuckDBInstance,
  DuckDBTimestampValue,
  DuckDBDecimalValue,
} from '@duckdb/node-api';

function encodeNumber(x) {
  if (Number.isNaN(x)) return '"nan"';
  if (!Number.isFinite(x)) return x > 0 ? '"inf"' : '"-inf"';
  // Integral doubles would print as "3": keep them recognizable as floats.
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function encode(v, typeId) {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      // DuckDB's 8/16/32-bit integers arrive as numbers; DOUBLE and FLOAT too.
      return typeId === 'int' ? String(v) : encodeNumber(v);
    case 'string':
      return JSON.stringify(v);
    default:
      break;
  }
  if (v instanceof DuckDBTimestampValue) return `{"ts": ${v.micros.toString()}}`;
  // DECIMAL (DuckDB's type for literals like 2.5): exact digits, read as a float.
  if (v instanceof DuckDBDecimalValue) return encodeNumber(v.toDouble());
  return `{"other": ${JSON.stringify(String(v))}}`;
}

const INTEGER_TYPES = new Set([
  'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT',
  'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT',
]);

async function runQuery(connection, sql) {
  let reader;
  try {
    reader = await connection.runAndReadAll(sql);
  } catch (e) {
    return JSON.stringify({ error: String(e.message ?? e) });
  }
  const kinds = reader.columnTypes().map((t) =>
    INTEGER_TYPES.has(t.toString()) ? 'int' : 'other');
  const rows = reader.getRows().map(
    (row) => '[' + row.map((v, i) => encode(v, kinds[i])).join(', ') + ']');
  return `{"rows": [${rows.join(', ')}]}`;
}

async function main() {
  const scriptPath = process.argv[2];
  if (!scriptPath) {
    console.error('usage: node duckdb_runner.mjs SCRIPT');
    process.exit(2);
  }
  const lines = readFileSync(scriptPath, 'utf8').split('\n');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const kind = line[0];
    const sql = line.slice(2);
    if (line[1] !== '\t' || (kind !== 'S' && kind !== 'Q')) {
      console.error(`duckdb_runner: ${scriptPath}:${i + 1}: expected S<TAB>sql or Q<TAB>sql`);
      process.exit(2);
    }
    if (kind === 'S') {
      try {
        await connection.run(sql);
      } catch (e) {
        console.error(`duckdb_runner: setup statement at line ${i + 1} failed: ${e.message}\n  ${sql.slice(0, 300)}`);
        process.exit(1);
      }
      continue;
    }
    out.push(await runQuery(connection, sql));
  }
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
  connection.closeSync?.();
  instance.closeSync?.();
}

await main();
