import type { Duration } from '@temporalio/common';
import type { ChatView } from '../../workflows/types';
import type { ChatHandle, ChatHarness } from './chatHarness';
import { waitFor } from './wait';

/**
 * Queue tests on a ChatHarness, each in a department of its own (a channel
 * routed to it, attendants in it), so tests sharing a database never see
 * each other's chats in the queue.
 */
export function queueDepartments(h: ChatHarness) {
  let n = 0;
  return {
    async department(opts: { timeout?: string } = {}) {
      const name = `dept-${++n}`;
      const channel = await h.createChannel(h.receiver.url, { department: name });
      const settings = { assignmentResponseTimeout: (opts.timeout ?? '1 hour') as Duration };
      return {
        name,
        attendant: async (id: string, data: Record<string, unknown> = {}) => {
          const row = await h.db.attendant.create({
            data: {
              id: `${name}-${id}`,
              name: id,
              email: `${name}-${id}@example.com`,
              passwordHash: 'x',
              department: name,
              available: true,
              maxConcurrent: 2,
              ...data,
            },
          });
          return row.id;
        },
        handOff: (text = 'quero falar com um atendente') =>
          h.startChat(h.message(text), { channel, settings }).then((c) => c.handle),
      };
    },

    /** A command's caller, as the API sends it. */
    as: (attendantId: string, view: ChatView) => ({ attendantId, role: 'attendant' as const, chatId: view.chatId }),

    /** The chat's state once someone holds it. */
    holderOf: (handle: ChatHandle) =>
      waitFor(
        () => h.untilStatus(handle, 'waiting_attendant'),
        (v) => v.attendantId !== null,
      ),
  };
}
