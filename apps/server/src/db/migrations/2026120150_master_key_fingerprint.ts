import { sql, type Kysely } from 'kysely';

// Which master key this database's personal data is encrypted under: a fingerprint (an HMAC under
// the key, not the key nor a hash of it), one row, recorded at the first start and compared at
// every start (features/system/master-key.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table master_key_fingerprint (
      id boolean primary key default true check (id),
      fingerprint text not null,
      recorded_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(): Promise<void> {}
