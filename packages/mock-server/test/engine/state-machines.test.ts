import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../src/index';
import {
  INSTANCE_TRANSITIONS,
  JOB_TRANSITIONS,
  ORDER_TRANSITIONS,
  allowedActions,
  canTransition,
  transition,
  type TransitionTable,
} from '../../src/engine/model/state-machines';

/** Every action name used anywhere in a table. */
function actionsOf<S extends string, A extends string>(table: TransitionTable<S, A>): A[] {
  return [...new Set(Object.values(table).flatMap((row) => Object.keys(row as object)))] as A[];
}

const tables = [
  ['order', ORDER_TRANSITIONS],
  ['instance', INSTANCE_TRANSITIONS],
  ['job', JOB_TRANSITIONS],
] as const;

describe('state machines as data', () => {
  it('documents the console order flow: pending payment → processing → completed, or canceled', () => {
    expect(transition('order', ORDER_TRANSITIONS, 'CS1', 'PENDING_PAYMENT', 'pay')).toBe('PROCESSING');
    expect(transition('order', ORDER_TRANSITIONS, 'CS1', 'PENDING_PAYMENT', 'cancel')).toBe('CANCELED');
    expect(transition('order', ORDER_TRANSITIONS, 'CS1', 'PROCESSING', 'complete')).toBe('COMPLETED');
    expect(transition('order', ORDER_TRANSITIONS, 'CS1', 'PROCESSING', 'fail')).toBe('CANCELED');
    expect(allowedActions(ORDER_TRANSITIONS, 'COMPLETED')).toEqual([]);
    expect(allowedActions(ORDER_TRANSITIONS, 'CANCELED')).toEqual([]);
  });

  it('documents the instance states provisioning → active ⇄ frozen → released', () => {
    expect(transition('instance', INSTANCE_TRANSITIONS, 'I1', 'provisioning', 'provisioned')).toBe('active');
    expect(transition('instance', INSTANCE_TRANSITIONS, 'I1', 'active', 'expire')).toBe('frozen');
    expect(transition('instance', INSTANCE_TRANSITIONS, 'I1', 'frozen', 'renew')).toBe('active');
    expect(transition('instance', INSTANCE_TRANSITIONS, 'I1', 'frozen', 'renew', 'frozen')).toBe('frozen');
    expect(transition('instance', INSTANCE_TRANSITIONS, 'I1', 'frozen', 'graceEnd')).toBe('released');
    expect(allowedActions(INSTANCE_TRANSITIONS, 'released')).toEqual([]);
  });

  it('lets failed and exhausted jobs be restarted, and nothing else leave SUCCEEDED', () => {
    expect(transition('job', JOB_TRANSITIONS, 'J1', 'FAILED', 'restart')).toBe('PENDING');
    expect(transition('job', JOB_TRANSITIONS, 'J1', 'EXHAUSTED', 'restart')).toBe('PENDING');
    expect(allowedActions(JOB_TRANSITIONS, 'SUCCEEDED')).toEqual([]);
  });

  for (const [machine, table] of tables) {
    it(`${machine}: every (state, action) pair not in the table is rejected with a typed error`, () => {
      const states = Object.keys(table);
      const actions = actionsOf(table as TransitionTable<string, string>);
      let rejected = 0;
      for (const state of states) {
        for (const action of actions) {
          const t = table as TransitionTable<string, string>;
          if (canTransition(t, state, action)) {
            const target = transition(machine, t, 'X1', state, action);
            expect(states).toContain(target);
            continue;
          }
          rejected++;
          let error: unknown;
          try {
            transition(machine, t, 'X1', state, action);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(IllegalTransitionError);
          const err = error as IllegalTransitionError;
          expect(err.code).toBe('ILLEGAL_TRANSITION');
          expect(err.state).toBe(state);
          expect(err.action).toBe(action);
          expect(err.machine).toBe(machine);
          expect(err.message).toContain(state);
          expect(err.message).toContain(action);
          expect(err.message).toContain('X1');
        }
      }
      expect(rejected).toBeGreaterThan(0);
    });
  }

  it('rejects a target state the action cannot reach', () => {
    expect(() => transition('instance', INSTANCE_TRANSITIONS, 'I1', 'active', 'expire', 'released')).toThrow(
      IllegalTransitionError,
    );
  });

  it('names the allowed actions, or says the state is final', () => {
    expect(() => transition('order', ORDER_TRANSITIONS, 'CS1', 'PENDING_PAYMENT', 'complete')).toThrow(
      /allowed actions are: pay, cancel/,
    );
    expect(() => transition('order', ORDER_TRANSITIONS, 'CS1', 'CANCELED', 'pay')).toThrow(/final/);
  });
});
