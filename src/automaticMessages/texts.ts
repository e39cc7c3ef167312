import { renderTemplate } from '../text/template';

/**
 * The texts Atende sends by itself (`GET|PUT /api/v1/automatic-messages`):
 * keys, the variables each may use, the built-in texts (today's hard-coded
 * ones, so a deployment that never sets them sees no change) and a pure
 * resolver. No database, Node or zod here: the chat's workflow may import
 * it. src/automaticMessages/store.ts reads and writes the settings.
 */

export const AUTOMATIC_MESSAGE_KEYS = [
  'greeting',
  'protocol',
  'handoff',
  'handoffOutOfHours',
  'queuePosition',
  'inactivityWarning',
  'inactivityClosed',
  'resolved',
  'csatQuestion',
  'csatComment',
  'csatThanks',
] as const;
export type AutomaticMessageKey = (typeof AUTOMATIC_MESSAGE_KEYS)[number];

export const AUTOMATIC_MESSAGE_LOCALES = ['pt-BR', 'en'] as const;
export type AutomaticMessageLocale = (typeof AUTOMATIC_MESSAGE_LOCALES)[number];

/** The variables each key may use; any other `{{name}}` is refused when saved. */
export const AUTOMATIC_MESSAGE_VARIABLES: Record<AutomaticMessageKey, readonly string[]> = {
  greeting: ['contact.name', 'contact.firstName', 'channel.name'],
  protocol: ['protocol'],
  handoff: ['contact.name', 'contact.firstName', 'protocol'],
  handoffOutOfHours: ['nextOpening', 'contact.name', 'contact.firstName', 'protocol'],
  queuePosition: ['position'],
  inactivityWarning: ['contact.name', 'contact.firstName'],
  inactivityClosed: ['contact.name', 'contact.firstName', 'protocol'],
  resolved: ['contact.name', 'contact.firstName', 'protocol', 'attendant.name'],
  csatQuestion: ['contact.name', 'contact.firstName', 'attendant.name'],
  csatComment: ['contact.name', 'contact.firstName'],
  csatThanks: ['contact.name', 'contact.firstName'],
};

/** Example values, for previews. */
export const AUTOMATIC_MESSAGE_EXAMPLES: Record<AutomaticMessageLocale, Record<string, string>> = {
  'pt-BR': {
    'contact.name': 'Maria Silva',
    'contact.firstName': 'Maria',
    'channel.name': 'WhatsApp Loja',
    'attendant.name': 'Ana',
    protocol: '20260904-000123',
    nextOpening: 'segunda-feira às 08:00',
    position: '3',
  },
  en: {
    'contact.name': 'Mary Smith',
    'contact.firstName': 'Mary',
    'channel.name': 'Store WhatsApp',
    'attendant.name': 'Ann',
    protocol: '20260904-000123',
    nextOpening: 'Monday at 08:00',
    position: '3',
  },
};

export type AutomaticTexts = Partial<Record<AutomaticMessageKey, string>>;
export type LocalizedTexts = Partial<Record<AutomaticMessageLocale, AutomaticTexts>>;

export interface AutomaticMessages {
  default: LocalizedTexts;
  channels: Record<string, LocalizedTexts>;
}

export const EMPTY_AUTOMATIC_MESSAGES: AutomaticMessages = { default: {}, channels: {} };

/**
 * The built-in texts. `protocol` and `handoff` are today's (workflows/
 * protocolNotice.ts, workflows/botPolicy.ts); `greeting` has none (not
 * sent unless set); the others are the texts of the features that send them.
 */
export const BUILT_IN_TEXTS: Record<AutomaticMessageLocale, AutomaticTexts> = {
  'pt-BR': {
    protocol: 'Protocolo de atendimento: {{protocol}}',
    handoff: 'Vou transferir você para um de nossos atendentes. Aguarde um momento, por favor.',
    handoffOutOfHours:
      'Vou transferir você para um de nossos atendentes. Estamos fora do horário de atendimento agora; voltamos {{nextOpening}} e respondemos por ordem de chegada.',
    queuePosition: 'Você é o número {{position}} na fila.',
    inactivityWarning: 'Você ainda está aí? Se não houver resposta, este atendimento será encerrado em breve.',
    inactivityClosed: 'Encerramos este atendimento por falta de resposta. Se precisar, é só escrever de novo.',
    resolved: 'Seu atendimento foi concluído. Obrigado pelo contato!',
    // The survey's texts of src/csat/texts.ts (DEFAULT_CSAT_TEXTS), so setting nothing changes nothing.
    csatQuestion:
      'Como você avalia o atendimento? Responda com uma nota de 1 (muito insatisfeito) a 5 (muito satisfeito).',
    csatComment: 'Obrigado pela nota! Quer deixar um comentário? É só escrever (opcional).',
    csatThanks: 'Obrigado pela sua avaliação!',
  },
  en: {
    protocol: 'Your ticket number: {{protocol}}',
    handoff: "I'm handing you over to one of our attendants. Please wait a moment.",
    handoffOutOfHours:
      "I'm handing you over to one of our attendants. We are closed right now; we open again {{nextOpening}} and answer in order of arrival.",
    queuePosition: 'You are number {{position}} in the queue.',
    inactivityWarning: 'Are you still there? Without a reply, this conversation will be closed soon.',
    inactivityClosed: 'We closed this conversation for lack of a reply. Write again whenever you need.',
    resolved: 'Your conversation has been resolved. Thank you for reaching out!',
    csatQuestion: 'From 1 to 5, how would you rate the service you received?',
    csatComment: 'Thank you! Would you like to leave a comment about the service? (optional)',
    csatThanks: 'Thank you for your rating!',
  },
};

/** 'pt', 'pt-BR', 'pt-PT' → 'pt-BR'; 'en…' → 'en'; anything else → 'pt-BR'. */
export function automaticLocale(language: string | null | undefined): AutomaticMessageLocale {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}

/** The text for a key before rendering: the channel's, the company's, then the built-in one; null when none (greeting unset). */
export function automaticTemplate(
  settings: AutomaticMessages,
  channelId: string | null | undefined,
  locale: string,
  key: AutomaticMessageKey,
): string | null {
  const l = automaticLocale(locale);
  const channel = channelId ? settings.channels[channelId]?.[l]?.[key] : undefined;
  return channel ?? settings.default[l]?.[key] ?? BUILT_IN_TEXTS[l][key] ?? null;
}

/**
 * The text to send for `key`, rendered with `vars` (values of variables the
 * key does not allow are ignored; a missing one renders as its fallback or
 * nothing). Null when the key has no text (greeting unset). Pure.
 */
export function automaticText(
  settings: AutomaticMessages,
  channelId: string | null | undefined,
  locale: string,
  key: AutomaticMessageKey,
  vars: Readonly<Record<string, string | number | null | undefined>> = {},
): string | null {
  const template = automaticTemplate(settings, channelId, locale, key);
  if (template === null) return null;
  const values: Record<string, string | null> = {};
  for (const name of AUTOMATIC_MESSAGE_VARIABLES[key]) {
    const v = vars[name];
    values[name] = v === undefined || v === null ? null : String(v);
  }
  return renderTemplate(template, values);
}
