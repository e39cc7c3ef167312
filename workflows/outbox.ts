import { condition, isCancellation, log } from '@temporalio/workflow';
import { firstDelivery, retriedDelivery } from './proxies';
import type { OutboundMessage } from './types';

/**
 * A chat's ordered outbox. Messages leave one at a time, in the order the
 * chat wrote them; a message being retried holds back only the messages
 * after it, never the chat: `run()` is a coroutine of its own beside the
 * chat's main loop. What is left when the workflow continues as new travels
 * with it (`pending()`).
 */
export class Outbox {
  constructor(private readonly queue: OutboundMessage[] = []) {}

  push(messages: OutboundMessage[]): void {
    this.queue.push(...messages);
  }

  get idle(): boolean {
    return this.queue.length === 0;
  }

  pending(): OutboundMessage[] {
    return [...this.queue];
  }

  async run(): Promise<void> {
    for (;;) {
      await condition(() => this.queue.length > 0);
      await deliver(this.queue[0]!);
      this.queue.shift();
    }
  }
}

/** Delivered, or refused for good (recorded `failed`): either way the message leaves the outbox. */
async function deliver(message: OutboundMessage): Promise<void> {
  let result;
  try {
    result = await firstDelivery.deliverMessage(message);
  } catch (err) {
    // (A local activity's failure arrives as the activity's own ApplicationFailure, not an ActivityFailure.)
    if (isCancellation(err)) throw err;
    result = await retriedDelivery.deliverMessage(message);
  }
  if (result.status === 'failed') log.warn('delivery failed', { messageId: message.messageId, error: result.error });
}
