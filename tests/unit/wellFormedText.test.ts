import { wellFormedDeep, wellFormedText } from '../../src/text/wellFormedText';

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
