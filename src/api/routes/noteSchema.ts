import { z } from 'zod';
import { PageQuery } from '../pagination';

/** A note's text: 1–4000 characters once trimmed. */
export const NoteText = z.string().trim().min(1).max(4000);

export const NoteBody = z
  .object({
    content: NoteText,
    /** Attendants to tell (each gets a `note.mentioned` live event); active attendants only. */
    mentions: z.array(z.string().min(1).max(128)).max(20).optional(),
  })
  .strict();

export const ContactNotesQuery = PageQuery;
