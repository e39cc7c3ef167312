import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CreateTraining } from './knowledge/trainingSchema';

/** The demo knowledge base of a fictional provider, loaded by `npm run seed` and used by the evaluation. */
export const DEMO_TRAININGS_PATH = path.resolve(__dirname, '../../prisma/seed/demo-trainings.json');

export type DemoTraining = z.infer<typeof CreateTraining>;

/** Read and checked with the API's own rules, so the seed can never hold a training the API would refuse. */
export function loadDemoTrainings(file = DEMO_TRAININGS_PATH): DemoTraining[] {
  return z.array(CreateTraining).parse(JSON.parse(readFileSync(file, 'utf8')));
}
