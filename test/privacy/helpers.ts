// Small helpers of the personal-data tests: raw rows (what the database really
// holds) and the audit trail.
import pg from 'pg';

/** Every column of these comments as PostgreSQL stores them, keyed by id. */
export async function rawComments(url: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT * FROM comments WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id as string, r]));
  } finally {
    await client.end();
  }
}

/** Every audit row, oldest first, every column. */
export async function rawAudit(url: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`SELECT * FROM audit_entries ORDER BY created_at, id`)).rows;
  } finally {
    await client.end();
  }
}

/** Text of a row for "does it still hold X" checks (byte columns as hex and latin1). */
export const textOf = (row: unknown) =>
  JSON.stringify(row, (_k, v: unknown) => {
    // A Buffer reaches the replacer already turned into { type: 'Buffer', data: [...] }.
    const bytes = v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data) : undefined;
    return bytes ? `${bytes.toString('hex')} ${bytes.toString('latin1')}` : v;
  }).toLowerCase();
