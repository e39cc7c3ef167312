/**
 * What the satisfaction survey says to the customer. pt-BR defaults for now;
 * `csatTexts` is the one place that will read the texts an admin configures
 * (the automatic messages of issue 20) when they exist.
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

/** The texts of the survey (the defaults until configured texts exist). */
export function csatTexts(): CsatTexts {
  return DEFAULT_CSAT_TEXTS;
}

/** The labels of the five choices, for channels that show buttons or a list. */
export const CSAT_CHOICES = [
  { rating: 1, label: 'Muito insatisfeito' },
  { rating: 2, label: 'Insatisfeito' },
  { rating: 3, label: 'Neutro' },
  { rating: 4, label: 'Satisfeito' },
  { rating: 5, label: 'Muito satisfeito' },
] as const;
