// schema.prisma and the migrated database must describe the same thing: every
// model a table, every field a column of the matching type and nullability,
// every id, unique, index and relation present — and nothing extra in the
// database that the schema does not know. Migrations are written by hand
// (DESIGN.md §2), so this is what keeps the two from drifting apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import internals from '@prisma/internals';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

type DMMF = Awaited<ReturnType<typeof internals.getDMMF>>;
type Model = DMMF['datamodel']['models'][number];
type Field = Model['fields'][number];

let dmmf: DMMF;
let testDb: TestDatabase;
let pool: pg.Pool;

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}
interface Index {
  table: string;
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
}
interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
}
let columns: Column[];
let indexes: Index[];
let foreignKeys: ForeignKey[];
let enumLabels: Map<string, string[]>;

beforeAll(async () => {
  dmmf = await internals.getDMMF({ datamodel: readFileSync(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8') });
  testDb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: testDb.url, max: 1 });
  columns = (
    await pool.query<Column>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`)
  ).rows.map((c) => ({ ...c, type: c.type.replaceAll('"', '') }));
  indexes = (
    await pool.query<Index>(`
      SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
             array_agg(a.attname ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public'
      GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`)
  ).rows;
  foreignKeys = (
    await pool.query<ForeignKey>(`
      SELECT c.relname AS table, r.relname AS "refTable",
             (SELECT array_agg(a.attname ORDER BY k.ord)::text[] FROM unnest(con.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS columns,
             (SELECT array_agg(a.attname ORDER BY k.ord)::text[] FROM unnest(con.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS "refColumns",
             con.confdeltype AS "onDelete"
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
      WHERE con.contype = 'f'`)
  ).rows;
  const labels = await pool.query<{ name: string; labels: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
  enumLabels = new Map(labels.rows.map((r) => [r.name, r.labels]));
});

afterAll(async () => {
  await pool?.end();
  await testDb?.drop();
});

const tableOf = (m: Model) => m.dbName ?? m.name;
const columnOf = (f: Field) => f.dbName ?? f.name;
const modelNamed = (name: string) => dmmf.datamodel.models.find((m) => m.name === name)!;
const scalarFields = (m: Model) => m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
const columnsOf = (m: Model, names: readonly string[]) => names.map((n) => columnOf(m.fields.find((f) => f.name === n)!));

/** The PostgreSQL type Prisma Migrate creates for a field (format_type's spelling). */
function expectedType(f: Field): string {
  const [native, args = []] = (f.nativeType ?? []) as [string?, string[]?];
  let base: string;
  if (f.kind === 'enum') {
    const e = dmmf.datamodel.enums.find((x) => x.name === f.type)!;
    base = e.dbName ?? e.name;
  } else if (native) {
    base = {
      VarChar: `character varying(${args[0]})`,
      Char: `character(${args[0]})`,
      Uuid: 'uuid',
      Text: 'text',
      Timestamptz: `timestamp(${args[0] ?? 6}) with time zone`,
      Timestamp: `timestamp(${args[0] ?? 6}) without time zone`,
      Integer: 'integer',
      BigInt: 'bigint',
      Boolean: 'boolean',
      ByteA: 'bytea',
      JsonB: 'jsonb',
    }[native]!;
    expect(base, `native type @db.${native} of ${f.name} needs a mapping in this test`).toBeDefined();
  } else {
    base = {
      String: 'text',
      Int: 'integer',
      BigInt: 'bigint',
      Boolean: 'boolean',
      DateTime: 'timestamp(3) without time zone',
      Bytes: 'bytea',
      Json: 'jsonb',
      Float: 'double precision',
      Decimal: 'numeric(65,30)',
    }[f.type as string]!;
    expect(base, `type ${f.type} of ${f.name} needs a mapping in this test`).toBeDefined();
  }
  return f.isList ? `${base}[]` : base;
}

const ON_DELETE: Record<string, string> = { Cascade: 'c', SetNull: 'n', Restrict: 'r', NoAction: 'a', SetDefault: 'd' };

describe('schema.prisma and the migrated database agree', () => {
  it('has a table for every model and no table the schema does not know', () => {
    const modelTables = dmmf.datamodel.models.map(tableOf).sort();
    const dbTables = [...new Set(columns.map((c) => c.table))].filter((t) => t !== '_prisma_migrations').sort();
    expect(dbTables).toEqual(modelTables);
  });

  it('has every field as a column of the same type and nullability, and no extra column', () => {
    for (const model of dmmf.datamodel.models) {
      const table = tableOf(model);
      const expected = scalarFields(model)
        .map((f) => ({ table, column: columnOf(f), type: expectedType(f), nullable: !f.isRequired || f.isList }))
        .sort((a, b) => a.column.localeCompare(b.column));
      const actual = columns.filter((c) => c.table === table).sort((a, b) => a.column.localeCompare(b.column));
      expect(actual, `table ${table}`).toEqual(expected);
    }
  });

  it('has every enum with the same values in the same order', () => {
    for (const e of dmmf.datamodel.enums) {
      expect(enumLabels.get(e.dbName ?? e.name), `enum ${e.name}`).toEqual(e.values.map((v) => v.dbName ?? v.name));
    }
  });

  it('has the primary key, unique constraints and indexes the schema declares, and no others', () => {
    for (const model of dmmf.datamodel.models) {
      const table = tableOf(model);
      const declared = dmmf.datamodel.indexes
        .filter((i) => i.model === model.name)
        .map((i) => ({
          columns: columnsOf(model, i.fields.map((f) => f.name)),
          unique: i.type !== 'normal' && i.type !== 'fulltext',
          primary: i.type === 'id',
        }))
        .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
      const actual = indexes
        .filter((i) => i.table === table)
        .map(({ columns, unique, primary }) => ({ columns, unique, primary }))
        .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
      expect(actual, `indexes of ${table}`).toEqual(declared);
    }
  });

  it('has a foreign key for every relation, with the declared delete rule', () => {
    const declared = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
        .map((f) => {
          const target = modelNamed(f.type as string);
          return {
            table: tableOf(model),
            columns: columnsOf(model, f.relationFromFields!),
            refTable: tableOf(target),
            refColumns: columnsOf(target, f.relationToFields!),
            onDelete: ON_DELETE[(f.relationOnDelete as string | undefined) ?? (f.isRequired ? 'Restrict' : 'SetNull')]!,
          };
        }),
    );
    const key = (k: ForeignKey) => `${k.table}(${k.columns})`;
    expect([...foreignKeys].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...declared].sort((a, b) => key(a).localeCompare(key(b))));
  });
});
