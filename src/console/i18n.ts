import type { ChatStatus } from './types';

/** The console speaks Portuguese (Brazil) by default, English on request; the choice is kept per browser. */
export type Lang = 'pt-BR' | 'en';

const pt = {
  signIn: 'Entrar',
  email: 'E-mail',
  password: 'Senha',
  signOut: 'Sair',
  available: 'Disponível',
  unavailable: 'Indisponível',
  inbox: 'Atendimento',
  allChats: 'Todos os chats',
  metrics: 'Métricas',
  queue: 'Fila',
  myChats: 'Meus chats',
  empty: 'Nada por aqui.',
  pickChat: 'Escolha um chat.',
  // Read state and notifications (issue 19).
  enableNotifications: 'Ativar notificações',
  notificationsSetting: 'Notificações',
  notifyAssigned: 'Novo chat para você',
  notifyMessage: 'Nova mensagem de',
  waitingSince: 'aguardando desde',
  claim: 'Assumir',
  release: 'Devolver à fila',
  resolve: 'Resolver',
  resolveNote: 'Nota de resolução (opcional)',
  transfer: 'Transferir',
  transferTo: 'Transferir para',
  departments: 'Departamentos',
  people: 'Pessoas',
  reply: 'Responder',
  replyPlaceholder: 'Escreva a resposta…',
  send: 'Enviar',
  useDraft: 'Usar rascunho do bot',
  botDraft: 'Rascunho do bot',
  history: 'Histórico de status',
  incidents: 'Incidentes',
  intent: 'intenção',
  confidence: 'confiança',
  file: 'arquivo',
  open: 'abrir',
  status: 'Status',
  any: 'todos',
  total: 'Total de chats',
  messages: 'Mensagens',
  byStatus: 'Por status',
  byChannel: 'Por canal',
  containment: 'Resolvidos pelo bot',
  firstResponse: 'Primeira resposta',
  resolution: 'Resolução',
  queueLength: 'Na fila',
  oldestWaiting: 'Espera mais longa',
  load: 'Carga por atendente',
  slaBreaches: 'SLA estourado',
  language: 'Language: English',
  seconds: 's',
  customer: 'Cliente',
  bot: 'Bot',
  attendant: 'Atendente',
  system: 'Sistema',
  admin: 'Administração',
  attendants: 'Atendentes',
  channels: 'Canais',
  trainings: 'Base de conhecimento',
  name: 'Nome',
  role: 'Papel',
  department: 'Departamento',
  skills: 'Habilidades',
  skillsHint: 'Habilidades (separadas por vírgula)',
  capacity: 'Chats ao mesmo tempo',
  timezone: 'Fuso horário (IANA)',
  newPassword: 'Nova senha (em branco: mantém)',
  newAttendant: 'Novo atendente',
  newChannel: 'Novo canal',
  newTraining: 'Novo treinamento',
  edit: 'Editar',
  deactivate: 'Desativar',
  remove: 'Excluir',
  save: 'Salvar',
  cancel: 'Cancelar',
  inactive: 'inativo',
  active: 'Ativo',
  type: 'Tipo',
  webhook: 'Webhook',
  secretsSet: 'Segredos definidos',
  keepSecret: 'em branco: mantém o atual',
  tag: 'Tag',
  group: 'Grupo',
  documents: 'Documentos',
  documentsHint: 'Documentos (um por bloco; uma linha em branco separa)',
  finished: 'Em uso',
  finishedHint: 'Pronto: o bot usa este treinamento',
  yes: 'sim',
  no: 'não',
  loadMore: 'Carregar mais',
  search: 'Buscar',
  searchLabel: 'Buscar contatos, chats e mensagens',
  searchPlaceholder: 'Nome, telefone, CPF, protocolo…',
  searchResults: 'Resultados da busca',
  searchAll: 'Tudo',
  noResults: 'Nada encontrado.',
  searchHint: 'Digite o que procura: nome, telefone, CPF, e-mail, protocolo ou palavras de uma mensagem.',
  contacts: 'Contatos',
  chats: 'Chats',
  contact: 'Contato',
  chat: 'Chat',
  phone: 'Telefone',
  cpf: 'CPF',
  attributes: 'Outros dados',
  attributesHint: 'Outros dados (um por linha: chave=valor)',
  identities: 'Canais',
  contactChats: 'Chats deste contato',
  thisChat: 'este chat',
  protocol: 'Protocolo',
  editContact: 'Editar contato',
  openContact: 'Abrir página do contato',
  contactSaved: 'Contato salvo.',
  alreadyExists: 'Já existe outro contato com este dado.',
  alreadyExistsField: 'pertence a outro contato',
  noContact: 'Sem contato.',
  notFound: 'Não encontrado.',
  contactsFilter: 'Filtrar contatos',
  startedAt: 'início',
  closedAt: 'fim',
  fieldSource: 'origem',
  openChat: 'Abrir chat',
};

const en: typeof pt = {
  signIn: 'Sign in',
  email: 'E-mail',
  password: 'Password',
  signOut: 'Sign out',
  available: 'Available',
  unavailable: 'Unavailable',
  inbox: 'Inbox',
  allChats: 'All chats',
  metrics: 'Metrics',
  queue: 'Queue',
  myChats: 'My chats',
  empty: 'Nothing here.',
  pickChat: 'Pick a chat.',
  // Read state and notifications (issue 19).
  enableNotifications: 'Enable notifications',
  notificationsSetting: 'Notifications',
  notifyAssigned: 'A new chat for you',
  notifyMessage: 'New message from',
  waitingSince: 'waiting since',
  claim: 'Claim',
  release: 'Back to the queue',
  resolve: 'Resolve',
  resolveNote: 'Resolution note (optional)',
  transfer: 'Transfer',
  transferTo: 'Transfer to',
  departments: 'Departments',
  people: 'People',
  reply: 'Reply',
  replyPlaceholder: 'Write the reply…',
  send: 'Send',
  useDraft: "Use the bot's draft",
  botDraft: "Bot's draft",
  history: 'Status history',
  incidents: 'Incidents',
  intent: 'intent',
  confidence: 'confidence',
  file: 'file',
  open: 'open',
  status: 'Status',
  any: 'any',
  total: 'Chats',
  messages: 'Messages',
  byStatus: 'By status',
  byChannel: 'By channel',
  containment: 'Resolved by the bot',
  firstResponse: 'First response',
  resolution: 'Resolution',
  queueLength: 'In the queue',
  oldestWaiting: 'Longest wait',
  load: 'Load per attendant',
  slaBreaches: 'SLA breaches',
  language: 'Idioma: português',
  seconds: 's',
  customer: 'Customer',
  bot: 'Bot',
  attendant: 'Attendant',
  system: 'System',
  admin: 'Administration',
  attendants: 'Attendants',
  channels: 'Channels',
  trainings: 'Knowledge base',
  name: 'Name',
  role: 'Role',
  department: 'Department',
  skills: 'Skills',
  skillsHint: 'Skills (comma-separated)',
  capacity: 'Chats at a time',
  timezone: 'Time zone (IANA)',
  newPassword: 'New password (blank: keep)',
  newAttendant: 'New attendant',
  newChannel: 'New channel',
  newTraining: 'New training',
  edit: 'Edit',
  deactivate: 'Deactivate',
  remove: 'Delete',
  save: 'Save',
  cancel: 'Cancel',
  inactive: 'inactive',
  active: 'Active',
  type: 'Type',
  webhook: 'Webhook',
  secretsSet: 'Secrets set',
  keepSecret: 'blank: keep the current one',
  tag: 'Tag',
  group: 'Group',
  documents: 'Documents',
  documentsHint: 'Documents (one per block; a blank line separates them)',
  finished: 'In use',
  finishedHint: 'Finished: the bot uses this training',
  yes: 'yes',
  no: 'no',
  loadMore: 'Load more',
  search: 'Search',
  searchLabel: 'Search contacts, chats and messages',
  searchPlaceholder: 'Name, phone, CPF, protocol…',
  searchResults: 'Search results',
  searchAll: 'All',
  noResults: 'Nothing found.',
  searchHint: 'Type what you are looking for: a name, phone, CPF, e-mail, protocol or words of a message.',
  contacts: 'Contacts',
  chats: 'Chats',
  contact: 'Contact',
  chat: 'Chat',
  phone: 'Phone',
  cpf: 'CPF',
  attributes: 'Other data',
  attributesHint: 'Other data (one per line: key=value)',
  identities: 'Channels',
  contactChats: "This contact's chats",
  thisChat: 'this chat',
  protocol: 'Protocol',
  editContact: 'Edit contact',
  openContact: "Open the contact's page",
  contactSaved: 'Contact saved.',
  alreadyExists: 'Another contact already has this.',
  alreadyExistsField: 'belongs to another contact',
  noContact: 'No contact.',
  notFound: 'Not found.',
  contactsFilter: 'Filter contacts',
  startedAt: 'started',
  closedAt: 'ended',
  fieldSource: 'source',
  openChat: 'Open chat',
};

const STATUS: Record<Lang, Record<ChatStatus, string>> = {
  'pt-BR': {
    waiting: 'aguardando',
    in_progress: 'com o bot',
    waiting_customer: 'aguardando cliente',
    waiting_attendant: 'com atendente',
    transferred: 'na fila',
    resolved: 'resolvido',
    cancelled: 'cancelado',
  },
  en: {
    waiting: 'waiting',
    in_progress: 'with the bot',
    waiting_customer: 'waiting for the customer',
    waiting_attendant: 'with an attendant',
    transferred: 'in the queue',
    resolved: 'resolved',
    cancelled: 'cancelled',
  },
};

const DELIVERY: Record<Lang, Record<string, string>> = {
  'pt-BR': { pending: 'enviando', sent: 'enviada', delivered: 'entregue', read: 'lida', failed: 'falhou' },
  en: { pending: 'sending', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' },
};

const ROLE: Record<Lang, Record<string, string>> = {
  'pt-BR': { admin: 'administrador', supervisor: 'supervisor', attendant: 'atendente' },
  en: { admin: 'admin', supervisor: 'supervisor', attendant: 'attendant' },
};

const CHANNEL_FIELD: Record<Lang, Record<string, string>> = {
  'pt-BR': {
    secret: 'Segredo (HMAC)',
    callbackUrl: 'URL de callback',
    botToken: 'Token do bot (BotFather)',
    mode: 'Modo',
    phoneNumberId: 'ID do número de telefone',
    accessToken: 'Token de acesso',
    appSecret: 'Segredo do app',
    verifyToken: 'Token de verificação',
  },
  en: {
    secret: 'Secret (HMAC)',
    callbackUrl: 'Callback URL',
    botToken: 'Bot token (BotFather)',
    mode: 'Mode',
    phoneNumberId: 'Phone number ID',
    accessToken: 'Access token',
    appSecret: 'App secret',
    verifyToken: 'Verify token',
  },
};

export type Texts = typeof pt & {
  /** A chat's unread customer messages, for assistive technology ("3 não lidas"). */
  unread_: (n: number) => string;
  status_: (s: string) => string;
  role_: (s: string) => string;
  channelField: (key: string) => string;
  confirmDeactivate: (name: string) => string;
  confirmDelete: (name: string) => string;
  delivery_: (s: string) => string;
  time: (iso: string) => string;
  searchType: (type: string) => string;
  /** Where a contact field's value came from, in words. */
  source_: (source: { source: string; at?: string }, who: (attendantId: string) => string | null) => string;
  channelType_: (type: string) => string;
};

const SOURCE: Record<Lang, Record<string, string>> = {
  'pt-BR': {
    message: 'lido pelo bot na mensagem do cliente',
    channel: 'informado pelo canal',
    import: 'importado',
    api: 'pela API',
    merge: 'de uma junção de contatos',
  },
  en: {
    message: "read by the bot in the customer's message",
    channel: 'given by the channel',
    import: 'imported',
    api: 'through the API',
    merge: 'from a contact merge',
  },
};

const CHANNEL_TYPE: Record<string, string> = { api: 'API', telegram: 'Telegram', whatsapp: 'WhatsApp' };

export function texts(lang: Lang): Texts {
  const dict = lang === 'en' ? en : pt;
  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  return {
    ...dict,
    status_: (s) => STATUS[lang][s as ChatStatus] ?? s,
    unread_: (n) => (lang === 'en' ? `${n} unread` : `${n} ${n === 1 ? 'não lida' : 'não lidas'}`),
    delivery_: (s) => DELIVERY[lang][s] ?? s,
    role_: (s) => ROLE[lang][s] ?? s,
    channelField: (key) => CHANNEL_FIELD[lang][key] ?? key,
    confirmDeactivate: (name) =>
      lang === 'en'
        ? `Deactivate ${name}? Their open chats go back to the queue.`
        : `Desativar ${name}? Os chats abertos voltam para a fila.`,
    confirmDelete: (name) => (lang === 'en' ? `Delete ${name}?` : `Excluir ${name}?`),
    time: (iso) => time.format(new Date(iso)),
    searchType: (type) => ({ contacts: dict.contacts, chats: dict.chats, messages: dict.messages })[type] ?? type,
    source_: (source, who) => {
      const when = source.at ? ` · ${time.format(new Date(source.at))}` : '';
      if (source.source === 'attendant') {
        const name =
          who(String((source as { attendantId?: unknown }).attendantId ?? '')) ?? dict.attendant.toLowerCase();
        return `${lang === 'en' ? 'edited by' : 'editado por'} ${name}${when}`;
      }
      const by = (source as { attendantId?: unknown }).attendantId;
      const name = typeof by === 'string' ? who(by) : null;
      return `${SOURCE[lang][source.source] ?? source.source}${name ? ` ${lang === 'en' ? 'by' : 'por'} ${name}` : ''}${when}`;
    },
    channelType_: (type) => CHANNEL_TYPE[type] ?? type,
  };
}

export function savedLang(): Lang {
  return localStorage.getItem('atende.lang') === 'en' ? 'en' : 'pt-BR';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem('atende.lang', lang);
  document.documentElement.lang = lang;
}
