import { useState } from 'preact/hooks';
import type { Api } from '../../api';
import type { Texts } from '../../i18n';
import { AttendantsAdmin } from './AttendantsAdmin';
import { ChannelsAdmin } from './ChannelsAdmin';
import { TrainingsAdmin } from './TrainingsAdmin';
import { TagsAdmin } from './TagsAdmin';
import { RoutingAdmin } from './RoutingAdmin';
import { AutomaticMessagesAdmin, BusinessHoursAdmin } from './CalendarAdmin';
import { AuditAdmin } from './AuditAdmin';
import { RetentionAdmin } from './RetentionAdmin';
import { ApiTokensAdmin } from './ApiTokensAdmin';
import { SlaAdmin } from './SlaAdmin';
import { WebhooksAdmin } from './WebhooksAdmin';

type Section =
  | 'attendants'
  | 'channels'
  | 'trainings'
  | 'tags'
  | 'routing'
  | 'hours'
  | 'messages'
  | 'audit'
  | 'retention'
  | 'tokens'
  | 'webhooks'
  | 'sla';

/** Administration: people and channels (admins), the bot's knowledge (admins and supervisors), as the API allows. */
export function Admin({ api, t, isAdmin }: { api: Api; t: Texts; isAdmin: boolean }) {
  const sections: Section[] = isAdmin
    ? [
        'attendants',
        'channels',
        'trainings',
        'tags',
        'routing',
        'hours',
        'messages',
        'sla',
        'audit',
        'retention',
        'tokens',
        'webhooks',
      ]
    : ['trainings', 'tags'];
  const [section, setSection] = useState<Section>(sections[0]!);
  const names: Record<Section, string> = {
    attendants: t.attendants,
    channels: t.channels,
    trainings: t.trainings,
    tags: t.tagging.catalogue,
    routing: t.routing.title,
    hours: t.calendar.hours,
    messages: t.calendar.messages,
    audit: t.audit.title,
    retention: t.retention.title,
    tokens: t.security.tokens,
    webhooks: t.webhooks.title,
    sla: t.sla.policies,
  };
  return (
    <div class="admin">
      <nav aria-label={t.admin} class="tabs">
        {sections.map((s) => (
          <button key={s} type="button" aria-pressed={section === s} onClick={() => setSection(s)}>
            {names[s]}
          </button>
        ))}
      </nav>
      {section === 'attendants' && <AttendantsAdmin api={api} t={t} />}
      {section === 'channels' && <ChannelsAdmin api={api} t={t} />}
      {section === 'trainings' && <TrainingsAdmin api={api} t={t} />}
      {section === 'routing' && <RoutingAdmin api={api} t={t} />}
      {section === 'tags' && <TagsAdmin api={api} t={t} isAdmin={isAdmin} />}
      {section === 'hours' && <BusinessHoursAdmin api={api} t={t} />}
      {section === 'messages' && <AutomaticMessagesAdmin api={api} t={t} />}
      {section === 'audit' && <AuditAdmin api={api} t={t} />}
      {section === 'retention' && <RetentionAdmin api={api} t={t} />}
      {section === 'tokens' && <ApiTokensAdmin api={api} t={t} />}
      {section === 'webhooks' && <WebhooksAdmin api={api} t={t} />}
      {section === 'sla' && <SlaAdmin api={api} t={t} />}
    </div>
  );
}
