import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import path from 'node:path';
import { temporalTestServerPath } from '../../src/temporal/binaries';
import { nationalHolidayTable } from '../../src/calendar/nationalHolidays';
import { EMPTY_AUTOMATIC_MESSAGES } from '../../src/automaticMessages/texts';
import type { BusinessHours } from '../../src/calendar/businessCalendar';
import { quietLogger } from '../helpers/quietTemporal';
import type { calendarProbe } from '../fixtures/workflows/calendarProbe';

// The business calendar and the automatic-message resolver bundle into workflow code (no Node or
// database import) and give there the same answers as outside: the hand-off out of hours at 02:00
// on the Friday before Independence Monday 2026 names Tuesday 08:00.

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
}, 120_000);
afterAll(() => env?.teardown());

const slot = { start: '08:00', end: '18:00' };
const hours: BusinessHours = {
  timezone: 'America/Sao_Paulo',
  weekly: { mon: [slot], tue: [slot], wed: [slot], thu: [slot], fri: [slot] },
  holidays: [{ date: '2026-09-04', name: 'Ponte' }],
  nationalHolidays: 'BR',
  departments: {},
};

test('the calendar runs in the workflow sandbox', async () => {
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '../fixtures/workflows/calendarProbe.ts'),
    logger: quietLogger,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'calendar-probe',
    workflowBundle: bundle,
  });
  const national = nationalHolidayTable(new Date('2026-09-04T05:00:00Z'));
  const result = await worker.runUntil(
    env.client.workflow.execute<typeof calendarProbe>('calendarProbe', {
      taskQueue: 'calendar-probe',
      workflowId: 'calendar-probe-1',
      args: [hours, national, EMPTY_AUTOMATIC_MESSAGES, '2026-09-04T05:00:00Z'],
    }),
  );
  expect(result).toEqual({
    open: false,
    phrase: 'terça-feira às 08:00',
    text: 'Vou transferir você para um de nossos atendentes. Estamos fora do horário de atendimento agora; voltamos terça-feira às 08:00 e respondemos por ordem de chegada.',
  });
}, 120_000);
