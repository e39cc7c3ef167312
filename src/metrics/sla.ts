import type { Priority } from '../../workflows/types';

/**
 * How long a handed-off chat may wait for a person's first message, by
 * priority (the usual help-desk defaults). A chat breaches its SLA when its
 * first attendant message came later than this after it was handed off, or
 * has not come and the time has passed.
 */
export const SLA_FIRST_HUMAN_REPLY_SECONDS: Record<Priority, number> = {
  urgent: 5 * 60,
  high: 15 * 60,
  normal: 60 * 60,
  low: 4 * 60 * 60,
};
