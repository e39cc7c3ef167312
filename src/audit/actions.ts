/**
 * Every action the audit log records, by area. A new audited change adds
 * its name here (the list is what GET /api/v1/audit?action= accepts and what
 * docs/api.md documents).
 */
export const AUDIT_ACTIONS = [
  // sessions and accounts
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.refresh_reuse',
  'auth.password_changed',
  'auth.password_reset_issued',
  'auth.password_reset_used',
  'auth.2fa_enabled',
  'auth.2fa_disabled',
  'auth.2fa_recovery_used',
  // people and configuration
  'attendant.created',
  'attendant.updated',
  'attendant.role_changed',
  'attendant.deactivated',
  'channel.created',
  'channel.updated',
  'channel.secret_rotated',
  'channel.deleted',
  'routing.updated',
  'settings.updated',
  'business_hours.updated',
  'automatic_messages.updated',
  'sla_policies.updated',
  'training.created',
  'training.updated',
  'training.deleted',
  'tag.created',
  'tag.updated',
  'tag.deleted',
  'canned_response.created',
  'canned_response.updated',
  'canned_response.deleted',
  // customers' data
  'contact.merged',
  'contact.exported',
  'contact.erased',
  'report.exported',
  'retention.run',
  'retention.updated',
  // integrations
  'api_token.created',
  'api_token.revoked',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.redelivered',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
