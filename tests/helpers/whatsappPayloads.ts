/**
 * Cloud API webhook payloads shaped as Meta documents them
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples).
 */
export const PHONE_NUMBER_ID = '106540352242922';
let counter = 0;

export const wamid = () => `wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTdGN0${Date.now()}${++counter}`;

function envelope(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** A customer's message of `type` with its `fields` (`{ text: { body } }`, `{ image: {...} }`…). */
export function inbound(
  from: string,
  type: string,
  fields: Record<string, unknown>,
  id = wamid(),
  name = 'Sheena Nelson',
) {
  return {
    id,
    payload: envelope({
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type, ...fields }],
    }),
  };
}

export function status(
  id: string,
  recipient: string,
  value: 'sent' | 'delivered' | 'read' | 'failed',
  errors?: object[],
) {
  return envelope({
    statuses: [
      {
        id,
        status: value,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: recipient,
        ...(value !== 'failed'
          ? {
              conversation: { id: 'c1', origin: { type: 'service' } },
              pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
            }
          : {}),
        ...(errors ? { errors } : {}),
      },
    ],
  });
}

/** One payload of each inbound type the contract lists, with the type Atende stores it as. */
export const EVERY_TYPE: Array<{
  type: string;
  fields: Record<string, unknown>;
  stored: string;
  content: string | RegExp;
}> = [
  {
    type: 'text',
    fields: { text: { body: 'Qual o horário de atendimento?' } },
    stored: 'text',
    content: 'Qual o horário de atendimento?',
  },
  {
    type: 'image',
    fields: { image: { caption: 'Comprovante', mime_type: 'image/jpeg', sha256: 'abc', id: 'media-image' } },
    stored: 'image',
    content: 'Comprovante',
  },
  {
    type: 'audio',
    fields: { audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'abc', id: 'media-audio', voice: true } },
    stored: 'audio',
    content: '',
  },
  {
    type: 'video',
    fields: { video: { mime_type: 'video/mp4', sha256: 'abc', id: 'media-video' } },
    stored: 'video',
    content: '',
  },
  {
    type: 'document',
    fields: { document: { filename: 'boleto.pdf', mime_type: 'application/pdf', sha256: 'abc', id: 'media-document' } },
    stored: 'document',
    content: '',
  },
  {
    type: 'sticker',
    fields: { sticker: { mime_type: 'image/webp', sha256: 'abc', id: 'media-sticker', animated: false } },
    stored: 'sticker',
    content: '',
  },
  {
    type: 'location',
    fields: { location: { latitude: -23.5505, longitude: -46.6333, name: 'Sé', address: 'Praça da Sé' } },
    stored: 'location',
    content: /-23\.5505, -46\.6333/,
  },
  {
    type: 'contacts',
    fields: {
      contacts: [
        {
          name: { formatted_name: 'João Silva', first_name: 'João' },
          phones: [{ phone: '+55 11 98888-7777', type: 'CELL' }],
        },
      ],
    },
    stored: 'contact',
    content: 'João Silva +55 11 98888-7777',
  },
  {
    type: 'interactive',
    fields: { interactive: { type: 'button_reply', button_reply: { id: 'opt-1', title: 'Falar com atendente' } } },
    stored: 'interactive',
    content: 'Falar com atendente',
  },
  {
    type: 'interactive',
    fields: {
      interactive: { type: 'list_reply', list_reply: { id: 'row-2', title: 'Segunda via', description: 'boleto' } },
    },
    stored: 'interactive',
    content: 'Segunda via',
  },
  { type: 'button', fields: { button: { text: 'Sim', payload: 'YES' } }, stored: 'interactive', content: 'Sim' },
  {
    type: 'unknown',
    fields: { errors: [{ code: 131051, title: 'Message type unknown' }] },
    stored: 'unsupported',
    content: '',
  },
];

/**
 * One webhook call carrying many customers' text messages, as Meta batches
 * them (up to 1000 updates a call): changes of up to 100 messages each, with
 * their contacts, in the order given.
 */
export function batch(messages: Array<{ from: string; text: string; id?: string }>) {
  const sentAt = String(Math.floor(Date.now() / 1000));
  const all = messages.map((m) => ({ ...m, id: m.id ?? wamid() }));
  const changes = [];
  for (let i = 0; i < all.length; i += 100) {
    const part = all.slice(i, i + 100);
    changes.push(
      envelope({
        contacts: part.map((m) => ({ profile: { name: `Cliente ${m.from}` }, wa_id: m.from })),
        messages: part.map((m) => ({
          from: m.from,
          id: m.id,
          timestamp: sentAt,
          type: 'text',
          text: { body: m.text },
        })),
      }).entry[0]!.changes[0]!,
    );
  }
  return {
    ids: all.map((m) => m.id),
    payload: { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes }] },
  };
}
