import { fuzzyScore, insertCanned, pickCanned, previewCanned, slashAt } from '../../src/console/canned';

// The composer's canned-response picker (src/console/canned.ts), without a browser.

test('a slash opens the picker only at the start of a word, up to the caret', () => {
  expect(slashAt('/', 1)).toEqual({ start: 0, query: '' });
  expect(slashAt('Oi! /prot', 9)).toEqual({ start: 4, query: 'prot' });
  expect(slashAt('Oi!\n/pro', 8)).toEqual({ start: 4, query: 'pro' });
  expect(slashAt('e/ou', 4)).toBeNull();
  expect(slashAt('https://site', 12)).toBeNull();
  expect(slashAt('/prot e mais', 12)).toBeNull();
  // The caret decides: the word being typed is the one before it.
  expect(slashAt('/prot e mais', 5)).toEqual({ start: 0, query: 'prot' });
});

test('fuzzy matching prefers shortcuts, prefixes and runs, and ignores case and accents', () => {
  const items = [
    { shortcut: 'boleto', title: 'Segunda via do boleto' },
    { shortcut: 'protocolo', title: 'Número do protocolo' },
    { shortcut: 'prazo', title: 'Prazo de entrega' },
    { shortcut: 'troca', title: 'Política de devolução' },
  ];
  // Fuzzy: "prazo" has p, r and o in order too, but a prefix of the shortcut comes first.
  expect(pickCanned(items, 'pro').map((i) => i.shortcut)).toEqual(['protocolo', 'prazo']);
  expect(pickCanned(items, 'pr').map((i) => i.shortcut)).toEqual(['prazo', 'protocolo']);
  expect(pickCanned(items, 'POLITICA').map((i) => i.shortcut)).toEqual(['troca']);
  expect(pickCanned(items, 'bto').map((i) => i.shortcut)).toEqual(['boleto']);
  expect(pickCanned(items, 'xyz')).toEqual([]);
  expect(pickCanned(items, '')).toHaveLength(4);
  expect(fuzzyScore('ptc', 'protocolo')).not.toBeNull();
  expect(fuzzyScore('zz', 'protocolo')).toBeNull();
});

test('the chosen text replaces the /word at the caret, with variables previewed for the chat', () => {
  const text = previewCanned('Olá, {{contact.firstName|cliente}}! Protocolo {{chat.protocol}}.', {
    contactName: 'Joana Silva',
    protocol: '20261201000042',
    attendantName: 'Ana',
  });
  expect(text).toBe('Olá, Joana! Protocolo 20261201000042.');
  expect(insertCanned('Bom dia. /pro e tchau', { start: 9, query: 'pro' }, text)).toEqual({
    text: `Bom dia. ${text} e tchau`,
    caret: 9 + text.length,
  });
});
