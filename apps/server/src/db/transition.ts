import type { Kysely } from 'kysely';
import type { StateMachine } from '@xianfeng/shared';
import type { DB } from './schema.ts';
import { conflict, type AppError } from '../http/errors.ts';

/**
 * The one way a workflow changes state (architecture: state machines). In one transaction:
 * load the row with a lock (`select … for update`), authorise the caller, check the machine's
 * table for the row's current state, run the event's own checks, write. Two callers racing on one
 * row are serialised by the lock; the second then finds the state changed and answers 409 with a
 * Chinese message, having changed nothing. `apply` should still write with `guardedStatus` so a
 * write that bypassed the lock cannot be overwritten silently.
 */
export async function runTransition<S extends string, E extends string, Row extends { status: string }, R>(
  db: Kysely<DB>,
  machine: StateMachine<S, E>,
  event: E,
  steps: {
    /** Loads the row locked, inside the transaction; undefined when absent or outside the caller's scope. */
    load: (trx: Kysely<DB>) => Promise<Row | undefined>;
    notFound: () => AppError;
    /** Permission: checked before the state, so a caller without the right learns nothing of it. */
    authorize?: (row: Row) => void;
    /** The event's own rules (dates, quorum …), after the state check. */
    check?: (row: Row, trx: Kysely<DB>) => void | Promise<void>;
    apply: (trx: Kysely<DB>, row: Row) => Promise<R>;
  },
): Promise<R> {
  return db.transaction().execute(async (trx) => {
    const row = await steps.load(trx);
    if (!row) throw steps.notFound();
    steps.authorize?.(row);
    if (!machine.allows(event, row.status)) throw conflict(machine.refusal(event, row.status));
    await steps.check?.(row, trx);
    return steps.apply(trx, row);
  });
}

type StatusTable = 'activity' | 'member' | 'key_task' | 'list_item' | 'list_item_milestone' | 'list_item_adjustment' | 'list_item_closing' | 'inspection' | 'card' | 'discipline_record' | 'assessment_scheme' | 'review_campaign';

/**
 * `update … set … where id = ? and status = <expected>`: the write of a transition, refused with
 * a 409 when the row is no longer in the state the transition started from.
 */
export async function guardedStatus(trx: Kysely<DB>, table: StatusTable, id: number, expected: string, set: Record<string, unknown>, message: string) {
  const updated = await trx
    .updateTable(table)
    .set(set as never)
    .where('id', '=', id)
    .where('status', '=', expected)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw conflict(message);
}
