import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../src/config/paths';
import { CHAT_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { portsFrom, SERVICES, serviceEnv, TEMPORAL_SERVER_VERSION } from '../../scripts/cluster/temporalCluster';

// There is no Docker here, so docker-compose.yml is kept correct by reading:
// these checks tie it to what `npm run cluster` runs and the tests exercise.
interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  entrypoint?: string[];
}
const compose = parse(fs.readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
const services = compose.services;
const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');

test('runs each Temporal service on its own, from the pinned server image, as the local cluster does', () => {
  for (const service of SERVICES) {
    const c = services[`temporal-${service}`];
    expect(c?.image).toBe(`temporalio/server:${version}`);
    expect(c?.environment?.TEMPORAL_SERVICES).toBe(service);
  }
  expect(services['temporal-schema']?.image).toBe(`temporalio/admin-tools:${version}`);
  expect(services['temporal-namespace']?.image).toBe(`temporalio/admin-tools:${version}`);
  expect(JSON.stringify(services)).not.toContain('start-dev');
});

test('gives the Temporal services the settings the local cluster is tested with', () => {
  // Addresses and ports differ (containers vs loopback processes); everything else is the same.
  const local = serviceEnv({ ports: portsFrom(20_000), password: 'x' }, 'history');
  const shared = ['DB', 'NUM_HISTORY_SHARDS', 'LOG_LEVEL', 'POSTGRES_USER'];
  const env = services['temporal-history']!.environment!;
  for (const key of shared) expect([key, env[key]]).toEqual([key, local[key]]);
  expect(path.basename(local.DYNAMIC_CONFIG_FILE_PATH!)).toBe('dynamicconfig.yaml');
  const mounted = (services['temporal-history'] as { volumes?: string[] }).volumes ?? [];
  expect(mounted).toContain(
    `./deploy/temporal/dynamicconfig.yaml:${env.DYNAMIC_CONFIG_FILE_PATH!.replace(/^(?!\/)/, '/etc/temporal/')}:ro`,
  );
  expect(services['temporal-schema']!.entrypoint).toEqual(['/bin/sh', '/deploy/setup-postgres.sh']);
  expect(services['temporal-namespace']!.entrypoint).toEqual(['/bin/sh', '/deploy/register-namespace.sh']);
});

test('registers exactly the chat search attributes the workflows set', () => {
  const script = fs.readFileSync(path.join(projectRoot, 'deploy', 'temporal', 'register-namespace.sh'), 'utf8');
  const listed = /for name in ([A-Za-z ]+); do/.exec(script)?.[1]?.trim().split(/\s+/);
  expect(listed?.sort()).toEqual(CHAT_SEARCH_ATTRIBUTES.map((k) => k.name).sort());
});

test('the worker and the API scale out: no fixed name or host port, shared files, a health check', () => {
  for (const name of ['worker', 'api']) {
    const s = services[name]!;
    expect(s.container_name).toBeUndefined();
    expect(s.ports).toBeUndefined();
    expect(s.environment?.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
    expect(JSON.stringify(s.healthcheck)).toMatch(name === 'worker' ? /readyz/ : /livez/);
  }
  expect(services.worker!.environment!.WORKER_HEALTH_PORT).toBeDefined();
  expect(services.api!.environment!.TRUST_PROXY).toBe('1');
});

test('every long-running service has a health check; one-shots are waited for', () => {
  const oneShots = new Set(['temporal-schema', 'temporal-namespace', 'migrate']);
  for (const [name, s] of Object.entries(services)) {
    if (oneShots.has(name)) continue;
    expect([name, Array.isArray(s.healthcheck?.test)]).toEqual([name, true]);
  }
  const conditions = Object.values(services).flatMap((s) => Object.entries(s.depends_on ?? {}));
  for (const [dep, { condition }] of conditions) {
    expect([dep, condition]).toEqual([dep, oneShots.has(dep) ? 'service_completed_successfully' : 'service_healthy']);
  }
});
