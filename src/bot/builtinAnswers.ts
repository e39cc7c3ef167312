import type { Intent, Language } from '../../workflows/botTypes';

/**
 * The first bot's own answers. Greetings and thanks are always answered from
 * here; the billing and plan answers only while the knowledge base is empty,
 * since a company's trainings know its business better than a generic text.
 */
export const BUILTIN_ANSWERS: Partial<Record<Intent, Record<Language, string>>> = {
  greeting: {
    pt: 'Olá! Sou o assistente virtual. Como posso ajudar?',
    en: "Hello! I'm the virtual assistant. How can I help?",
  },
  thanks: {
    pt: 'Por nada! Se precisar de mais alguma coisa, é só escrever.',
    en: "You're welcome! If you need anything else, just write.",
  },
  billing: {
    pt: 'Você pode emitir a segunda via do boleto ou da fatura em Minha Conta › Financeiro › Faturas. O documento fica disponível até a data de vencimento.',
    en: 'You can download a copy of your invoice or bill under My Account › Billing › Invoices. It stays available until its due date.',
  },
  plan_change: {
    pt: 'Para mudar de plano (upgrade ou downgrade), acesse Minha Conta › Plano e escolha o novo plano. A mudança vale a partir do próximo ciclo de cobrança.',
    en: 'To change your plan (upgrade or downgrade), go to My Account › Plan and pick the new plan. The change applies from your next billing cycle.',
  },
};

/** Intents answered from BUILTIN_ANSWERS whatever the knowledge base holds. */
export const SOCIAL_INTENTS: readonly Intent[] = ['greeting', 'thanks'];

/**
 * Intents whose answer is the chat's own (its protocol number): the bot gives
 * none, and the chat's workflow fills it in (workflows/protocolNotice.ts).
 */
export const CHAT_INTENTS: readonly Intent[] = ['protocol'];

/** Intents the bot never answers: a person must. */
export const PEOPLE_INTENTS: readonly Intent[] = ['human_request', 'complaint'];
