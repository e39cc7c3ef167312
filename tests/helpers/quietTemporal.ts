import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Worker and bundler logs at WARN, so test output shows what matters. */
export const quietLogger = new DefaultLogger('WARN');
try {
  Runtime.install({ logger: quietLogger });
} catch {
  // already installed in this process
}
