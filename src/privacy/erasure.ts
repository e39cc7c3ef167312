import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { ChatGateway } from '../chats/gateway';
import type { Logger } from '../logger';
import type { MediaStore } from '../media/mediaStore';
import { recordAudit } from '../audit/auditLog';
import { HttpError, notFound } from '../http/httpError';
import { readJsonColumn } from '../db/jsonColumn';
import { channelEventSignal } from '../../workflows/chat';
import { isTerminal } from '../../workflows/statusMachine';
import type { ChatStatus } from '../../workflows/types';
import { anonymiseChatsIn, purgeFreedText, removeFiles, withSecureDelete } from './anonymiseChats';
import type { DataKeys } from './dataKeys';

/** What an erasure did, in counts: the answer and the audit entry, with no personal data. */
export interface ErasureReceipt {
  contactId: string;
  erasedAt: string;
  chats: number;
  openChatsClosed: number;
  messages: number;
  notes: number;
  files: number;
  events: number;
  identities: number;
  dataKeys: number;
  workflowExecutionsDeleted: number;
}

export interface ErasureDeps {
  db: Db;
  media: MediaStore;
  temporal: Client;
  gateway: ChatGateway;
  logger: Logger;
  /** This process's cache of data keys, told to forget the erased ones at once. */
  dataKeys?: DataKeys | undefined;
}

/** How long the erasure waits for a closed chat's workflow to record the close. */
const CLOSE_WAIT_MS = 20_000;
/** How long one Temporal call of the erasure may take (Temporal down: the erasure goes on without it). */
const TEMPORAL_CALL_MS = 5_000;

/**
 * Erases a person (LGPD art. 18, VI; docs/design.md "Privacy"): closes their
 * open chats through their workflows (actor `system`), deletes their chats'
 * Temporal executions, then in one transaction anonymises their chats
 * (src/privacy/anonymiseChats.ts), deletes their identities, merge records
 * and data keys (crypto-shredding: every copy of their histories becomes
 * ciphertext), empties the contact into a tombstone that keeps the chats'
 * figures, and records the receipt and the audit entry. A contact erased
 * before answers the same receipt.
 */
export async function eraseContact(
  deps: ErasureDeps,
  contactId: string,
  request: { attendantId: string; reason: string; ip?: string | null },
): Promise<ErasureReceipt> {
  const { db } = deps;
  const contact = await db.contact.findUnique({ where: { id: contactId }, select: { id: true, erasedAt: true } });
  if (!contact) throw notFound('contact');
  if (contact.erasedAt) return previousReceipt(db, contactId);

  const openChatsClosed = await closeOpenChats(deps, contactId);
  const chats = await db.chat.findMany({ where: { contactId }, select: { id: true, workflowId: true } });
  const workflowIds = [...new Set(chats.map((c) => c.workflowId).filter(Boolean))];
  const workflowExecutionsDeleted = await deleteExecutions(deps, workflowIds);

  return withSecureDelete(db, async () => {
    const erasedAt = new Date();
    const { receipt, orphanFiles, keyIds } = await db.$transaction(
      async (tx) => {
        const { counts, orphanFiles } = await anonymiseChatsIn(
          tx,
          chats.map((c) => c.id),
        );
        const identities = await tx.contactIdentity.deleteMany({ where: { contactId } });
        await tx.contactMerge.deleteMany({ where: { OR: [{ contactId }, { mergedId: contactId }] } });
        const keys = await tx.dataKey.findMany({ where: { workflowId: { in: workflowIds } }, select: { id: true } });
        const dataKeys = await tx.dataKey.deleteMany({ where: { workflowId: { in: workflowIds } } });
        await tx.contact.update({
          where: { id: contactId },
          data: { name: null, phone: null, email: null, cpf: null, attributes: '{}', sources: '{}', erasedAt },
        });
        const receipt: ErasureReceipt = {
          contactId,
          erasedAt: erasedAt.toISOString(),
          chats: counts.chats,
          openChatsClosed,
          messages: counts.messages,
          notes: counts.notes,
          files: counts.files,
          events: counts.events,
          identities: identities.count,
          dataKeys: dataKeys.count,
          workflowExecutionsDeleted,
        };
        const actor = `attendant:${request.attendantId}`;
        await tx.contactErasure.create({
          data: { contactId, actor, reason: request.reason, receipt: JSON.stringify(receipt), at: erasedAt },
        });
        await recordAudit(tx, {
          actor: { type: 'attendant', id: request.attendantId },
          action: 'contact.erased',
          target: { type: 'contact', id: contactId },
          details: { ...receipt },
          ip: request.ip ?? null,
        });
        return { receipt, orphanFiles, keyIds: keys.map((k) => k.id) };
      },
      { timeout: 60_000 },
    );
    deps.dataKeys?.forget(workflowIds, keyIds);
    await removeFiles(deps.media, orphanFiles);
    await purgeFreedText(db);
    return receipt;
  });
}

async function previousReceipt(db: Db, contactId: string): Promise<ErasureReceipt> {
  const row = await db.contactErasure.findUnique({ where: { contactId } });
  if (!row) throw notFound('contact');
  return readJsonColumn<ErasureReceipt>(row.receipt, {} as ErasureReceipt);
}

/** Closes the person's open chats through their workflows (as a channel's close, by `system`); how many. */
async function closeOpenChats({ db, gateway, logger, temporal }: ErasureDeps, contactId: string): Promise<number> {
  const rows = await db.chat.findMany({ where: { contactId }, select: { id: true, workflowId: true, status: true } });
  const open = rows.filter((c) => !isTerminal(c.status as ChatStatus));
  const signalled: string[] = [];
  for (const chat of open) {
    try {
      await temporal.withDeadline(Date.now() + TEMPORAL_CALL_MS, () =>
        gateway
          .handleOf(chat.workflowId)
          .signal(channelEventSignal, { type: 'close', request: { actor: 'system', note: 'contact erased' } }),
      );
      signalled.push(chat.id);
    } catch (err) {
      // Not running (a row left open by a chat that ended): nothing to close there.
      if ((err as Error).name !== 'WorkflowNotFoundError') {
        logger.warn({ err, chatId: chat.id }, 'erasure: could not close an open chat');
        throw unavailable();
      }
      logger.warn({ chatId: chat.id }, 'erasure: open chat row without a running workflow');
    }
  }
  const ids = signalled;
  const deadline = Date.now() + CLOSE_WAIT_MS;
  while (ids.length > 0) {
    const still = await db.chat.count({ where: { id: { in: ids }, closedAt: null } });
    if (still === 0) break;
    if (Date.now() > deadline) {
      throw new HttpError(503, 'chat_not_closed', 'an open chat of the contact did not close in time; try again');
    }
    await sleep(200);
  }
  return signalled.length;
}

/**
 * Deletes the executions of the person's chat workflows (every run Temporal's
 * visibility lists under each workflow id, and the current one), terminating
 * one still running. Best effort: what Temporal refuses or no longer has is
 * left to its retention; the data keys' deletion is what makes it unreadable.
 */
async function deleteExecutions({ temporal, logger }: ErasureDeps, workflowIds: readonly string[]): Promise<number> {
  const namespace = temporal.options.namespace;
  let deleted = 0;
  for (const workflowId of workflowIds) {
    const runs = new Set<string>();
    const deadline = Date.now() + TEMPORAL_CALL_MS;
    try {
      await temporal.withDeadline(deadline, async () => {
        for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, '')}'` }))
          runs.add(run.runId);
      });
    } catch (err) {
      // Temporal does not answer: leave the executions to its retention rather than wait per chat.
      logger.warn({ err, workflowId }, 'erasure: could not list the chat workflow runs; executions left to Temporal');
      break;
    }
    for (const runId of [...runs, '']) {
      try {
        await temporal.withDeadline(Date.now() + TEMPORAL_CALL_MS, () =>
          temporal.workflowService.deleteWorkflowExecution({
            namespace,
            workflowExecution: { workflowId, ...(runId ? { runId } : {}) },
          }),
        );
        deleted++;
      } catch (err) {
        const code = (err as { code?: number }).code;
        // 5: NOT_FOUND (already gone, or the current run was one of those listed).
        if (code !== 5) logger.warn({ err, workflowId }, 'erasure: could not delete a chat workflow execution');
      }
    }
  }
  return deleted;
}

/** Temporal refused or did not answer the close: nothing is erased yet, ask again. */
function unavailable(): HttpError {
  return new HttpError(
    503,
    'temporal_unavailable',
    "the chat engine did not close the contact's open chat; retry",
    undefined,
    {
      'retry-after': '5',
    },
  );
}
