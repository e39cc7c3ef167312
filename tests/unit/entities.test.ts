import { extractEntities } from '../../src/bot/entities';

// 01:30 UTC on the 23rd is still the 22nd (22:30) in São Paulo.
const SP = { receivedAt: '2026-11-23T01:30:00Z', timeZone: 'America/Sao_Paulo' };
const extract = (text: string) => extractEntities(text, SP);

// Valid CPF that is also a valid mobile number (DDD 11, 9 8765-4374).
const CPF_AND_MOBILE = '11987654374';

describe('extractEntities: nothing found', () => {
  it.each([
    'quero o plano de 300 mega',
    'meu pedido 12345',
    'I want the 300 mb plan',
    'my order 12345 never arrived',
    'preciso da segunda via do boleto',
    'quero cancelar agora',
    'can you call me now?',
    '',
  ])('%p', (text) => {
    expect(extract(text)).toEqual({});
  });
});

describe('e-mail', () => {
  it('finds addresses in Portuguese and English, lower-cased', () => {
    expect(extract('meu email é JOAO.Silva@Exemplo.com.br')).toEqual({ email: ['joao.silva@exemplo.com.br'] });
    expect(extract('my e-mail is Mary+support@mail.example.com')).toEqual({ email: ['mary+support@mail.example.com'] });
  });

  it('ignores punctuation around and keeps order, without duplicates', () => {
    expect(extract('emails:(a@x.com),B@Y.ORG.e a@x.com!!')).toEqual({ email: ['a@x.com', 'b@y.org'] });
  });

  it('rejects addresses with typos', () => {
    expect(extract('joao@gmail ou joao@gmail,com ou joao @ gmail.com')).toEqual({});
  });
});

describe('CPF', () => {
  it('accepts the formatted and the bare form', () => {
    expect(extract('meu cpf é 529.982.247-25')).toEqual({ cpf: ['52998224725'] });
    expect(extract('CPF:52998224725.')).toEqual({ cpf: ['52998224725'] });
    expect(extract('my CPF is 529.982.247-25, thanks')).toEqual({ cpf: ['52998224725'] });
  });

  it('de-duplicates the two forms of one number', () => {
    expect(extract('529.982.247-25 ou 52998224725?')).toEqual({ cpf: ['52998224725'] });
  });

  it('rejects wrong check digits and all-same digits, without turning them into phones', () => {
    expect(extract('cpf 529.982.247-26')).toEqual({});
    expect(extract('cpf 111.111.111-11')).toEqual({});
    expect(extract('cpf 11111111111')).toEqual({});
  });

  it('does not read CPFs inside longer numbers (CNPJ)', () => {
    expect(extract('cnpj 11.222.333/0001-81 ou 11222333000181')).toEqual({});
  });
});

describe('CPF vs phone', () => {
  it.each(['(11) 98765-4321', '+55 11 98765-4321', '11 98765-4321', '011 98765-4321', '11987654321'])(
    'phone %p is no CPF',
    (text) => {
      expect(extract(`meu número ${text}`)).toEqual({ phone: ['+5511987654321'] });
    },
  );

  it('a formatted CPF is no phone, even when its digits would make one', () => {
    expect(extract('119.876.543-74')).toEqual({ cpf: [CPF_AND_MOBILE] });
  });

  it('a bare 11-digit run with valid check digits is a CPF', () => {
    expect(extract(CPF_AND_MOBILE)).toEqual({ cpf: [CPF_AND_MOBILE] });
    expect(extract(`cpf ${CPF_AND_MOBILE}`)).toEqual({ cpf: [CPF_AND_MOBILE] });
  });

  it('unless a phone label or a country code comes before it', () => {
    const phone = { phone: [`+55${CPF_AND_MOBILE}`] };
    expect(extract(`celular: ${CPF_AND_MOBILE}`)).toEqual(phone);
    expect(extract(`my phone is ${CPF_AND_MOBILE}`)).toEqual(phone);
    expect(extract(`+55 ${CPF_AND_MOBILE}`)).toEqual(phone);
    expect(extract(`tel 11 3456-7890, cpf ${CPF_AND_MOBILE}`)).toEqual({
      cpf: [CPF_AND_MOBILE],
      phone: ['+551134567890'],
    });
  });
});

describe('phone', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['(11)98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['+55 (11) 98765-4321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
    ['011 98765-4321', '+5511987654321'],
    ['(21) 3456-7890', '+552134567890'],
    ['021 3456-7890', '+552134567890'],
  ])('normalises %p to E.164', (written, e164) => {
    expect(extract(`me liga no ${written} por favor`)).toEqual({ phone: [e164] });
  });

  it('reads English messages and foreign numbers with a country code', () => {
    expect(extract('call me at +1 415 555 2671 or (11) 98765-4321')).toEqual({
      phone: ['+14155552671', '+5511987654321'],
    });
  });

  it('rejects invalid numbers', () => {
    // No area code, area code 20 does not exist, a landline cannot start with 1.
    expect(extract('98765-4321 ou (20) 98765-4321 ou (11) 1234-5678')).toEqual({});
  });

  it('does not take a bare 10-digit run (order, protocol) for a landline', () => {
    expect(extract('protocolo 2134567890')).toEqual({});
  });

  it('de-duplicates one number written twice', () => {
    expect(extract('whats 11987654321, ou (11) 98765-4321')).toEqual({ phone: ['+5511987654321'] });
  });
});

describe('money', () => {
  it.each([
    ['R$ 1.234,56', 'BRL', '1234.56'],
    ['R$50', 'BRL', '50.00'],
    ['R$ 99,90', 'BRL', '99.90'],
    ['R$ 1.234.567,00', 'BRL', '1234567.00'],
    ['r$ 1.500', 'BRL', '1500.00'],
    ['50 reais', 'BRL', '50.00'],
    ['1 real', 'BRL', '1.00'],
    ['$12.50', 'USD', '12.50'],
    ['US$ 10', 'USD', '10.00'],
    ['USD 1,200.00', 'USD', '1200.00'],
    ['12 dollars', 'USD', '12.00'],
    ['30 dólares', 'USD', '30.00'],
  ])('%p', (text, currency, value) => {
    expect(extract(`valor: ${text}.`)).toEqual({ money: [{ currency, value, text }] });
  });

  it('reads amounts with typos and no spaces around them', () => {
    expect(extract('paguei50reais,e ainda R$99,9!!')).toEqual({
      money: [
        { currency: 'BRL', value: '50.00', text: '50reais' },
        { currency: 'BRL', value: '99.90', text: 'R$99,9' },
      ],
    });
  });

  it('reads an English message', () => {
    expect(extract('I was charged $12.50 twice, then USD 1,200.00')).toEqual({
      money: [
        { currency: 'USD', value: '12.50', text: '$12.50' },
        { currency: 'USD', value: '1200.00', text: 'USD 1,200.00' },
      ],
    });
  });

  it('counts "R$ 50 reais" once and de-duplicates one amount written twice', () => {
    expect(extract('R$ 50 reais, isso, 50 reais')).toEqual({
      money: [{ currency: 'BRL', value: '50.00', text: 'R$ 50' }],
    });
  });

  it('rejects mixed-up separators and numbers without a currency', () => {
    expect(extract('R$ 1.234.56 ou 1,234.567 reais')).toEqual({});
    expect(extract('são 1.234,56 no total')).toEqual({});
  });

  it('does not read a phone tail as an amount', () => {
    expect(extract('(11) 98765-4321 reais')).toEqual({ phone: ['+5511987654321'] });
  });
});

describe('dates', () => {
  it.each([
    ['hoje', '2026-11-22'],
    ['Hoje', '2026-11-22'],
    ['amanhã', '2026-11-23'],
    ['amanha', '2026-11-23'],
    ['depois de amanhã', '2026-11-24'],
    ['depois de amanha', '2026-11-24'],
    ['ontem', '2026-11-21'],
    ['today', '2026-11-22'],
    ['tomorrow', '2026-11-23'],
    ['yesterday', '2026-11-21'],
    ['the day after tomorrow', '2026-11-24'],
  ])('%p is relative to the day in São Paulo, not UTC', (text, date) => {
    expect(extract(`pode ser ${text}?`)).toEqual({ date: [{ date, text }] });
  });

  it.each([
    ['05/12/2026', '2026-12-05'],
    ['5/12/2026', '2026-12-05'],
    ['05/12', '2026-12-05'],
    ['2026-12-05', '2026-12-05'],
    ['29/02/2028', '2028-02-29'],
  ])('%p', (text, date) => {
    expect(extract(`vencimento ${text}`)).toEqual({ date: [{ date, text }] });
  });

  it('reads numeric dates day first in English messages too', () => {
    expect(extract('my bill is due on 05/12/2026')).toEqual({ date: [{ date: '2026-12-05', text: '05/12/2026' }] });
  });

  it('rejects impossible dates', () => {
    expect(extract('vence 31/02/2026')).toEqual({});
    expect(extract('vence 29/02')).toEqual({}); // 2026 is no leap year
    expect(extract('vence 2026-02-31')).toEqual({});
    expect(extract('due 12/25/2026')).toEqual({}); // month 25: no silent swap to month first
  });

  it('takes the year of dd/mm from the local day of receivedAt', () => {
    // 02:00 UTC on 1 January 2027 is still 31 December 2026 in São Paulo.
    const newYear = { receivedAt: new Date('2027-01-01T02:00:00Z'), timeZone: 'America/Sao_Paulo' };
    expect(extractEntities('05/12 ou amanhã', newYear)).toEqual({
      date: [
        { date: '2026-12-05', text: '05/12' },
        { date: '2027-01-01', text: 'amanhã' },
      ],
    });
  });

  it('follows the time zone it is given', () => {
    expect(extractEntities('hoje', { receivedAt: SP.receivedAt, timeZone: 'UTC' })).toEqual({
      date: [{ date: '2026-11-23', text: 'hoje' }],
    });
    expect(extractEntities('today', { receivedAt: '2026-11-22T11:00:00Z', timeZone: 'Pacific/Kiritimati' })).toEqual({
      date: [{ date: '2026-11-23', text: 'today' }],
    });
  });

  it('keeps the time in the text of a date with a time, and takes no time alone', () => {
    expect(extract('hoje às 10:30 ou amanhã de manhã')).toEqual({
      date: [
        { date: '2026-11-22', text: 'hoje às 10:30' },
        { date: '2026-11-23', text: 'amanhã' },
      ],
    });
    expect(extract('pode ser às 10:30? ou 10h, at 3pm')).toEqual({});
  });

  it('produces no dates from money, times, phones or CPFs', () => {
    expect(extract('R$ 10.12 às 10:30, tel (11) 98765-4321, cpf 529.982.247-25, US$ 12.05')).toEqual({
      cpf: ['52998224725'],
      phone: ['+5511987654321'],
      money: [
        { currency: 'BRL', value: '10.12', text: 'R$ 10.12' },
        { currency: 'USD', value: '12.05', text: 'US$ 12.05' },
      ],
    });
  });

  it('de-duplicates one day written twice', () => {
    expect(extract('hoje, 22/11')).toEqual({ date: [{ date: '2026-11-22', text: 'hoje' }] });
  });
});

describe('several entities at once', () => {
  it('reads a Portuguese message', () => {
    expect(
      extract(
        'Oi! Meu CPF é 529.982.247-25, email Maria@Exemplo.com, cel (21) 99876-5432. ' +
          'Paguei R$ 1.234,56 ontem mas o boleto de 05/12/2026 ainda aparece.',
      ),
    ).toEqual({
      email: ['maria@exemplo.com'],
      cpf: ['52998224725'],
      phone: ['+5521998765432'],
      money: [{ currency: 'BRL', value: '1234.56', text: 'R$ 1.234,56' }],
      date: [
        { date: '2026-11-21', text: 'ontem' },
        { date: '2026-12-05', text: '05/12/2026' },
      ],
    });
  });

  it('reads an English message', () => {
    expect(
      extract('Hi, I paid $12.50 yesterday and 12 dollars today; reach me at john@doe.io or +55 11 98765-4321'),
    ).toEqual({
      email: ['john@doe.io'],
      phone: ['+5511987654321'],
      money: [
        { currency: 'USD', value: '12.50', text: '$12.50' },
        { currency: 'USD', value: '12.00', text: '12 dollars' },
      ],
      date: [
        { date: '2026-11-21', text: 'yesterday' },
        { date: '2026-11-22', text: 'today' },
      ],
    });
  });

  it('does not read digits inside an e-mail address', () => {
    expect(extract('joao11987654321@mail.com')).toEqual({ email: ['joao11987654321@mail.com'] });
  });
});

describe('purity', () => {
  afterEach(() => jest.useRealTimers());

  it('never reads the clock', () => {
    jest.useFakeTimers({ now: new Date('2031-05-05T12:00:00Z') });
    expect(extract('hoje')).toEqual({ date: [{ date: '2026-11-22', text: 'hoje' }] });
  });

  it('rejects an invalid receivedAt', () => {
    expect(() => extractEntities('hoje', { receivedAt: 'yesterday-ish', timeZone: 'UTC' })).toThrow(RangeError);
  });
});
