import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { HttpError } from '../../http/httpError';
import type { ChannelRecord } from '../types';
import type { WhatsAppGraph } from './graphApi';
import { whatsappCredentials } from './sender';

/** A template's body parameter (`{{1}}`, or `{{name}}` for named ones) and Meta's example of it, if any. */
export interface TemplateVariable {
  name: string;
  example: string | null;
}

/** An approved template as `GET /api/v1/channels/:id/templates` lists it. */
export interface ApprovedTemplate {
  name: string;
  language: string;
  category: string | null;
  components: Record<string, unknown>[];
  /** The body's parameters, in order: what a sender fills in (`variables` of the template route). */
  variables: TemplateVariable[];
}

/** One page of `GET /{waba-id}/message_templates` (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/). */
const TemplatePage = z.object({
  data: z.array(
    z
      .object({
        name: z.string(),
        language: z.string(),
        status: z.string().optional(),
        category: z.string().optional(),
        components: z.array(z.record(z.string(), z.unknown())).optional(),
      })
      .loose(),
  ),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});

/** Pages read at most (100 templates each): a business has at most a few hundred templates. */
const MAX_PAGES = 10;
/** How long a channel's list is kept: templates change in Meta's manager, rarely. `?refresh=true` re-reads at once. */
export const TEMPLATE_CACHE_TTL_MS = 5 * 60 * 1000;

/** `{{1}}`, `{{2}}`… (or `{{first_name}}`) in the body's text, in order of first appearance. */
export function templateVariables(components: Record<string, unknown>[]): TemplateVariable[] {
  const body = components.find((c) => String(c.type).toUpperCase() === 'BODY');
  if (!body || typeof body.text !== 'string') return [];
  const names: string[] = [];
  for (const match of body.text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
    if (!names.includes(match[1]!)) names.push(match[1]!);
  }
  const example = body.example as
    { body_text?: unknown[][]; body_text_named_params?: { param_name?: string; example?: string }[] } | undefined;
  const positional = Array.isArray(example?.body_text?.[0]) ? example.body_text[0] : [];
  return names.map((name, i) => {
    const named = example?.body_text_named_params?.find((p) => p.param_name === name)?.example;
    const value = named ?? positional[/^\d+$/.test(name) ? Number(name) - 1 : i];
    return { name, example: typeof value === 'string' ? value : null };
  });
}

/**
 * The approved templates of each WhatsApp channel, read from the Graph API
 * and kept in memory per channel for TEMPLATE_CACHE_TTL_MS (one API process's
 * own copy: a list a few minutes old is fine, and a refresh is one call away).
 */
export class TemplateCatalog {
  private readonly cache = new LRUCache<string, ApprovedTemplate[]>({ max: 500, ttl: TEMPLATE_CACHE_TTL_MS });

  constructor(private readonly graph: WhatsAppGraph) {}

  async list(channel: ChannelRecord, { refresh = false }: { refresh?: boolean } = {}): Promise<ApprovedTemplate[]> {
    const wabaId = channel.settings.wabaId;
    if (typeof wabaId !== 'string') {
      throw new HttpError(
        409,
        'channel_not_configured',
        'the channel has no wabaId (WhatsApp Business Account id): set it with PATCH /api/v1/channels/:id',
      );
    }
    // Keyed by the account too: a channel moved to another account lists that one's at once.
    const key = `${channel.id}:${wabaId}`;
    const kept = refresh ? undefined : this.cache.get(key);
    if (kept) return kept;
    const templates = await this.fetch(channel, wabaId);
    this.cache.set(key, templates);
    return templates;
  }

  private async fetch(channel: ChannelRecord, wabaId: string): Promise<ApprovedTemplate[]> {
    let accessToken: string;
    try {
      accessToken = whatsappCredentials(channel).accessToken;
    } catch {
      throw new HttpError(409, 'channel_not_configured', 'the channel has no accessToken');
    }
    const found: ApprovedTemplate[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const query = new URLSearchParams({
        status: 'APPROVED',
        limit: '100',
        fields: 'name,language,status,category,components',
        ...(after ? { after } : {}),
      });
      let page: z.infer<typeof TemplatePage>;
      try {
        page = TemplatePage.parse(await this.graph.getJson(accessToken, `${wabaId}/message_templates?${query}`));
      } catch (err) {
        // Meta's words, never the token (a proxy or an odd error page could echo the request).
        const reason = (err instanceof Error ? err.message : String(err)).split(accessToken).join('[token]');
        throw new HttpError(502, 'channel_unavailable', `WhatsApp did not list the templates: ${reason.slice(0, 300)}`);
      }
      for (const t of page.data) {
        // The filter is asked of Meta; checked again, since only approved templates can be sent.
        if (t.status !== undefined && t.status.toUpperCase() !== 'APPROVED') continue;
        const components = t.components ?? [];
        found.push({
          name: t.name,
          language: t.language,
          category: t.category ?? null,
          components,
          variables: templateVariables(components),
        });
      }
      after = page.paging?.next ? page.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return found;
  }
}

/** A template's body parameters as the Graph API takes them (`components` of a template message). */
export function templateComponents(variables: string[]): Record<string, unknown>[] {
  if (variables.length === 0) return [];
  return [{ type: 'body', parameters: variables.map((text) => ({ type: 'text', text })) }];
}
