import fs from 'node:fs';
import path from 'node:path';
import { postgresSchemaFrom } from '../../src/config/postgresSchema';

test('the PostgreSQL schema is the generated twin of prisma/schema.prisma (run `npm run db:schemas`)', () => {
  const root = path.join(__dirname, '..', '..');
  const sqlite = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
  const postgres = fs.readFileSync(path.join(root, 'prisma', 'postgresql', 'schema.prisma'), 'utf8');
  expect(postgres).toBe(postgresSchemaFrom(sqlite));
});

test('both providers have the same migrations', () => {
  const names = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => !f.endsWith('.toml'))
      .sort();
  const root = path.join(__dirname, '..', '..', 'prisma');
  expect(names(path.join(root, 'postgresql', 'migrations'))).toEqual(names(path.join(root, 'migrations')));
});
