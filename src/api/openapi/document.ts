import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ApiChannelEvent } from '../../channels/api/events';
import { CHANNEL_SETTINGS, CreateChannel } from '../../channels/settings';
import { TelegramUpdate } from '../../channels/telegram/updates';
import { WhatsAppPayload } from '../../channels/whatsapp/payload';
import { RoutingConfig } from '../../assignment/routing';
import { CreateTraining } from '../../bot/knowledge/trainingSchema';
import { MetricsQuery } from '../../metrics/chatMetrics';
import { SeriesQuery } from '../../metrics/series';
import { ReportQuery } from '../../metrics/chatReport';
import { CreateAttendant, UpdateAttendant, UpdateMe } from '../routes/attendantSchema';
import { Login, Refresh } from '../routes/auth';
import {
  ConfirmTwoFactor,
  CreateApiToken,
  DisableTwoFactor,
  Logout,
  SecondFactorLogin,
  UsePasswordReset,
} from '../routes/authSchema';
import { ListTemplatesQuery } from '../routes/channelTemplates';
import {
  ListChatsQuery,
  ListMessagesQuery,
  ReplyBody,
  ResolveBody,
  TemplateBody,
  TransferBody,
} from '../routes/chatSchema';
import { ListTrainingsQuery } from '../routes/trainingSchema';
import {
  CreateContact,
  ExportQuery,
  ImportCsv,
  ListContactsQuery,
  MergeContact,
  UpdateContact,
} from '../routes/contactSchema';
import { SearchQuery } from '../routes/searchSchema';
import { CreateCannedResponse, ListCannedResponsesQuery, UpdateCannedResponse } from '../routes/cannedResponseSchema';
import { ContactNotesQuery, NoteBody } from '../routes/noteSchema';
import { ChatTagsBody, CreateTag, ListTagsQuery, UpdateTag } from '../../tags/tags';
import { ResolutionSettings } from '../../tags/resolution';
import { MarkReadBody } from '../routes/chatReadSchema';
import { BusinessHoursBody } from '../../calendar/businessHoursSchema';
import { SlaPoliciesBody } from '../../sla/policies';
import { HoldBody } from '../routes/holdSchema';
import { AutomaticMessagePreview, AutomaticMessagesBody } from '../../automaticMessages/store';
import { AuditCsvQuery, ListAuditQuery } from '../routes/auditSchema';
import { RetentionSettingsBody } from '../../retention/settings';
import { RetentionRunQuery } from '../routes/retention';
import { EraseContact } from '../routes/privacy';
import { CreateWebhook, ListDeliveriesQuery, UpdateWebhook } from '../../webhooks/subscriptions';

/**
 * The OpenAPI 3.1 description of every route, built by zod-openapi from the
 * very zod schemas that validate requests (bodies, queries), so the document
 * cannot drift from what the API accepts. Responses are described in words
 * and by the error shape; tests/api/openapi.test.ts fails on a route missing here.
 */
const ErrorBody = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

const REASONS: Record<number, string> = {
  400: 'malformed request: `details` names each field',
  401: 'missing or invalid credentials',
  403: 'the caller’s role (or API token’s scopes) may not do this',
  415: 'the body is not of the type the route reads',
  404: 'not found',
  409: 'conflicts with the current state (see `code`)',
  413: 'body too large',
  429: 'too many failed attempts (`too_many_attempts`); retry after `Retry-After` seconds',
  502: 'the provider (Telegram) could not be reached',
  503: 'the chat engine did not answer in time; retry after `Retry-After` seconds',
};

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: REASONS[c]!, ...json(ErrorBody) }]));
const bearer = [{ bearer: [] }];
const id = (name: string) => z.object({ [name]: z.string() });

function op(
  summary: string,
  tag: string,
  parts: {
    query?: z.ZodType;
    path?: z.ZodObject;
    body?: z.ZodType;
    ok?: string;
    status?: number;
    errors?: number[];
    auth?: boolean;
    contentType?: string;
  } = {},
): ZodOpenApiOperationObject {
  return {
    summary,
    tags: [tag],
    ...(parts.auth === false ? { security: [] } : { security: bearer }),
    ...(parts.query || parts.path
      ? {
          requestParams: {
            ...(parts.query ? { query: parts.query as z.ZodObject } : {}),
            ...(parts.path ? { path: parts.path } : {}),
          },
        }
      : {}),
    ...(parts.body
      ? {
          requestBody: {
            required: true,
            content: { [parts.contentType ?? 'application/json']: { schema: parts.body } },
          },
        }
      : {}),
    responses: {
      [String(parts.status ?? 200)]: { description: parts.ok ?? 'done' },
      ...errors(...(parts.errors ?? (parts.auth === false ? [400] : [400, 401, 403, 404]))),
    },
  };
}

const UpdateChannel = z.union(
  Object.values(CHANNEL_SETTINGS).map((s) => s.update) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
);
const chat = id('chatId');
const command = (summary: string, body?: z.ZodType) =>
  op(summary, 'chats', { path: chat, ...(body ? { body } : {}), errors: [400, 401, 404, 409, 503] });

/** An operation whose JSON body may be left out. */
const bodyOptional = (operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({
  ...operation,
  requestBody: { ...(operation.requestBody as object), required: false } as ZodOpenApiOperationObject['requestBody'],
});

const paths: ZodOpenApiPathsObject = {
  '/health': { get: op('API, database and Temporal health (readiness)', 'operations', { auth: false, errors: [503] }) },
  '/livez': { get: op('The process answers (liveness)', 'operations', { auth: false, errors: [] }) },
  '/metrics': { get: op('Prometheus metrics (text format)', 'operations', { auth: false, errors: [401] }) },
  '/openapi.json': { get: op('This document', 'operations', { auth: false, errors: [] }) },
  '/docs': { get: op('This document, browsable', 'operations', { auth: false, errors: [] }) },
  '/console': {
    get: op("The attendants' console (a web app; its files live under /console/)", 'operations', {
      auth: false,
      errors: [503],
    }),
  },
  '/webhooks/api/{channelId}': {
    post: op('API channel event (signed with X-Atende-Signature)', 'webhooks', {
      auth: false,
      path: id('channelId'),
      body: ApiChannelEvent,
      status: 202,
      ok: 'accepted: `{"chatId"}`',
      errors: [400, 401, 404, 409, 413, 503],
    }),
  },
  '/webhooks/telegram/{channelId}': {
    post: op('Telegram Update (X-Telegram-Bot-Api-Secret-Token)', 'webhooks', {
      auth: false,
      path: id('channelId'),
      body: TelegramUpdate,
      errors: [400, 401, 404, 413, 503],
    }),
  },
  '/webhooks/whatsapp/{channelId}': {
    get: op('Meta’s subscription check: answers hub.challenge', 'webhooks', {
      auth: false,
      path: id('channelId'),
      query: z.object({ 'hub.mode': z.string(), 'hub.verify_token': z.string(), 'hub.challenge': z.string() }),
      errors: [403, 404],
    }),
    post: op('WhatsApp Cloud API messages and statuses (X-Hub-Signature-256)', 'webhooks', {
      auth: false,
      path: id('channelId'),
      body: WhatsAppPayload,
      errors: [400, 401, 404, 413, 503],
    }),
  },
  '/api/v1/auth/login': {
    post: op('Log in: access and refresh tokens', 'auth', { auth: false, body: Login, errors: [400, 401, 429] }),
  },
  '/api/v1/auth/refresh': {
    post: op('New token pair from a refresh token', 'auth', { auth: false, body: Refresh, errors: [400, 401, 429] }),
  },
  '/api/v1/auth/login/2fa': {
    post: op('Second step of a 2FA login: the challenge and a TOTP or recovery code → tokens', 'auth', {
      auth: false,
      body: SecondFactorLogin,
      errors: [400, 401, 429],
    }),
  },
  '/api/v1/auth/logout': {
    post: op('Log out: revokes the refresh token’s whole family', 'auth', {
      auth: false,
      body: Logout,
      status: 204,
      errors: [400, 401, 429],
    }),
  },
  '/api/v1/auth/password-reset': {
    post: op('Set a new password through a one-use reset link (revokes every session)', 'auth', {
      auth: false,
      body: UsePasswordReset,
      status: 204,
      errors: [400, 429],
    }),
  },
  '/api/v1/me/2fa': {
    get: op('My 2FA: enabled, recovery codes left, required (REQUIRE_ADMIN_2FA)', 'auth', { errors: [401] }),
  },
  '/api/v1/me/2fa/setup': {
    post: op('Start 2FA enrolment: a new secret, its otpauth:// URI and QR code', 'auth', { errors: [401, 409] }),
  },
  '/api/v1/me/2fa/confirm': {
    post: op('Confirm enrolment with a code: 2FA on, ten recovery codes shown once', 'auth', {
      body: ConfirmTwoFactor,
      errors: [400, 401, 409, 429],
    }),
  },
  '/api/v1/me/2fa/disable': {
    post: op('Turn my 2FA off (password and a code or recovery code)', 'auth', {
      body: DisableTwoFactor,
      status: 204,
      errors: [400, 401, 409, 429],
    }),
  },
  '/api/v1/attendants/{id}/2fa': {
    delete: op('Turn a person’s 2FA off (admin; they lost phone and codes)', 'auth', {
      path: id('id'),
      status: 204,
      errors: [401, 403, 404, 409],
    }),
  },
  '/api/v1/attendants/{id}/password-reset': {
    post: op('A one-hour, one-use password-reset link for a person (admin)', 'auth', {
      path: id('id'),
      status: 201,
      ok: '`{"url","expiresAt"}`',
      errors: [401, 403, 404],
    }),
  },
  '/api/v1/api-tokens': {
    get: op('API tokens (admin; never their secret)', 'auth', { errors: [401, 403] }),
    post: op('Issue an API token (admin): the `atd_…` token is in this answer only', 'auth', {
      body: CreateApiToken,
      status: 201,
      errors: [400, 401, 403],
    }),
  },
  '/api/v1/api-tokens/{id}': {
    delete: op('Revoke an API token (admin)', 'auth', { path: id('id'), status: 204, errors: [401, 403, 404] }),
  },
  '/api/v1/chats': { get: op('Chats, newest first', 'chats', { query: ListChatsQuery }) },
  '/api/v1/chats/{chatId}': { get: op('A chat with its messages and status history', 'chats', { path: chat }) },
  '/api/v1/chats/{chatId}/claim': { post: command('Take a chat') },
  '/api/v1/chats/{chatId}/release': { post: command('Give a chat back to the queue') },
  '/api/v1/chats/{chatId}/messages': { post: command('Reply (text and/or a file, ≤ 16 MB)', ReplyBody) },
  '/api/v1/chats/{chatId}/template': { post: command('Send a WhatsApp template', TemplateBody) },
  '/api/v1/chats/{chatId}/typing': {
    post: op(
      'The attendant is typing: the customer’s channel shows it (at most one call per chat every 5 s)',
      'chats',
      {
        path: chat,
        status: 204,
        errors: [401, 404, 409],
      },
    ),
  },
  '/api/v1/chats/{chatId}/transfer': { post: command('Transfer to a person or a department', TransferBody) },
  '/api/v1/chats/{chatId}/resolve': {
    post: command('Resolve, with an optional note and a contact reason (409 `reason_required`)', ResolveBody),
  },
  '/api/v1/chats/{chatId}/hold': {
    post: bodyOptional(command('Put on hold until a time or the customer’s next message (its attendant)', HoldBody)),
  },
  '/api/v1/chats/{chatId}/unhold': { post: command('Release the hold: back to its attendant (`waiting_attendant`)') },
  '/api/v1/chats/{chatId}/tags': {
    put: op("Replace a chat's tags, by name (its holder, supervisors, admins)", 'tags', {
      path: chat,
      body: ChatTagsBody,
      ok: '`{"id","tags","reason"}`',
      errors: [400, 401, 404, 409],
    }),
  },
  '/api/v1/tags': {
    get: op('The tag catalogue: labels and contact reasons (everyone)', 'tags', { query: ListTagsQuery }),
    post: op('Create a tag, or bring back an archived one of that name (supervisor, admin)', 'tags', {
      body: CreateTag,
      status: 201,
      errors: [400, 401, 403, 409],
    }),
  },
  '/api/v1/tags/{id}': {
    patch: op('Rename or recolor a tag, or change its kind (supervisor, admin)', 'tags', {
      path: id('id'),
      body: UpdateTag,
      errors: [400, 401, 403, 404, 409],
    }),
    delete: op('Archive a tag: gone from the catalogue and from chats, kept in metrics (supervisor, admin)', 'tags', {
      path: id('id'),
      status: 204,
      errors: [401, 403, 404],
    }),
  },
  '/api/v1/settings/resolution': {
    get: op('Whether a resolve needs a contact reason (supervisor, admin)', 'tags', { errors: [401, 403] }),
    put: op('Set whether a resolve needs a contact reason, for everyone or per department (admin)', 'tags', {
      body: ResolutionSettings,
      errors: [400, 401, 403],
    }),
  },
  '/api/v1/chats/{chatId}/notes': {
    post: op('Write a private note on the chat (never sent to the customer), mentioning attendants', 'chats', {
      path: chat,
      body: NoteBody,
      status: 201,
      ok: 'the note: `{id, chatId, kind, author:{id,name}, content, mentions, createdAt}`',
      errors: [400, 401, 404],
    }),
  },
  '/api/v1/chats/{chatId}/read': {
    post: bodyOptional(
      op('Mark the chat read up to a message (default: its latest); never moves back', 'chats', {
        path: chat,
        body: MarkReadBody,
        ok: '`{"chatId","lastReadMessageId","lastReadAt","unread"}`',
        errors: [400, 401, 404],
      }),
    ),
  },
  '/api/v1/messages': { get: op('Messages, newest first', 'chats', { query: ListMessagesQuery }) },
  '/api/v1/messages/{id}/media': {
    get: op('A message’s file', 'chats', {
      path: id('id'),
      errors: [401, 404, 413],
      ok: 'the file, as an attachment, sandboxed (CSP); a type a browser could run (HTML, SVG, XML, unknown) is `application/octet-stream`',
    }),
  },
  '/api/v1/contacts': {
    get: op('Contacts the caller may read, newest first (`q`: name prefix, phone, e-mail, CPF)', 'contacts', {
      query: ListContactsQuery,
    }),
    post: op('Create a contact (supervisor, admin)', 'contacts', {
      body: CreateContact,
      status: 201,
      errors: [400, 401, 403, 409],
    }),
  },
  '/api/v1/contacts/duplicates': {
    get: op('Pairs of contacts sharing an e-mail or a CPF, with the reasons (supervisor, admin)', 'contacts', {
      errors: [401, 403],
    }),
  },
  '/api/v1/contacts/export': {
    get: op('Every contact as CSV or JSON (supervisor, admin)', 'contacts', {
      query: ExportQuery,
      errors: [400, 401, 403],
    }),
  },
  '/api/v1/contacts/import': {
    post: op('Import contacts from CSV; refused lines are reported by number (supervisor, admin)', 'contacts', {
      body: ImportCsv,
      contentType: 'text/csv',
      ok: '`{"imported", "refused": [{"line", "reason"}]}`',
      errors: [400, 401, 403, 413, 415],
    }),
  },
  '/api/v1/contacts/{id}': {
    get: op('A contact with its sources, identities and chats (newest first)', 'contacts', { path: id('id') }),
    patch: op("Change a contact's fields (attendants: of a chat they hold)", 'contacts', {
      path: id('id'),
      body: UpdateContact,
      errors: [400, 401, 403, 404, 409],
    }),
  },
  '/api/v1/contacts/{id}/export': {
    get: op("A person's data as a ZIP: contact, chats, messages, notes, files, index (supervisor, admin)", 'contacts', {
      path: id('id'),
      ok: '`application/zip`: index.json, contact.json, chats/*.json, files/*',
      errors: [401, 403, 404],
    }),
  },
  '/api/v1/contacts/{id}/erase': {
    post: op('Erase a person: chats kept as anonymous figures, histories crypto-shredded (admin)', 'contacts', {
      path: id('id'),
      body: EraseContact,
      ok: 'the receipt: counts only (a second erasure answers the same)',
      errors: [400, 401, 403, 404, 503],
    }),
  },
  '/api/v1/contacts/{id}/notes': {
    get: op("Private notes of the contact's chats the caller may read, newest first", 'contacts', {
      path: id('id'),
      query: ContactNotesQuery,
      errors: [400, 401, 404],
    }),
  },
  '/api/v1/contacts/{id}/merge': {
    post: op(
      'Merge another contact into this one: its identities and chats move here (supervisor, admin)',
      'contacts',
      {
        path: id('id'),
        body: MergeContact,
      },
    ),
  },
  '/api/v1/queue': {
    get: op('The human queue, in assignment order', 'queue', {
      query: z.object({ department: z.string().optional() }),
    }),
  },
  '/api/v1/routing': {
    get: op('Routing rules', 'queue'),
    put: op('Replace the routing rules (admin)', 'queue', { body: RoutingConfig }),
  },
  '/api/v1/business-hours': {
    get: op('The business calendar: weekly slots, holidays, department overrides', 'queue'),
    put: op('Replace the business calendar (admin)', 'queue', { body: BusinessHoursBody }),
  },
  '/api/v1/sla-policies': {
    get: op('SLA policies, in order (the first that matches a chat is its policy)', 'queue'),
    put: op('Replace the SLA policies (admin; audited)', 'queue', { body: SlaPoliciesBody }),
  },
  '/api/v1/automatic-messages': {
    get: op('The texts Atende sends by itself, as set, with the built-in ones and each key’s variables', 'queue'),
    put: op('Replace the automatic messages (admin)', 'queue', { body: AutomaticMessagesBody }),
  },
  '/api/v1/automatic-messages/preview': {
    post: op('Render one automatic message with example values (supervisor, admin)', 'queue', {
      body: AutomaticMessagePreview,
    }),
  },
  '/api/v1/retention': {
    get: op('How long closed chats, files and audit entries are kept (admin)', 'retention'),
    put: op('Replace the retention settings (admin)', 'retention', { body: RetentionSettingsBody }),
  },
  '/api/v1/retention/run': {
    post: op('Count what a retention run would remove (dryRun=true), or start one now (admin)', 'retention', {
      query: RetentionRunQuery,
      status: 202,
      errors: [400, 401, 403, 503],
    }),
  },
  '/api/v1/events': {
    get: op('Live events (Server-Sent Events)', 'events', { errors: [401], ok: 'text/event-stream' }),
  },
  '/api/v1/metrics': { get: op('Supervisors’ figures', 'metrics', { query: MetricsQuery }) },
  '/api/v1/metrics/series': {
    get: op('One figure per hour or day of the company’s time zone (supervisor, admin)', 'metrics', {
      query: SeriesQuery,
      errors: [400, 401, 403],
      ok: '`{"metric","interval","from","to","timeZone","points":[{"t","value","count"}]}`',
    }),
  },
  '/api/v1/reports/chats.csv': {
    get: op('One CSV row per chat started in the window, streamed (supervisor, admin)', 'metrics', {
      query: ReportQuery,
      errors: [400, 401, 403],
      ok: 'text/csv, UTF-8 with a byte order mark, a header row',
    }),
  },
  '/api/v1/audit': {
    get: op('The audit log, newest first (admin)', 'audit', {
      query: ListAuditQuery,
      errors: [400, 401, 403],
      ok: '`{"items":[{"id","at","actor":{"type","id","name"},"action","target":{"type","id"}|null,"details","ip"}],"nextCursor"}`',
    }),
  },
  '/api/v1/audit.csv': {
    get: op('The audit log as CSV, streamed (admin; itself recorded as `report.exported`)', 'audit', {
      query: AuditCsvQuery,
      errors: [400, 401, 403],
      ok: 'text/csv, UTF-8 with a byte order mark, a header row',
    }),
  },
  '/api/v1/search': {
    get: op('Contacts, chats and messages the caller may read, best first', 'search', {
      query: SearchQuery,
      errors: [400, 401],
      ok: '`{"items":[{"type","id","chatId"?,"contactId"?,"protocol"?,"snippet","at"}],"nextCursor"}`',
    }),
  },
  '/api/v1/me': { patch: op('Set my availability', 'attendants', { body: UpdateMe }) },
  '/api/v1/directory': {
    get: op(
      'Whom a chat can be transferred to: active attendants (id, name, department, available) and departments',
      'attendants',
    ),
  },
  '/api/v1/attendants': {
    get: op('Attendants (admin)', 'attendants'),
    post: op('Create an attendant (admin)', 'attendants', {
      body: CreateAttendant,
      status: 201,
      errors: [400, 401, 403, 409],
    }),
  },
  '/api/v1/attendants/{id}': {
    get: op('An attendant (admin)', 'attendants', { path: id('id') }),
    patch: op('Update an attendant (admin)', 'attendants', { path: id('id'), body: UpdateAttendant }),
    delete: op('Deactivate an attendant (admin)', 'attendants', { path: id('id'), status: 204 }),
  },
  '/api/v1/channels': {
    get: op('Channels (admin; secrets never shown)', 'channels'),
    post: op('Create a channel (admin)', 'channels', {
      body: CreateChannel,
      status: 201,
      errors: [400, 401, 403, 502],
    }),
  },
  '/api/v1/channels/{id}/templates': {
    get: op('A WhatsApp channel’s approved message templates (cached a few minutes; ?refresh=true)', 'channels', {
      path: id('id'),
      query: ListTemplatesQuery,
      ok: '`{"items":[{name, language, category, components, variables:[{name, example}]}]}`',
      errors: [400, 401, 404, 409, 502],
    }),
  },
  '/api/v1/channels/{id}': {
    get: op('A channel (admin)', 'channels', { path: id('id') }),
    patch: op('Update a channel (admin)', 'channels', { path: id('id'), body: UpdateChannel }),
    delete: op('Deactivate a channel (admin)', 'channels', { path: id('id'), status: 204 }),
  },
  '/api/v1/canned-responses': {
    get: op(
      'The canned responses the caller may use: their personal ones, their department’s and all',
      'canned responses',
      {
        query: ListCannedResponsesQuery,
        errors: [400, 401],
        ok: '`{"items":[{"id","shortcut","title","content","scope","department","ownerId","attachment","usageCount","lastUsedAt","canEdit",…}]}`',
      },
    ),
    post: op('Create a canned response (department and all scopes: supervisor, admin)', 'canned responses', {
      body: CreateCannedResponse,
      status: 201,
      errors: [400, 401, 403, 409, 413],
    }),
  },
  '/api/v1/canned-responses/{id}': {
    get: op('A canned response the caller may use', 'canned responses', { path: id('id') }),
    patch: op(
      'Change a canned response (the owner’s personal ones; supervisors, admins: department, all)',
      'canned responses',
      {
        path: id('id'),
        body: UpdateCannedResponse,
        errors: [400, 401, 403, 404, 409, 413],
      },
    ),
    delete: op('Delete a canned response', 'canned responses', { path: id('id'), status: 204 }),
  },
  '/api/v1/webhooks': {
    get: op('Event-webhook subscriptions; never their secrets (admin)', 'webhooks', {
      errors: [401, 403],
      ok: '`{"items":[{"id","url","events","active","secretSet","createdAt","updatedAt"}]}`',
    }),
    post: op('Subscribe a URL to live events, signed with `secret` (admin)', 'webhooks', {
      body: CreateWebhook,
      status: 201,
      errors: [400, 401, 403],
    }),
  },
  '/api/v1/webhooks/{id}': {
    get: op('A subscription (admin)', 'webhooks', { path: id('id') }),
    patch: op('Change the URL, events or secret; pause or resume (admin)', 'webhooks', {
      path: id('id'),
      body: UpdateWebhook,
    }),
    delete: op('Delete a subscription and its deliveries; its workflow is cancelled (admin)', 'webhooks', {
      path: id('id'),
      status: 204,
      errors: [401, 403, 404],
    }),
  },
  '/api/v1/webhooks/{id}/deliveries': {
    get: op('A subscription’s deliveries, newest first, with their attempts (admin)', 'webhooks', {
      path: id('id'),
      query: ListDeliveriesQuery,
      ok: '`{"items":[{"id","eventId","eventType","status","attempts","lastStatusCode","lastError",…}],"nextBefore"}`',
    }),
  },
  '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    post: op('Send a delivery again, for a new retry window (admin)', 'webhooks', {
      path: z.object({ id: z.string(), deliveryId: z.string() }),
      status: 202,
      errors: [401, 403, 404],
    }),
  },
  '/api/v1/trainings': {
    get: op('Knowledge-base trainings', 'trainings', { query: ListTrainingsQuery }),
    post: op('Create a training (admin)', 'trainings', {
      body: CreateTraining,
      status: 201,
      errors: [400, 401, 403, 409],
    }),
  },
  '/api/v1/trainings/{tag}': {
    get: op('A training', 'trainings', { path: id('tag') }),
    put: op('Replace a training (admin)', 'trainings', { path: id('tag'), body: CreateTraining }),
    delete: op('Delete a training (admin)', 'trainings', { path: id('tag'), status: 204 }),
  },
};

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Atende',
      version: '0.1.0',
      description: 'Customer-service conversations: channel webhooks and the attendants’ REST API (docs/api.md).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: bearer,
    paths,
  });
  return cached;
}
