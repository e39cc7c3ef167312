import {
  JsonTooDeepError,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
  wellFormedDeep,
  wellFormedText,
} from '../../src/text/wellFormedText';

test('lone surrogates become U+FFFD; NUL goes; everything else stays as sent', () => {
  expect(wellFormedText('oi \ud83d tudo')).toBe('oi \ufffd tudo');
  expect(wellFormedText('\ude00')).toBe('\ufffd');
  expect(wellFormedText('a\u0000b\u0000')).toBe('ab');
  for (const kept of ['😀 ok', '\ufeffBOM', 'oi \u202e\u200f مرحبا', 'tab\tand\nnewline', '']) {
    expect(wellFormedText(kept)).toBe(kept);
  }
});

test('every string of a parsed body, keys too; other values untouched', () => {
  expect(wellFormedDeep({ a: ['x\u0000', 1, null, true], ['k\ud800']: { b: '\udc00' } })).toEqual({
    a: ['x', 1, null, true],
    ['k\ufffd']: { b: '\ufffd' },
  });
});

test('nesting is bounded: 64 levels are repaired, 65 refused, 100,000 neither overflow the stack', () => {
  const nested = (depth: number, inner: unknown = 'x\u0000'): unknown =>
    JSON.parse('[{"k":'.repeat(depth / 2) + JSON.stringify(inner) + '}]'.repeat(depth / 2));
  expect(MAX_JSON_DEPTH).toBe(64);
  expect(nestedDeeperThan(nested(64))).toBe(false);
  expect(JSON.stringify(wellFormedDeep(nested(64)))).toContain('"x"');
  expect(nestedDeeperThan(nested(64, []))).toBe(true);
  expect(() => wellFormedDeep(nested(64, []))).toThrow(JsonTooDeepError);
  const absurd = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
  expect(nestedDeeperThan(absurd)).toBe(true);
  expect(() => wellFormedDeep(absurd)).toThrow(JsonTooDeepError);
  expect(nestedDeeperThan('text')).toBe(false);
});
