import { describe, expect, it } from 'vitest';
import { adjustmentMachine, closingMachine, itemMachine, measureMachine, milestoneMachine } from './list.contract.ts';
import { keyTaskMachine } from './key-task.contract.ts';
import { rectificationSentence } from './rectification.contract.ts';
import type { StateMachine } from '../common/state-machine.ts';

// Every workflow of the lists, event by event and state by state: the table says which events a
// state allows and where they lead; every other pair is refused with a Chinese sentence that names
// the record, its state and the refused action (the 409 the server sends).

type Case = { machine: StateMachine<string, string>; states: string[]; legal: Record<string, [string, string][]> };

const CASES: Record<string, Case> = {
  keyTask: {
    machine: keyTaskMachine as never,
    states: ['draft', 'published'],
    legal: { edit: [['draft', 'draft']], publish: [['draft', 'published']], delete: [['draft', 'draft']] },
  },
  item: {
    machine: itemMachine as never,
    states: ['in_progress', 'closing', 'closed'],
    legal: {
      plan: [['in_progress', 'in_progress']],
      claim: [['in_progress', 'in_progress']],
      review: [['in_progress', 'in_progress']],
      adjust: [['in_progress', 'in_progress']],
      close: [['in_progress', 'closing']],
      approveClose: [['closing', 'closed']],
      returnClose: [['closing', 'in_progress']],
      reopen: [['closed', 'in_progress']],
    },
  },
  milestone: {
    machine: milestoneMachine as never,
    states: ['open', 'claimed', 'accepted'],
    legal: { edit: [['open', 'open']], claim: [['open', 'claimed']], accept: [['claimed', 'accepted']], return: [['claimed', 'open']] },
  },
  adjustment: {
    machine: adjustmentMachine as never,
    states: ['pending', 'approved', 'rejected'],
    legal: { approve: [['pending', 'approved']], reject: [['pending', 'rejected']] },
  },
  closing: {
    machine: closingMachine as never,
    states: ['submitted', 'approved', 'returned'],
    legal: { approve: [['submitted', 'approved']], return: [['submitted', 'returned']] },
  },
  measure: {
    machine: measureMachine as never,
    states: ['open', 'done'],
    legal: { edit: [['open', 'open']], complete: [['open', 'done']] },
  },
};

describe.each(Object.entries(CASES))('the %s workflow', (_name, { machine, states, legal }) => {
  it('has exactly the events of the table', () => {
    expect(Object.keys(machine.transitions).sort()).toEqual(Object.keys(legal).sort());
  });
  for (const event of Object.keys(legal)) {
    for (const state of states) {
      const to = legal[event]!.find(([from]) => from === state)?.[1];
      it(`${event} from ${state}: ${to ? `→ ${to}` : 'refused'}`, () => {
        expect(machine.allows(event, state)).toBe(!!to);
        if (to) expect(machine.next(event, state)).toBe(to);
        else expect(machine.refusal(event, state)).toMatch(new RegExp(`^该${machine.entity}当前为“${machine.stateLabel(state)}”，不能${machine.transitions[event]!.label}`));
      });
    }
  }
});

describe('the progress sentence (R7)', () => {
  it.each([
    [{ findings: 697, rectified: 688, basically: 4 }, '反馈问题697个，完成整改688个，基本完成、持续整改4个，未完成5个，完成率98.71%'],
    [{ findings: 3, rectified: 2, basically: 0 }, '反馈问题3个，完成整改2个，基本完成、持续整改0个，未完成1个，完成率66.67%'],
    [{ findings: 0, rectified: 0, basically: 0 }, '反馈问题0个，完成整改0个，基本完成、持续整改0个，未完成0个，完成率0%'],
  ])('%o → %s', (counts, sentence) => {
    expect(rectificationSentence(counts).sentence).toBe(sentence);
  });
});
