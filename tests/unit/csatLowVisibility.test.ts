import { canSee } from '../../src/events/visibility';
import type { ChatsNow } from '../../src/events/eventFeed';

// `csat.low` (a rating of 2 or less) is for supervisors and admins, not for the attendant rated,
// even on a chat they may read.
const chats: ChatsNow = new Map([
  ['c1', { status: 'resolved', attendantId: 'ana', queued: false, department: 'suporte', participants: ['ana'] }],
]);
const low = { id: 1, type: 'csat.low', chatId: 'c1', data: JSON.stringify({ chatId: 'c1', rating: 1 }) };
const status = { ...low, type: 'chat.status' };
const received = { ...low, type: 'csat.received' };

test.each([
  ['admin', true],
  ['supervisor', true],
  ['attendant', false],
] as const)('a %s sees csat.low: %s', (role, seen) => {
  const viewer = { id: role === 'attendant' ? 'ana' : 'boss', role, department: 'suporte' };
  expect(canSee(viewer, low, chats)).toBe(seen);
  // Any rating (csat.received) goes to the same people.
  expect(canSee(viewer, received, chats)).toBe(seen);
  // The attendant still sees the chat's other events.
  expect(canSee(viewer, status, chats)).toBe(true);
});
