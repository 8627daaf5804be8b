// duckdb_runner.mjs: DuckDB as a benchmark peer, driven over stdin/stdout.
//
// Reads one JSON request per line and answers each with one JSON line:
//   {"sql": "..."}  ->  {"columns": [{"name", "type"}], "rows": [[...]], "ms": 1.2}
//                       or {"tag": "OK", "ms": 0.3} for statements without rows
//                       or {"error": "..."}
// "ms" is the time DuckDB took to run the statement and materialize its
// rows in this process (performance.now() around runAndReadAll). Values:
// null, booleans, numbers (BIGINT as a number when exact, else a string),
// strings, and every other type (TIMESTAMP, DECIMAL, ...) as its text form,
// the same conventions as `copra shell --format json`.
//
//   node duckdb_runner.mjs --modules DIR --database FILE [--threads N]
//
// DIR holds node_modules/@duckdb/node-api (the repository pins it in
// tests/diff/package.json; scripts/install-deps installs it).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import path from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const modules = arg('--modules', null);
const database = arg('--database', ':memory:');
const threads = arg('--threads', null);
if (!modules) {
  console.error('usage: node duckdb_runner.mjs --modules DIR --database FILE [--threads N]');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'package.json'));
const duckdb = require('@duckdb/node-api');

function encode(v) {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return v;
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    default:
      break;
  }
  if (v instanceof duckdb.DuckDBDecimalValue) return v.toDouble();
  return String(v);
}

async function run(connection, sql) {
  const started = performance.now();
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const rows = reader.getRows();
  const ms = performance.now() - started;
  if (names.length === 0) return { tag: 'OK', ms };
  const types = reader.columnTypes().map((t) => t.toString());
  return {
    columns: names.map((name, i) => ({ name, type: types[i] })),
    rows: rows.map((row) => row.map(encode)),
    ms,
  };
}

const options = threads ? { threads: String(threads) } : {};
const instance = await duckdb.DuckDBInstance.create(database, options);
const connection = await instance.connect();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  let answer;
  try {
    answer = await run(connection, JSON.parse(line).sql);
  } catch (e) {
    answer = { error: String(e.message ?? e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
connection.closeSync?.();
instance.closeSync?.();
