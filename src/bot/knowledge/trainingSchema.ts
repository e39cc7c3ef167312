import { z } from 'zod';

/** A training's shape, shared by the API and the demo seed (docs/design.md's rule for tag and group). */
export const trainingKey = (what: 'tag' | 'group') =>
  z
    .string({ error: `${what} is required` })
    .min(1, `${what} must not be empty`)
    .max(40, `${what} must be at most 40 characters`)
    .regex(/^[a-z0-9_]+$/, `${what} may contain only lower-case letters, digits and underscore (no spaces)`);

export const TrainingTag = trainingKey('tag');

const TrainingDocument = z
  .object({
    pageContent: z.string().trim().min(1, 'pageContent must not be empty').max(20_000),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const body = {
  group: trainingKey('group'),
  documents: z.array(TrainingDocument).max(500),
  finished: z.boolean(),
};

const groupDiffersFromTag = (t: { tag: string; group: string }) => t.tag !== t.group;
const differMessage = { message: 'group must differ from tag', path: ['group'] };

export const CreateTraining = z
  .object({ tag: TrainingTag, ...body, finished: body.finished.default(false) })
  .strict()
  .refine(groupDiffersFromTag, differMessage);

/** PUT replaces the training; the tag in the path is its key (a tag in the body must match it). */
export const replaceTraining = (tag: string) =>
  z
    .object({ tag: TrainingTag.optional(), ...body, finished: body.finished.default(false) })
    .strict()
    .refine((t) => t.tag === undefined || t.tag === tag, {
      message: 'must equal the tag in the path (a tag cannot be renamed)',
      path: ['tag'],
    })
    .refine((t) => groupDiffersFromTag({ tag, group: t.group }), differMessage);
