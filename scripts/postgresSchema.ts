/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the one
 * to edit): Prisma fixes the provider per schema file, so PostgreSQL gets a
 * generated twin. tests/unit/postgresSchema.test.ts fails when they drift.
 *   npm run db:schemas
 */
import fs from 'node:fs';
import path from 'node:path';
import { postgresSchemaFrom } from '../src/config/postgresSchema';

const root = path.join(__dirname, '..');
const target = path.join(root, 'prisma', 'postgresql', 'schema.prisma');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, postgresSchemaFrom(fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8')));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
