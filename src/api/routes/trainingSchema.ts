import { z } from 'zod';
import { trainingKey, TrainingTag } from '../../bot/knowledge/trainingSchema';
import { PageQuery } from '../pagination';

export const ListTrainingsQuery = z.object({
  group: trainingKey('group').optional(),
  finished: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: PageQuery.shape.limit,
  cursor: TrainingTag.optional(),
});
