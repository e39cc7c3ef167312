/**
 * `npm run seed`: loads the demo knowledge base (prisma/seed/demo-trainings.json,
 * a fictional provider's billing, plans, access, hours and cancellation
 * answers) into the database. Idempotent: each training is upserted by tag,
 * so running it again restores the demo texts. Safe while `npm start` runs:
 * the worker sees the change at the next message.
 */
import { loadDemoTrainings } from '../src/bot/demoTrainings';
import { loadConfigOrExit, openDb } from '../src/runtime';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const trainings = loadDemoTrainings();
  const db = await openDb(config);
  try {
    for (const t of trainings) {
      const data = { group: t.group, documents: JSON.stringify(t.documents), finished: t.finished };
      await db.training.upsert({ where: { tag: t.tag }, create: { tag: t.tag, ...data }, update: data });
      console.log(`  ${t.tag} (${t.group}): ${t.documents.length} documents`);
    }
    console.log(
      `Seeded ${trainings.length} trainings into ${config.DATABASE_URL.startsWith('file:') ? config.DATABASE_URL : 'PostgreSQL'}.`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
