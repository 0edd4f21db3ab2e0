/**
 * A workflow's states and transitions, written down in one place (its shared contract). The
 * server runs every transition through one helper (apps/server/src/db/transition.ts) that loads
 * the row locked, checks the table and writes in one transaction; the web reads the same table
 * to know which buttons a state has. Events that keep the state (an edit) have `to: null`;
 * events that remove the row (a delete) have `to: 'removed'`.
 */
export type Transition<S extends string> = { from: readonly S[]; to: S | null | 'removed'; label: string };

export type StateMachine<S extends string, E extends string> = {
  /** What the rows are, for messages: 「活动记录」. */
  entity: string;
  stateLabel: (s: S) => string;
  transitions: Record<E, Transition<S>>;
  allows: (event: E, from: string) => boolean;
  /** The state after the event (the same state for an edit). */
  next: (event: E, from: S) => S;
  /** Why the event is refused in this state: the Chinese message of a 409. */
  refusal: (event: E, from: string) => string;
};

export function defineStateMachine<S extends string, E extends string>(def: {
  entity: string;
  stateLabel: (s: S) => string;
  transitions: Record<E, Transition<S>>;
}): StateMachine<S, E> {
  const allows = (event: E, from: string) => def.transitions[event].from.includes(from as S);
  return {
    ...def,
    allows,
    next: (event, from) => {
      const to = def.transitions[event].to;
      return to === null || to === 'removed' ? from : to;
    },
    refusal: (event, from) =>
      `该${def.entity}当前为“${def.stateLabel(from as S) || from}”，不能${def.transitions[event].label}（可能刚被他人处理），请刷新后重试`,
  };
}
