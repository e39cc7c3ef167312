import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigError, type Config } from '../config/env';

type TemporalTls = Pick<
  Config,
  'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'
>;

/**
 * How the client and the worker reach Temporal: in the clear (the dev
 * server, a cluster on a private network), over TLS checked against the
 * system's CAs or TEMPORAL_TLS_CA, with a client certificate (mTLS, a
 * self-hosted cluster or Temporal Cloud) and/or an API key (Temporal Cloud,
 * which only takes it over TLS). The same options fit `Connection.connect`
 * and `NativeConnection.connect`.
 */
export function temporalConnectionOptions(
  config: TemporalTls,
  address: string,
): { address: string; tls?: TLSConfig | true; apiKey?: string } {
  const clientCertPair =
    config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
      ? {
          crt: readPem('TEMPORAL_TLS_CERT', config.TEMPORAL_TLS_CERT),
          key: readPem('TEMPORAL_TLS_KEY', config.TEMPORAL_TLS_KEY),
        }
      : undefined;
  const serverRootCACertificate = config.TEMPORAL_TLS_CA
    ? readPem('TEMPORAL_TLS_CA', config.TEMPORAL_TLS_CA)
    : undefined;
  const serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  const wantsTls = Boolean(clientCertPair || serverRootCACertificate || serverNameOverride || config.TEMPORAL_API_KEY);
  if (!wantsTls) return { address };
  const tls: TLSConfig = {
    ...(clientCertPair ? { clientCertPair } : {}),
    ...(serverRootCACertificate ? { serverRootCACertificate } : {}),
    ...(serverNameOverride ? { serverNameOverride } : {}),
  };
  return {
    address,
    tls: Object.keys(tls).length > 0 ? tls : true,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

/** A PEM file's bytes, or a ConfigError naming the variable (never the file's content). */
function readPem(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(
      `Invalid configuration:\n  ${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
