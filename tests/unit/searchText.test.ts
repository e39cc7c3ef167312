import { identifiersOf } from '../../src/search/identifiers';
import { parseQueryText } from '../../src/search/queryText';
import { snippetOf } from '../../src/search/snippet';
import { ftsMessageQuery, ftsNameQuery } from '../../src/search/sqliteSearch';
import { tsMessageQuery } from '../../src/search/postgresSearch';

// What the search box's text becomes: terms, stems, phrases and identifiers;
// and the snippet cut around a match. The databases' answers are in tests/api/search.test.ts.

test('a word is an OR of prefixes on its Portuguese and English stems; a phrase its words in a row', () => {
  const text = parseQueryText('Cancelamento "segunda  via" e-mail');
  expect(text.messages).toEqual([
    { kind: 'phrase', words: ['segunda', 'via'] },
    { kind: 'phrase', words: ['e', 'mail'] },
    { kind: 'word', forms: [{ text: 'cancel', prefix: true }] },
  ]);
  expect(ftsMessageQuery(text.messages)).toBe('"segunda via" AND "e mail" AND ("cancel"*)');
  expect(tsMessageQuery(text.messages)).toBe("('segunda' <-> 'via') & ('e' <-> 'mail') & ('cancel':*)");
  // A stem that is no prefix of the word ("happi") joins the word itself.
  expect(parseQueryText('happy').messages).toEqual([
    {
      kind: 'word',
      forms: [
        { text: 'happy', prefix: true },
        { text: 'happi', prefix: true },
      ],
    },
  ]);
});

test('query syntax in the text stays text', () => {
  for (const q of ['"', '*', 'AND', 'NEAR(a b)', "a'b", 'x:* | y', '^col:val', '(((']) {
    const text = parseQueryText(q);
    for (const rendered of [ftsMessageQuery(text.messages), ftsNameQuery(text.names)]) {
      expect(rendered).toMatch(/^(\(?"[\p{L}\p{N} ]+"\*?( OR "[\p{L}\p{N}]+"\*?)*\)?( AND )?)*$/u);
    }
  }
  expect(ftsNameQuery(parseQueryText('NEAR(a b)').names)).toBe('"near"*');
});

test('stop words narrow nothing down unless they are all there is; names skip one-letter words', () => {
  expect(parseQueryText('o plano da empresa').messages.map((p) => p.kind === 'word' && p.forms[0]!.text)).toEqual([
    'plan',
    'empres',
  ]);
  expect(parseQueryText('the').messages).toEqual([{ kind: 'word', forms: [{ text: 'the', prefix: true }] }]);
  expect(parseQueryText('João e Maria').names.map((n) => n.text)).toEqual(['joao', 'maria']);
});

test('identifiers: a phone in any format, a CPF, a protocol, an e-mail', () => {
  for (const q of ['(11) 98888-7777', '+55 11 8888-7777', '55 11 98888 7777', '11988887777']) {
    expect(identifiersOf(q).phones).toEqual(['+5511988887777']);
  }
  expect(identifiersOf('98888-7777').phoneEnding).toBe('88887777');
  expect(identifiersOf('123.456.789-09').cpf).toBe('12345678909');
  expect(identifiersOf('2026-12-01 000042').protocol).toBe('20261201000042');
  expect(identifiersOf(' Ana@Exemplo.COM ').email).toBe('ana@exemplo.com');
  expect(identifiersOf('cancelar plano')).toEqual({
    chatId: null,
    protocol: null,
    phones: [],
    phoneEnding: null,
    cpf: null,
    email: null,
  });
});

test('a snippet is plain text around the first match, accents kept, cut on words', () => {
  const long = `${'Bom dia, tudo bem? '.repeat(6)}Quero a SEGUNDA VIA da fatura de março, por favor. ${'Obrigado! '.repeat(20)}`;
  const snippet = snippetOf(long, ['segunda', 'via']);
  expect(snippet.startsWith('…')).toBe(true);
  expect(snippet.endsWith('…')).toBe(true);
  expect(snippet).toContain('Quero a SEGUNDA VIA da fatura de março');
  expect(snippet.length).toBeLessThanOrEqual(162);
  expect(snippetOf('Não\n\n consigo\u0000 pagar', ['pag'])).toBe('Não consigo pagar');
  expect(snippetOf('Cobrança indevida', ['cobranca'])).toBe('Cobrança indevida');
});
