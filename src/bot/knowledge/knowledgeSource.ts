import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import { readJsonColumn } from '../../db/jsonColumn';
import { KnowledgeIndex, type KnowledgeTraining } from './knowledgeIndex';

/** The knowledge index in force, and a revision that changes whenever the trainings do. */
export interface KnowledgeSnapshot {
  revision: string;
  index: KnowledgeIndex;
}

export interface KnowledgeSource {
  current(): Promise<KnowledgeSnapshot>;
}

/** Fixed knowledge, for the evaluation and tests. */
export class StaticKnowledge implements KnowledgeSource {
  private readonly snapshot: KnowledgeSnapshot;

  constructor(trainings: KnowledgeTraining[]) {
    this.snapshot = { revision: 'static', index: KnowledgeIndex.build(trainings) };
  }

  async current(): Promise<KnowledgeSnapshot> {
    return this.snapshot;
  }
}

/**
 * The finished trainings of the database. Each call reads every training's
 * tag and update time (two short columns) and rebuilds the index only when
 * that fingerprint changed, so the API and the worker can run in separate
 * processes and the worker still sees every change at the next message. The
 * whole list, not a count and a maximum, so an edit stamped by a slower clock
 * is not missed.
 */
export class DbKnowledge implements KnowledgeSource {
  private snapshot: Promise<KnowledgeSnapshot> | null = null;
  private revision: string | null = null;

  constructor(private readonly db: Db) {}

  async current(): Promise<KnowledgeSnapshot> {
    const revision = await this.fingerprint();
    if (this.snapshot === null || revision !== this.revision) {
      this.revision = revision;
      // One build per revision, shared by concurrent callers.
      this.snapshot = this.build(revision);
      this.snapshot.catch(() => {
        if (this.revision === revision) this.snapshot = null;
      });
    }
    return this.snapshot;
  }

  private async fingerprint(): Promise<string> {
    const rows = await this.db.training.findMany({ select: { tag: true, updatedAt: true }, orderBy: { tag: 'asc' } });
    const hash = createHash('sha256');
    for (const r of rows) hash.update(`${r.tag}\u0000${r.updatedAt.getTime()}\n`);
    return hash.digest('base64url');
  }

  private async build(revision: string): Promise<KnowledgeSnapshot> {
    const rows = await this.db.training.findMany({ where: { finished: true }, orderBy: { tag: 'asc' } });
    const trainings = rows.map((r) => ({ tag: r.tag, group: r.group, documents: parseDocuments(r.documents) }));
    return { revision, index: KnowledgeIndex.build(trainings) };
  }
}

/** Documents are validated on write; a row edited by hand into bad JSON feeds nothing rather than failing. */
export function parseDocuments(text: string): KnowledgeTraining['documents'] {
  const value = readJsonColumn<unknown>(text, []);
  if (!Array.isArray(value)) return [];
  return value.filter(
    (d): d is KnowledgeTraining['documents'][number] =>
      typeof d === 'object' && d !== null && typeof (d as { pageContent?: unknown }).pageContent === 'string',
  );
}
