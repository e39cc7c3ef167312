import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';
import { quietLogger } from '../helpers/quietTemporal';

// Histories recorded from earlier versions of the chat workflow
// (`npm run record:histories`): today's code must replay every one of them,
// or running chats would break on deploy. A change that cannot needs patched().
const DIR = path.join(__dirname, '..', 'fixtures', 'histories');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.binpb'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

test.each(files)('replays %s', async (file) => {
  const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(DIR, file)));
  await Worker.runReplayHistory(
    { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { logger: quietLogger } } as Parameters<
      typeof Worker.runReplayHistory
    >[0],
    history,
    file,
  );
});
