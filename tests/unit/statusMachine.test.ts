import {
  canTransition,
  IllegalTransitionError,
  MAX_HISTORY_IN_STATE,
  StatusMachine,
} from '../../workflows/statusMachine';
import { CHAT_STATUSES, type ChatStatus } from '../../workflows/types';

const at = '2025-01-01T00:00:00.000Z';

function walk(...path: ChatStatus[]): StatusMachine {
  const m = StatusMachine.fresh();
  m.start(at, 'channel');
  for (const to of path) m.transition(to, 'bot', at);
  return m;
}

test('the normal path and the handoff path of docs/design.md are legal', () => {
  expect(walk('in_progress', 'waiting_customer', 'in_progress', 'resolved').status).toBe('resolved');
  const handoff = walk(
    'in_progress',
    'transferred',
    'waiting_attendant',
    'waiting_customer',
    'waiting_attendant',
    'resolved',
  );
  expect(handoff.history.map((h) => h.to)).toEqual([
    'waiting',
    'in_progress',
    'transferred',
    'waiting_attendant',
    'waiting_customer',
    'waiting_attendant',
    'resolved',
  ]);
});

test('every change is recorded with from, to, actor, note and a sequence', () => {
  const m = StatusMachine.fresh();
  m.start(at, 'channel');
  const entry = m.transition('in_progress', 'customer', at, 'new message');
  expect(entry).toEqual({ seq: 2, at, from: 'waiting', to: 'in_progress', actor: 'customer', note: 'new message' });
  expect(m.nextSequence).toBe(3);
});

test('terminal statuses lead nowhere', () => {
  for (const terminal of ['resolved', 'cancelled'] as const) {
    for (const to of CHAT_STATUSES) expect(canTransition(terminal, to)).toBe(false);
    const m = walk('in_progress', terminal);
    expect(m.terminal).toBe(true);
    expect(() => m.transition('in_progress', 'customer', at)).toThrow(IllegalTransitionError);
  }
});

test('moves the machine forbids are refused and change nothing', () => {
  const m = walk('in_progress', 'transferred');
  expect(() => m.transition('in_progress', 'bot', at)).toThrow(IllegalTransitionError);
  expect(m.status).toBe('transferred');
  expect(m.history).toHaveLength(3);
});

test('moving to the current status is a no-op', () => {
  const m = walk('in_progress');
  expect(m.transition('in_progress', 'bot', at)).toBeNull();
  expect(m.history).toHaveLength(2);
});

test('the history kept in workflow state is bounded', () => {
  const m = walk('in_progress');
  for (let i = 0; i < MAX_HISTORY_IN_STATE; i += 1) {
    m.transition('waiting_customer', 'bot', at);
    m.transition('in_progress', 'customer', at);
  }
  expect(m.history).toHaveLength(MAX_HISTORY_IN_STATE);
  expect(m.nextSequence).toBe(2 * MAX_HISTORY_IN_STATE + 3);
});

test('on hold: from the attendant’s or the customer’s turn, back to either, never from the queue or the bot', () => {
  expect(canTransition('waiting_attendant', 'on_hold')).toBe(true);
  expect(canTransition('waiting_customer', 'on_hold')).toBe(true);
  expect(canTransition('transferred', 'on_hold')).toBe(false);
  expect(canTransition('in_progress', 'on_hold')).toBe(false);
  for (const to of ['waiting_attendant', 'waiting_customer', 'transferred', 'resolved', 'cancelled'] as const) {
    expect(canTransition('on_hold', to)).toBe(true);
  }
  expect(canTransition('on_hold', 'in_progress')).toBe(false);
  const held = walk('in_progress', 'transferred', 'waiting_attendant', 'on_hold', 'waiting_attendant');
  expect(held.status).toBe('waiting_attendant');
});
