import { z } from 'zod';
import { AttachmentBody } from '../../media/attachmentBody';
import { CANNED_VARIABLES } from '../../cannedResponses/variables';
import { unknownVariables } from '../../text/template';

export const CANNED_SCOPES = ['personal', 'department', 'all'] as const;
export type CannedScope = (typeof CANNED_SCOPES)[number];

const Shortcut = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{1,32}$/, 'must be 1 to 32 lowercase letters, digits, "_" or "-"');
const Title = z.string().trim().min(1).max(100);
const Department = z.string().trim().min(1).max(100);

/** Text whose every `{{variable}}` is one of CANNED_VARIABLES; the 400 names the first unknown one. */
export const CannedContent = z
  .string()
  .trim()
  .max(4096)
  .superRefine((text, ctx) => {
    const [unknown] = unknownVariables(text, CANNED_VARIABLES);
    if (unknown !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown variable {{${unknown}}}; known: ${CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`,
      });
    }
  });

/** `department` goes with the department scope, and only with it. */
function departmentMatchesScope(
  body: { scope?: CannedScope; department?: string | null },
  ctx: z.RefinementCtx,
  scope: CannedScope | undefined,
) {
  if (scope === 'department' && !body.department) {
    ctx.addIssue({ code: 'custom', path: ['department'], message: 'required for the department scope' });
  }
  if (scope !== undefined && scope !== 'department' && body.department) {
    ctx.addIssue({ code: 'custom', path: ['department'], message: 'only for the department scope' });
  }
}

export const CreateCannedResponse = z
  .object({
    shortcut: Shortcut,
    title: Title,
    content: CannedContent.default(''),
    attachment: AttachmentBody.optional(),
    scope: z.enum(CANNED_SCOPES).default('personal'),
    department: Department.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.content === '' && !body.attachment) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'give content, an attachment or both' });
    }
    departmentMatchesScope(body, ctx, body.scope);
  });

/** Any of the fields; `attachment: null` removes the file. Scope and department are checked together with what is stored. */
export const UpdateCannedResponse = z
  .object({
    shortcut: Shortcut.optional(),
    title: Title.optional(),
    content: CannedContent.optional(),
    attachment: AttachmentBody.nullable().optional(),
    scope: z.enum(CANNED_SCOPES).optional(),
    department: Department.nullable().optional(),
  })
  .strict();

export const ListCannedResponsesQuery = z
  .object({
    /** Part of the shortcut or title, case- and accent-insensitive. */
    q: z.string().trim().max(100).optional(),
    scope: z.enum(CANNED_SCOPES).optional(),
  })
  .strict();
