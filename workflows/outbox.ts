import { condition, log } from '@temporalio/workflow';
import { retriedDelivery } from './proxies';
import type { OutboundMessage } from './types';

/**
 * A chat's ordered outbox: the messages whose first attempt (made by the step
 * that wrote them, see `ChatSession.flush`) did not go through, and any
 * written after them. They leave one at a time, in order, retried with
 * backoff; a message being retried holds back only the messages after it,
 * never the chat: `run()` is a coroutine of its own beside the chat's main
 * loop. What is left when the workflow continues as new travels with it
 * (`pending()`).
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
  const result = await retriedDelivery.deliverMessage(message);
  if (result.status === 'failed') log.warn('delivery failed', { messageId: message.messageId, error: result.error });
}
