import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../../src/config/paths';
import {
  finished,
  initdbArgs,
  postgresBinaries,
  postgresUser,
  runPostgresBinary,
  serverArgs,
} from '../lib/embeddedPostgres';

/**
 * A real Temporal cluster on loopback, without Docker: PostgreSQL (the
 * embedded binaries the tests use) and Temporal's four services as separate
 * processes, configured by the same environment variables and the same
 * config template (the one built into the server) as docker-compose.yml's
 * containers, so the compose file's settings are the ones tested here.
 */

export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
/** v1.32 needs Go ≥ 1.26.10: the go command fetches this toolchain from the module proxy. */
const GO_TOOLCHAIN = 'go1.27.3';
const BIN_DIR = path.join(projectRoot, '.tools', 'temporal-server');
const TEMPORAL_CLI = path.join(projectRoot, '.tools', 'temporal-cli', 'bin', 'temporal');
const DEPLOY = path.join(projectRoot, 'deploy', 'temporal');

/** In start order: history first writes the cluster's metadata row, which the others would race for. */
export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type Service = (typeof SERVICES)[number];

export interface ClusterPorts {
  postgres: number;
  grpc: Record<Service, number>;
  membership: Record<Service, number>;
  metrics: Record<Service, number>;
  frontendHttp: number;
}

/** Every port from one base (the frontend's, which clients dial), so two clusters (or a cluster and the dev server) do not meet. */
export function portsFrom(base: number): ClusterPorts {
  const offset: Record<Service, number> = { frontend: 0, history: 1, matching: 2, worker: 3 };
  const each = (from: number) =>
    Object.fromEntries(SERVICES.map((s) => [s, base + from + offset[s]])) as Record<Service, number>;
  return {
    grpc: each(0),
    frontendHttp: base + 4,
    membership: each(10),
    metrics: each(20),
    postgres: base + 30,
  };
}

export interface ClusterState {
  dir: string;
  ports: ClusterPorts;
  /** The superuser's password of the cluster's PostgreSQL (loopback only). */
  password: string;
  pids: Partial<Record<Service | 'postgres', number>>;
  temporalAddress: string;
  /** Atende's own database on the same PostgreSQL. */
  databaseUrl: string;
}

const PG_USER = 'atende';
const run = promisify(execFile);

/** Builds the pinned server and its SQL tool into .tools/ once (~9 minutes on 2 cores; then cached). */
export async function ensureTemporalServer(log: (line: string) => void): Promise<{ server: string; sql: string }> {
  const server = path.join(BIN_DIR, 'server');
  const sql = path.join(BIN_DIR, 'sql');
  const missing = [
    ...(fs.existsSync(server) ? [] : ['go.temporal.io/server/cmd/server']),
    ...(fs.existsSync(sql) ? [] : ['go.temporal.io/server/cmd/tools/sql']),
  ];
  for (const pkg of missing) {
    log(`building ${pkg}@${TEMPORAL_SERVER_VERSION} into .tools/temporal-server (once; minutes)`);
    await run('go', ['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], {
      env: { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: BIN_DIR, GOFLAGS: '-buildvcs=false' },
      maxBuffer: 64 * 1024 * 1024,
    });
  }
  return { server, sql };
}

/** The environment of one Temporal service: the same variables docker-compose.yml sets. */
export function serviceEnv(state: Pick<ClusterState, 'ports' | 'password'>, service: Service): NodeJS.ProcessEnv {
  const { ports } = state;
  const portVars = SERVICES.flatMap((s) => [
    [`${s.toUpperCase()}_GRPC_PORT`, String(ports.grpc[s])],
    [`${s.toUpperCase()}_MEMBERSHIP_PORT`, String(ports.membership[s])],
  ]);
  return {
    PATH: process.env.PATH,
    DB: 'postgres12',
    DB_PORT: String(ports.postgres),
    POSTGRES_SEEDS: '127.0.0.1',
    POSTGRES_USER: PG_USER,
    POSTGRES_PWD: state.password,
    NUM_HISTORY_SHARDS: '16',
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_SERVICES: service,
    DYNAMIC_CONFIG_FILE_PATH: path.join(DEPLOY, 'dynamicconfig.yaml'),
    PROMETHEUS_ENDPOINT: `127.0.0.1:${ports.metrics[service]}`,
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(portVars),
  };
}

/** Starts one service in the background (it outlives this process); its output goes to logs/<service>.log. */
export function startService(state: ClusterState, service: Service): number {
  const logFd = openLog(state.dir, service);
  const child = spawn(path.join(BIN_DIR, 'server'), ['--allow-no-auth', 'start'], {
    env: serviceEnv(state, service),
    stdio: ['ignore', logFd, logFd],
    detached: true,
  });
  fs.closeSync(logFd);
  child.unref();
  state.pids[service] = child.pid!;
  saveState(state);
  return child.pid!;
}

/** Kills one service (SIGKILL by default, as a crash would). */
export function killService(state: ClusterState, service: Service | 'postgres', signal: NodeJS.Signals = 'SIGKILL') {
  const pid = state.pids[service];
  if (pid !== undefined && alive(pid)) process.kill(pid, signal);
}

export interface StartOptions {
  dir: string;
  portBase: number;
  log?: (line: string) => void;
}

/** Starts the whole cluster and returns once the namespace and its search attributes are usable. */
export async function startCluster({ dir, portBase, log = () => undefined }: StartOptions): Promise<ClusterState> {
  // Traversable (not listable) by others: PostgreSQL runs as its own user when we are root, and
  // must reach pg/ (its own, 0700) through here. state.json and logs/ stay root's alone.
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o711);
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true, mode: 0o700 });
  const bins = await ensureTemporalServer(log);
  const previous = readState(dir);
  const state: ClusterState = previous ?? {
    dir,
    ports: portsFrom(portBase),
    password: randomPassword(),
    pids: {},
    temporalAddress: `127.0.0.1:${portBase}`,
    databaseUrl: '',
  };
  state.databaseUrl = `postgresql://${PG_USER}:${state.password}@127.0.0.1:${state.ports.postgres}/atende`;
  saveState(state);

  log(`PostgreSQL on 127.0.0.1:${state.ports.postgres}`);
  await startPostgres(state);

  log('Temporal schemas (deploy/temporal/setup-postgres.sh)');
  await run('sh', [path.join(DEPLOY, 'setup-postgres.sh')], {
    env: {
      ...process.env,
      SQL_TOOL: bins.sql,
      SQL_HOST: '127.0.0.1',
      SQL_PORT: String(state.ports.postgres),
      SQL_USER: PG_USER,
      SQL_PASSWORD: state.password,
    },
  });

  for (const service of SERVICES) {
    if (!state.pids[service] || !alive(state.pids[service]!)) startService(state, service);
    if (service === 'history') await waitForClusterMetadata(state);
  }

  log('namespace and search attributes (deploy/temporal/register-namespace.sh)');
  await run('sh', [path.join(DEPLOY, 'register-namespace.sh')], {
    env: { ...process.env, TEMPORAL_CLI, TEMPORAL_ADDRESS: state.temporalAddress, NAMESPACE: 'default' },
  });
  return state;
}

/** Stops what `startCluster` started in `dir` (and nothing else); the data stay for the next start. */
export async function stopCluster(dir: string): Promise<boolean> {
  const state = readState(dir);
  if (!state) return false;
  for (const service of [...SERVICES].reverse()) await stopPid(state.pids[service], 'SIGTERM');
  await stopPid(state.pids.postgres, 'SIGINT'); // PostgreSQL's fast shutdown
  state.pids = {};
  saveState(state);
  return true;
}

export function readState(dir: string): ClusterState | undefined {
  const file = path.join(dir, 'state.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterState) : undefined;
}

function saveState(state: ClusterState): void {
  fs.writeFileSync(path.join(state.dir, 'state.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
}

function openLog(dir: string, name: string): number {
  return fs.openSync(path.join(dir, 'logs', `${name}.log`), 'a', 0o600);
}

async function startPostgres(state: ClusterState): Promise<void> {
  const user = postgresUser();
  const pgDir = path.join(state.dir, 'pg');
  const data = path.join(pgDir, 'data');
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  let native = postgresBinaries(pgDir, user);
  if (!fs.existsSync(data)) {
    const pwfile = path.join(pgDir, 'pw');
    fs.writeFileSync(pwfile, `${state.password}\n`, { mode: 0o600 });
    native = postgresBinaries(pgDir, user); // hands the new file to the postgres user too
    let output = '';
    const initdb = runPostgresBinary(native, 'initdb', initdbArgs(data, PG_USER, pwfile), user);
    initdb.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    initdb.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await finished(initdb, 'initdb', () => output);
    fs.rmSync(pwfile);
  }
  if (!state.pids.postgres || !alive(state.pids.postgres)) {
    const logFd = openLog(state.dir, 'postgres');
    const args = [...serverArgs(data, state.ports.postgres, pgDir), '-c', 'max_connections=300'];
    const server = runPostgresBinary(native, 'postgres', args, user, ['ignore', logFd, logFd], true);
    fs.closeSync(logFd);
    server.unref();
    state.pids.postgres = server.pid!;
    saveState(state);
  }
  await until(
    async () => {
      const client = new pg.Client({ connectionString: state.databaseUrl.replace(/\/atende$/, '/postgres') });
      try {
        await client.connect();
        const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'atende'`);
        if (!rowCount) await client.query('CREATE DATABASE atende');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    30_000,
    'PostgreSQL did not start: see logs/postgres.log',
  );
}

/** History writes the cluster's metadata row at its first start; the other services only read it. */
async function waitForClusterMetadata(state: ClusterState): Promise<void> {
  const url = state.databaseUrl.replace(/\/atende$/, '/temporal');
  await until(
    async () => {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        const { rowCount } = await client.query('SELECT 1 FROM cluster_metadata_info');
        return (rowCount ?? 0) > 0;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    60_000,
    'the history service did not write the cluster metadata: see logs/history.log',
  );
}

async function stopPid(pid: number | undefined, signal: NodeJS.Signals): Promise<void> {
  if (pid === undefined || !alive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** Whether `pid` still runs one of the cluster's binaries (a pid from a past boot may be someone else's now). */
function alive(pid: number): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z' && /temporal-server\/server|\/bin\/postgres/.test(cmdline);
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, ms: number, message: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(250);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
