import type { Intent, Language, Priority } from '../../workflows/types';

/**
 * The first bot's knowledge: words and phrases per intent (already
 * normalised: lower case, no accents) and the answers it gives. Phrases match
 * as whole word sequences; words also match with a typo or two.
 */
export interface IntentRule {
  intent: Exclude<Intent, 'unknown'>;
  words: string[];
  phrases: string[];
  priority: Priority;
  /** Answered by the bot (true) or always handed to a person (false). */
  answerable: boolean;
  answers?: Record<Language, string>;
}

export const INTENT_RULES: IntentRule[] = [
  {
    intent: 'human_request',
    words: ['atendente', 'atendentes', 'humano', 'humana', 'pessoa', 'operador', 'operadora', 'agent', 'human', 'representative', 'atendimento'],
    phrases: [
      'falar com alguem', 'falar com uma pessoa', 'falar com gente', 'pessoa de verdade', 'pessoa real',
      'speak to someone', 'talk to someone', 'speak with someone', 'talk with someone', 'real person',
      'speak to a person', 'talk to a person', 'live agent', 'customer service',
    ],
    priority: 'normal',
    answerable: false,
  },
  {
    intent: 'technical',
    words: [
      'problema', 'problemas', 'erro', 'erros', 'error', 'errors', 'bug', 'travado', 'travada', 'travou', 'trava',
      'urgente', 'urgent', 'broken', 'crash', 'crashed', 'crashes', 'caiu', 'lento', 'lenta', 'offline', 'falha', 'problem',
    ],
    phrases: ['nao funciona', 'nao esta funcionando', 'parou de funcionar', 'fora do ar', 'not working', 'doesn t work', 'does not work', 'stopped working', 'nao consigo'],
    priority: 'high',
    answerable: false,
  },
  {
    intent: 'billing',
    words: ['boleto', 'boletos', 'fatura', 'faturas', 'invoice', 'invoices', 'cobranca', 'bill', 'billing', 'recibo', 'receipt', 'pagamento', 'payment', '2via'],
    phrases: ['segunda via', '2 via', '2a via', 'second copy', 'nota fiscal', 'copy of my bill'],
    priority: 'normal',
    answerable: true,
    answers: {
      pt: 'Você pode emitir a segunda via do boleto ou da fatura em Minha Conta › Financeiro › Faturas. O documento fica disponível até a data de vencimento.',
      en: 'You can download a copy of your invoice or bill under My Account › Billing › Invoices. It stays available until its due date.',
    },
  },
  {
    intent: 'plan_change',
    words: ['plano', 'planos', 'upgrade', 'downgrade', 'plan', 'plans', 'assinatura', 'subscription'],
    phrases: ['mudar de plano', 'trocar de plano', 'change plan', 'change my plan'],
    priority: 'normal',
    answerable: true,
    answers: {
      pt: 'Para mudar de plano (upgrade ou downgrade), acesse Minha Conta › Plano e escolha o novo plano. A mudança vale a partir do próximo ciclo de cobrança.',
      en: 'To change your plan (upgrade or downgrade), go to My Account › Plan and pick the new plan. The change applies from your next billing cycle.',
    },
  },
  {
    intent: 'thanks',
    words: ['obrigado', 'obrigada', 'brigado', 'valeu', 'thanks', 'thank', 'thx', 'agradeco', 'grato', 'grata'],
    phrases: [],
    priority: 'low',
    answerable: true,
    answers: {
      pt: 'Por nada! Se precisar de mais alguma coisa, é só escrever.',
      en: "You're welcome! If you need anything else, just write.",
    },
  },
  {
    intent: 'greeting',
    words: ['oi', 'ola', 'hello', 'hi', 'hey', 'opa', 'eai', 'salve', 'hola'],
    phrases: ['bom dia', 'boa tarde', 'boa noite', 'good morning', 'good afternoon', 'good evening'],
    priority: 'low',
    answerable: true,
    answers: {
      pt: 'Olá! Sou o assistente virtual. Como posso ajudar?',
      en: "Hello! I'm the virtual assistant. How can I help?",
    },
  },
];

/** Words that say which language a message is in; Portuguese wins ties. */
export const ENGLISH_MARKERS = new Set([
  'the', 'my', 'i', 'is', 'are', 'you', 'can', 'how', 'what', 'please', 'need', 'want', 'to', 'with', 'hello', 'hi', 'thanks', 'thank', 'it', 'not', 'doesn', 'does', 'where', 'bill', 'invoice', 'plan', 'good',
]);
export const PORTUGUESE_MARKERS = new Set([
  'o', 'a', 'os', 'as', 'meu', 'minha', 'eu', 'e', 'voce', 'pode', 'como', 'que', 'por', 'favor', 'preciso', 'quero', 'com', 'de', 'da', 'do', 'oi', 'ola', 'obrigado', 'nao', 'esta', 'para', 'um', 'uma', 'bom', 'boa',
]);
