import { z } from 'zod';
import { TimeZone, WorkingHours } from '../../assignment/workingHours';
import { ROLES } from '../../../workflows/types';
import { passwordProblem } from '../../auth/passwordPolicy';
import { HttpError } from '../../http/httpError';

const fields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().transform((e) => e.toLowerCase()),
  phone: z.string().trim().max(40).optional(),
  password: z.string().max(200),
  role: z.enum(ROLES).default('attendant'),
  department: z.string().trim().min(1).max(100).optional(),
  skills: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  maxConcurrent: z.number().int().min(1, 'must be at least 1').max(100).default(5),
  workingHours: WorkingHours.default({}),
  timezone: TimeZone.default('America/Sao_Paulo'),
  active: z.boolean().default(true),
  available: z.boolean().default(false),
};

/** The password policy (src/auth/passwordPolicy.ts), with the person's name and e-mail counted against it. */
function checkPassword(body: { password?: string; name?: string; email?: string }, ctx: z.RefinementCtx) {
  if (body.password === undefined) return;
  const problem = passwordProblem(body.password, [body.name, body.email]);
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
}

/**
 * A new password judged against the person it is for, as stored (a change of
 * the password alone names neither): the same 400 as a schema's refusal.
 */
export function assertPasswordFor(password: string, person: Array<string | null | undefined>): void {
  const problem = passwordProblem(password, person);
  if (!problem) return;
  const issue = { path: 'body.password', message: problem };
  throw new HttpError(400, 'invalid_request', `${issue.path}: ${issue.message}`, [issue]);
}

export const CreateAttendant = z.object(fields).strict().superRefine(checkPassword);
export const UpdateAttendant = z
  .object({
    name: fields.name,
    email: fields.email,
    phone: fields.phone,
    password: fields.password,
    role: fields.role.unwrap(),
    // null: no department; such an attendant takes only chats that nothing routed to a department.
    department: fields.department.unwrap().nullable(),
    skills: fields.skills.unwrap(),
    maxConcurrent: fields.maxConcurrent.unwrap(),
    workingHours: WorkingHours,
    timezone: TimeZone,
    active: fields.active.unwrap(),
    available: fields.available.unwrap(),
  })
  .partial()
  .strict()
  .superRefine(checkPassword);
export const UpdateMe = z.object({ available: z.boolean() }).strict();
