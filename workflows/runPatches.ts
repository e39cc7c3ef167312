import { patched } from '@temporalio/workflow';

/**
 * The patch under which a run decides every patch once, at its first
 * activation (docs/decisions/0016-patches-at-run-start.md).
 */
export const PATCHES_AT_RUN_START = 'patches-at-run-start';

/**
 * Which patches this run takes.
 *
 * Why not `patched()` where each branch is: the SDK answers `patched()` on
 * replay only for markers recorded in the same workflow task. When a query
 * reaches a chat while one of its local activities runs, the worker may end
 * that task early, and the code after the activity (a `patched()` call
 * included) runs live in the next task, though on replay it runs in the
 * first: the replay answers false and fails with "Non-deprecated patch marker
 * encountered" (tests/workflow/replayUnderQueries.test.ts). A run begun by
 * this code asks once, before anything can await, and then takes every patch
 * the code has: a new run is live code, for which `patched()` answers true.
 * Runs recorded before this module hold no such marker and ask where the
 * branch is, as they did. A later patch is asked here, at the run's start,
 * never after an await: chats continue as new often, so it reaches running
 * chats at their next run.
 */
export class RunPatches {
  private readonly atStart = patched(PATCHES_AT_RUN_START);

  /** Whether this run takes the patch `id`. */
  has(id: string): boolean {
    return this.atStart || patched(id);
  }
}
