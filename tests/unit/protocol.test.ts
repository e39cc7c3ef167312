import { formatProtocol, normalizeProtocol, protocolDay } from '../../src/chats/protocol';

const SAO_PAULO = 'America/Sao_Paulo';

test('23:30 in São Paulo is still that day there, and already the next day in UTC', () => {
  const at = new Date('2026-12-02T02:30:00Z'); // 23:30 on Dec 1 in São Paulo (UTC−3)
  expect(protocolDay(at, SAO_PAULO)).toBe('20261201');
  expect(protocolDay(at, 'UTC')).toBe('20261202');
});

test('midnight in São Paulo starts the next day', () => {
  expect(protocolDay(new Date('2026-12-02T02:59:59.999Z'), SAO_PAULO)).toBe('20261201');
  expect(protocolDay(new Date('2026-12-02T03:00:00Z'), SAO_PAULO)).toBe('20261202');
});

test('the year turns in the company zone', () => {
  expect(protocolDay(new Date('2027-01-01T02:00:00Z'), SAO_PAULO)).toBe('20261231');
  expect(protocolDay(new Date('2027-01-01T02:00:00Z'), 'Asia/Tokyo')).toBe('20270101');
});

test('a protocol is the day and six digits of sequence', () => {
  expect(formatProtocol('20261201', 42)).toBe('20261201000042');
  expect(formatProtocol('20261201', 1)).toBe('20261201000001');
  expect(formatProtocol('20261201', 999_999)).toBe('20261201999999');
  // Past a million in a day: one more digit, still unique.
  expect(formatProtocol('20261201', 1_000_000)).toBe('202612011000000');
});

test('a typed protocol is read without its punctuation', () => {
  expect(normalizeProtocol('20261201000042')).toBe('20261201000042');
  expect(normalizeProtocol(' 2026.1201-000042 ')).toBe('20261201000042');
  expect(normalizeProtocol('2026120100004')).toBeNull();
  expect(normalizeProtocol('abc')).toBeNull();
});
