/** One cutoff of a retention run: what was written or closed `before` it goes, on these channels (or all but those). */
export interface RetentionRule {
  before: string; // ISO time
  channelIds?: string[];
  exceptChannelIds?: string[];
}

/** What a run removes, fixed at its start from the settings (src/retention/retention.ts, retentionPlan). */
export interface RetentionPlan {
  /** The run's time (the workflow's clock), ISO. */
  now: string;
  closedChats: RetentionRule[];
  media: RetentionRule[];
  auditBefore: string | null;
}

/** What a run removed (or, for a dry run, would remove). */
export interface RetentionCounts {
  /** Closed chats whose content went; their rows stay as anonymous figures. */
  chats: number;
  messages: number;
  notes: number;
  events: number;
  /** Messages (of chats that keep their content) whose file reference went. */
  mediaMessages: number;
  /** Files removed from DATA_DIR/media (nothing else named them). */
  files: number;
  auditEntries: number;
}

/** Who started a run: the daily schedule, or an admin (POST /api/v1/retention/run). */
export interface RetentionRunInput {
  trigger: 'schedule' | 'manual';
  requestedBy?: string;
}
