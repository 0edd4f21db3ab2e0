import { sql, type Kysely } from 'kysely';

// A card names the findings it was issued for (issue 10: 「A yellow or red card … is issued to a unit
// or a person with a reason and linked findings」). Findings are list items of source 'inspection'
// of the card's organisation or below (checked by cards.service.ts); the link is written with the card.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table card_finding (
      card_id integer not null references card(id) on delete cascade,
      item_id integer not null references list_item(id),
      primary key (card_id, item_id)
    );
    create index card_finding_item on card_finding (item_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
