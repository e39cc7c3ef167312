import type { HoldState } from './types';

/** What the chat's row context says of a hold. */
export function holdContext(hold: HoldState | undefined): Record<string, unknown> {
  if (!hold) return {};
  return {
    hold: {
      since: new Date(hold.since).toISOString(),
      until: hold.until === null ? null : new Date(hold.until).toISOString(),
      reason: hold.reason,
    },
  };
}
