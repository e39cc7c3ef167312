import { automaticText, EMPTY_AUTOMATIC_MESSAGES, type AutomaticMessages } from '../automaticMessages/texts';

/**
 * What the satisfaction survey says to the customer: the automatic messages'
 * `csatQuestion`, `csatComment`, `csatThanks` (built-in pt-BR: the texts below).
 */
export interface CsatTexts {
  csatQuestion: string;
  csatComment: string;
  csatThanks: string;
}

export const DEFAULT_CSAT_TEXTS: CsatTexts = {
  csatQuestion:
    'Como você avalia o atendimento? Responda com uma nota de 1 (muito insatisfeito) a 5 (muito satisfeito).',
  csatComment: 'Obrigado pela nota! Quer deixar um comentário? É só escrever (opcional).',
  csatThanks: 'Obrigado pela sua avaliação!',
};

/** The texts of the survey: the channel's automatic messages, then the company's, then the built-in ones. */
export function csatTexts(
  settings: AutomaticMessages = EMPTY_AUTOMATIC_MESSAGES,
  channelId: string | null = null,
  language = 'pt-BR',
  vars: Record<string, string | null> = {},
): CsatTexts {
  const text = (key: keyof CsatTexts) =>
    automaticText(settings, channelId, language, key, vars) ?? DEFAULT_CSAT_TEXTS[key];
  return { csatQuestion: text('csatQuestion'), csatComment: text('csatComment'), csatThanks: text('csatThanks') };
}

/** The labels of the five choices, for channels that show buttons or a list. */
export const CSAT_CHOICES = [
  { rating: 1, label: 'Muito insatisfeito' },
  { rating: 2, label: 'Insatisfeito' },
  { rating: 3, label: 'Neutro' },
  { rating: 4, label: 'Satisfeito' },
  { rating: 5, label: 'Muito satisfeito' },
] as const;
