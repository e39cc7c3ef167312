/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // tests/cluster needs a Temporal cluster built from source (minutes, once): `npm run test:cluster`.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.ATENDE_CLUSTER_TESTS ? [] : ['<rootDir>/tests/cluster/'])],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Temporal servers and bundles are slow to start on 2 cores.
  testTimeout: 120_000,
  // Files share one machine's CPUs with Temporal servers; one at a time keeps timings sane.
  maxWorkers: 1,
};
