// parquet_interop.mjs: Copra's Parquet files must read back in DuckDB with
// exactly the values Copra wrote, and DuckDB's Parquet files must read back
// in Copra with exactly DuckDB's values. Any difference fails (exit 1).
//
//   node tests/interop/parquet_interop.mjs PATH/TO/parquet_tool
//
// Both sides print rows in parquet_tool's canonical text (see
// parquet_tool.cpp); DuckDB's side is produced by SQL per column type.
// DuckDB (@duckdb/node-api) is loaded from tests/diff/node_modules.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'diff', 'package.json'));
let DuckDBInstance;
try {
  ({ DuckDBInstance } = require('@duckdb/node-api'));
} catch (e) {
  console.error('parquet_interop: DuckDB is not installed (tests/diff/node_modules); ' +
                'run scripts/install-deps');
  process.exit(1);
}

const tool = process.argv[2];
if (!tool) {
  console.error('usage: node parquet_interop.mjs PATH/TO/parquet_tool');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'copra-parquet-interop-'));
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run('SET threads = 1');

let failures = 0;
let checks = 0;
function fail(msg) {
  failures++;
  console.error('FAIL: ' + msg);
}

function sqlString(s) { return "'" + s.replaceAll("'", "''") + "'"; }
function ident(s) { return '"' + s.replaceAll('"', '""') + '"'; }

// SQL expression giving the canonical text of column `name` of DuckDB type `type`.
function canonicalExpr(name, type) {
  const q = ident(name);
  let e;
  if (type === 'BOOLEAN') e = `CAST(${q} AS VARCHAR)`;
  else if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/.test(type)) e = `CAST(${q} AS VARCHAR)`;
  else if (type === 'FLOAT' || type === 'DOUBLE' || type.startsWith('DECIMAL')) {
    e = `CASE WHEN isnan(${q}) THEN 'nan' ELSE printf('%.17g', CAST(${q} AS DOUBLE)) END`;
  } else if (type === 'VARCHAR' || type === 'BLOB') e = `hex(${q})`;
  else if (type.startsWith('TIMESTAMP')) e = `CAST(epoch_ns(${q}) AS VARCHAR)`;
  else if (type === 'DATE') e = `CAST(${q} - DATE '1970-01-01' AS VARCHAR)`;
  else if (type === 'INTERVAL') {
    e = `CASE WHEN ${q} IS NULL THEN NULL ELSE concat(datepart('year', ${q}) * 12 + datepart('month', ${q}), ',', datepart('day', ${q}), ',', ` +
        `datepart('hour', ${q})::BIGINT * 3600000000 + datepart('minute', ${q})::BIGINT * 60000000 + ` +
        `datepart('microseconds', ${q})) END`;
  } else throw new Error(`no canonical form for DuckDB type ${type} (column ${name})`);
  return `COALESCE(${e}, '\\N')`;
}

// { types: [duckdb type per column], rows: [canonical line per row] }
async function duckRows(from) {
  const desc = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
  const cols = desc.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const sql = `SELECT ${cols.map((c) => canonicalExpr(c.name, c.type)).join(', ')} FROM ${from}`;
  const res = await con.runAndReadAll(sql);
  return { cols, rows: res.getRows().map((r) => r.join('\t')) };
}

function tool_(args) {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

function compareRows(what, want, got) {
  checks++;
  if (want.length !== got.length) {
    fail(`${what}: ${want.length} rows expected, ${got.length} read`);
    return;
  }
  let shown = 0;
  for (let i = 0; i < want.length; i++) {
    if (want[i] !== got[i]) {
      if (shown++ < 3) fail(`${what}: row ${i} differs\n  expected: ${want[i]}\n  read:     ${got[i]}`);
    }
  }
  if (shown > 3) fail(`${what}: ${shown} rows differ in all`);
}

// ---- (a) Copra writes, DuckDB reads --------------------------------------------

const variants = [];
for (const codec of ['zstd', 'snappy', 'lz4', 'uncompressed']) {
  variants.push({ codec, args: ['--codec', codec] });
  variants.push({ codec, plain: true, args: ['--codec', codec, '--plain'] });
}
variants.push({ codec: 'zstd', args: ['--row-group-rows', '300', '--page-bytes', '512'] });
variants.push({ codec: 'zstd', args: ['--row-group-rows', '5000', '--page-bytes', '1048576'] });

for (const v of variants) {
  const name = `copra-${v.codec}${v.plain ? '-plain' : ''}-${variants.indexOf(v)}`;
  const file = join(dir, name + '.parquet');
  const written = tool_(['write', 'all', file, ...v.args]).trimEnd().split('\n');
  const header = written.shift().split('\t');
  const { cols, rows } = await duckRows(`read_parquet(${sqlString(file)})`);
  // DuckDB reads TIMESTAMP(NANOS, adjusted to UTC) as TIMESTAMP WITH TIME
  // ZONE, which holds microseconds: compare those columns at microseconds.
  const truncate = header.map((h, i) =>
      h.endsWith(':TIMESTAMP(9)') && cols[i].type === 'TIMESTAMP WITH TIME ZONE');
  const want = written.map((line) => line.split('\t').map((x, i) =>
      truncate[i] && x !== '\\N' ? ((BigInt(x) / 1000n) * 1000n).toString() : x).join('\t'));
  compareRows(`DuckDB reading ${name}`, want, rows);
  // Copra's own reader agrees too.
  compareRows(`Copra reading ${name}`, written, tool_(['dump', file]).trimEnd().split('\n').slice(1));
  // The encodings and codec really are the ones asked for.
  const meta = await con.runAndReadAll(
      `SELECT path_in_schema, compression, encodings FROM parquet_metadata(${sqlString(file)})`);
  const byColumn = new Map();
  for (const [path, compression, encodings] of meta.getRows()) {
    const codecName = { lz4: 'lz4_raw' }[v.codec] ?? v.codec;
    if (String(compression).toLowerCase() !== codecName) {
      fail(`${name}: column ${path} compressed with ${compression}, expected ${v.codec}`);
    }
    byColumn.set(String(path), (byColumn.get(String(path)) ?? '') + ',' + String(encodings));
  }
  checks++;
  if (!v.plain) {
    if (!byColumn.get('s').includes('RLE_DICTIONARY')) fail(`${name}: tag column not dictionary-encoded`);
    if (!byColumn.get('req_ts').includes('DELTA_BINARY_PACKED')) fail(`${name}: timestamps not delta-encoded`);
  } else {
    for (const [path, enc] of byColumn) {
      if (enc.includes('DICTIONARY') || enc.includes('DELTA')) fail(`${name}: ${path} uses ${enc} with --plain`);
    }
  }
}

{
  const file = join(dir, 'copra-empty.parquet');
  tool_(['write', 'empty', file]);
  const { rows } = await duckRows(`read_parquet(${sqlString(file)})`);
  compareRows('DuckDB reading an empty Copra file', [], rows);
}

// ---- (b) DuckDB writes, Copra reads --------------------------------------------

await con.run(`CREATE TABLE t AS SELECT
    i::INTEGER AS id,
    CASE WHEN i % 11 = 0 THEN NULL ELSE 'host-' || (i % 7) END AS host,
    TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND AS ts,
    CASE WHEN i % 17 = 0 THEN NULL
         ELSE TIMESTAMPTZ '2024-03-01 00:00:00+00' + INTERVAL (i * 1001) MILLISECOND END AS tstz,
    CAST(TIMESTAMP '2023-06-01 12:00:00' + INTERVAL (i * 7) MILLISECOND AS TIMESTAMP_MS) AS ts_ms,
    CAST(TIMESTAMP '2023-06-01 12:00:00' + INTERVAL (i) MINUTE AS TIMESTAMP_S) AS ts_s,
    make_timestamp_ns(1685620800000000000 + i * 1001) AS ts_ns,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1.5 END::DOUBLE AS v,
    (i::FLOAT / 3)::FLOAT AS f32,
    CASE WHEN i % 4 = 0 THEN NULL ELSE (i % 3 = 0) END AS flag,
    i::BIGINT * 1000003 - 2500000000 AS big,
    (i % 200 - 100)::TINYINT AS tiny,
    (i * 13 % 60000 - 30000)::SMALLINT AS small,
    (i % 250)::UTINYINT AS utiny,
    (i * 7)::USMALLINT AS usmall,
    (i * 800000)::UINTEGER AS uint,
    (i::UBIGINT * 3689348814741910)::UBIGINT AS ubig,
    DATE '2020-01-01' + i::INTEGER AS d,
    CASE WHEN i % 13 = 0 THEN NULL ELSE md5(i::VARCHAR) END AS uniq,
    CASE WHEN i % 9 = 0 THEN NULL ELSE unhex(printf('%02x%02x', i % 256, i % 7)) END AS bin,
    'const' AS constant,
    CASE WHEN i % 6 = 0 THEN NULL ELSE CAST(i * 1.25 - 3000 AS DECIMAL(9, 2)) END AS dec9,
    CAST(i * 1000.125 - 7 AS DECIMAL(18, 3)) AS dec18,
    CASE WHEN i % 8 = 0 THEN NULL ELSE CAST(i * 12345.5 - 30000000 AS DECIMAL(30, 4)) END AS dec30
  FROM range(0, 5000) r(i)`);
const expected = await duckRows('t');

// PARQUET_VERSION V2: data pages V2, DELTA_BINARY_PACKED integers,
// DELTA_LENGTH_BYTE_ARRAY strings, BYTE_STREAM_SPLIT floats.
const duckVariants = [];
for (const codec of ['zstd', 'snappy', 'lz4', 'uncompressed']) {
  for (const rowGroup of [1000, 100000]) duckVariants.push({ codec, rowGroup, version: 'V1' });
  duckVariants.push({ codec, rowGroup: 1500, version: 'V2' });
}
for (const { codec, rowGroup, version } of duckVariants) {
  {
    const name = `duckdb-${codec}-rg${rowGroup}-${version}`;
    const file = join(dir, name + '.parquet');
    await con.run(`COPY t TO ${sqlString(file)} (FORMAT parquet, COMPRESSION ${codec}, ` +
                  `ROW_GROUP_SIZE ${rowGroup}, PARQUET_VERSION ${version})`);
    if (version === 'V2') {
      const meta = await con.runAndReadAll(
          `SELECT string_agg(DISTINCT encodings, ',') FROM parquet_metadata(${sqlString(file)})`);
      const encodings = String(meta.getRows()[0][0]);
      checks++;
      for (const e of ['DELTA_LENGTH_BYTE_ARRAY', 'BYTE_STREAM_SPLIT', 'DELTA_BINARY_PACKED']) {
        if (!encodings.includes(e)) fail(`${name}: DuckDB did not use ${e} (${encodings})`);
      }
    }
    let out;
    try {
      out = tool_(['dump', file]).trimEnd().split('\n');
    } catch (e) {
      fail(`Copra cannot read ${name}: ${e.stderr ?? e.message}`);
      continue;
    }
    const header = out.shift();
    compareRows(`Copra reading ${name}`, expected.rows, out);
    checks++;
    const types = header.split('\t').map((h) => h.split(':')[1]);
    if (types[1] !== 'STRING' || types[2] !== 'TIMESTAMP(6)' || types[9] !== 'BOOLEAN') {
      fail(`${name}: unexpected Copra types ${header}`);
    }
  }
}

// Columns Copra cannot represent are clear errors naming the column.
for (const [sql, column, words] of [
  ['SELECT 1 AS x, [1, 2] AS l', 'l', 'not supported'],
  ['SELECT 1 AS x, {\'a\': 1} AS st', 'st', 'not supported'],
  ['SELECT 1 AS x, TIME \'12:00:00\' AS t', 't', 'TIME type is not supported'],
]) {
  const file = join(dir, `unsupported-${column}.parquet`);
  await con.run(`COPY (${sql}) TO ${sqlString(file)} (FORMAT parquet)`);
  checks++;
  try {
    tool_(['dump', file]);
    fail(`Copra read ${sql} without an error`);
  } catch (e) {
    const msg = String(e.stderr ?? '');
    if (!msg.includes(`"${column}"`) || !msg.includes(words)) {
      fail(`unclear error for ${sql}: ${msg}`);
    }
  }
}

rmSync(dir, { recursive: true, force: true });
if (failures > 0) {
  console.error(`parquet_interop: ${failures} failure(s) in ${checks} checks`);
  process.exit(1);
}
console.log(`parquet_interop: ${checks} checks passed`);
