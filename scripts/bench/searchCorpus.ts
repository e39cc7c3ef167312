/**
 * The search bench's data, made up but shaped like a help desk's: contacts
 * with accented names, Brazilian mobiles, CPFs and e-mails; two chats each,
 * with protocols; messages that mix common Portuguese and English requests
 * with a long tail of rarer words (order numbers, product names). Generated
 * from a fixed seed, so every run searches the same rows.
 */

const FIRST = [
  'Maria',
  'José',
  'João',
  'Ana',
  'Antônio',
  'Francisca',
  'Carlos',
  'Luíza',
  'Paulo',
  'Márcia',
  'Lucas',
  'Fernanda',
  'Gabriel',
  'Patrícia',
  'Rafael',
  'Aline',
  'Marcos',
  'Juliana',
  'Pedro',
  'Sebastião',
  'Letícia',
  'Raimundo',
  'Vitória',
  'Thiago',
  'Cecília',
  'John',
  'Mary',
  'Robert',
  'Linda',
  'Michael',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Ribeiro',
  'Carvalho',
  'Araújo',
  'Conceição',
  'Nascimento',
  'Gonçalves',
  'Magalhães',
  'Simões',
  'Brandão',
  'Assunção',
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
];
const DDD = ['11', '21', '31', '41', '51', '61', '71', '81', '85', '92'];

const SENTENCES = [
  'Olá, bom dia! Quero o cancelamento do meu plano',
  'Preciso da segunda via do boleto deste mês',
  'A internet está caindo toda hora desde ontem',
  'Fui cobrado duas vezes na fatura de março',
  'Como faço para mudar de plano?',
  'Não consigo acessar o aplicativo, dá erro de senha',
  'Quero falar com um atendente, por favor',
  'O técnico não apareceu na visita agendada',
  'Meu pagamento foi feito mas continua constando em aberto',
  'Gostaria de cancelar a assinatura da TV',
  'Qual o prazo para a devolução do valor?',
  'A entrega do pedido está atrasada',
  'Obrigado pela ajuda, resolvido!',
  'O sinal do wi-fi está muito fraco no quarto',
  'Recebi uma cobrança indevida no cartão de crédito',
  'Quero contratar a fibra de 500 mega',
  'Hi, I would like to cancel my subscription',
  'The internet is not working since yesterday',
  'I was charged twice for the same payment',
  'Can I get a refund for last month?',
  'Please send me the invoice again',
  'My order has not arrived yet',
];
const BOT = [
  'Entendi! Vou gerar a segunda via do boleto para você.',
  'Vou transferir você para um de nossos atendentes.',
  'Seu protocolo de atendimento foi registrado.',
  'Sorry to hear that. Let me check your account.',
];

/** A small fixed-seed generator (mulberry32): the same rows on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ba',
  'ca',
  'de',
  'fi',
  'go',
  'lu',
  'ma',
  'ne',
  'po',
  'ri',
  'sa',
  'te',
  'vo',
  'xi',
  'zu',
  'tra',
  'pre',
  'con',
  'lin',
  'mor',
];
/** The n-th word of the long tail: "pocalin", "trasate"… (rarer as n grows). */
export function tailWord(n: number): string {
  let word = '';
  for (let x = n + 400; x > 0; x = Math.floor(x / SYLLABLES.length)) word += SYLLABLES[x % SYLLABLES.length];
  return word;
}

function cpfOf(n: number): string {
  const base = String(100_000_000 + n)
    .slice(-9)
    .split('')
    .map(Number);
  const check = (digits: number[]) => {
    const sum = digits.reduce((s, d, i) => s + d * (digits.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  return [...base, d1, d2].join('');
}

export interface BenchContact {
  id: string;
  name: string;
  phone: string;
  cpf: string;
  email: string;
}

export function contactOf(i: number): BenchContact {
  const r = random(i + 1);
  const first = FIRST[Math.floor(r() * FIRST.length)]!;
  const last = `${LAST[Math.floor(r() * LAST.length)]!} ${LAST[Math.floor(r() * LAST.length)]!}`;
  return {
    id: `bc${i}`,
    name: `${first} ${last}`,
    phone: `+55${DDD[i % DDD.length]}9${String(10_000_000 + i * 7).slice(-8)}`,
    cpf: cpfOf(i),
    email: `cliente${i}@exemplo.com.br`,
  };
}

/** The `j`-th message of a chat: a request, sometimes with a tail word or an order number; the bot's answer every third. */
export function messageText(n: number): string {
  const r = random(n * 31 + 7);
  if (n % 3 === 2) return BOT[Math.floor(r() * BOT.length)]!;
  let text = SENTENCES[Math.floor(r() * SENTENCES.length)]!;
  if (r() < 0.5) text += ` ${tailWord(Math.floor(1 / (r() + 0.00002)))}`; // Zipf-like: a few common, many rare
  if (r() < 0.2) text += `, pedido ${100_000 + Math.floor(r() * 900_000)}`;
  return text;
}

export function protocolOf(chat: number): string {
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(chat / 2_000) * 86_400_000);
  return `${day.toISOString().slice(0, 10).replace(/-/g, '')}${String(chat % 2_000).padStart(6, '0')}`;
}
