/** The PostgreSQL twin of the SQLite schema: same models, another provider and client folder. */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const swapped = sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../src/generated/prisma"', 'output       = "../../src/generated/prisma-postgresql"');
  if (swapped === sqliteSchema || !swapped.includes('prisma-postgresql')) {
    throw new Error('prisma/schema.prisma no longer has the provider or output lines this generator rewrites');
  }
  return `// GENERATED from prisma/schema.prisma by \`npm run db:schemas\`: edit that file, not this one.\n${swapped}`;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
