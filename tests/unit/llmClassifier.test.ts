import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { KeywordClassifier, classifyText } from '../../src/bot/classifier';
import { createClassifier } from '../../src/bot/createClassifier';
import { OpenAiCompatibleClassifier } from '../../src/bot/llmClassifier';
import { loadConfig } from '../../src/config/env';

const API_KEY = 'sk-test-0123456789abcdefSECRET';
const MODEL = 'test-model-1';
const TIMEOUT_MS = 200;

/** The keywords see no topic ("sair" is not a cue); a model would rightly say cancellation. */
const CANCEL_TEXT = 'quero sair, como faço?';
/** The keywords say human_request. */
const PERSON_TEXT = 'isso não ajudou, quero falar com um atendente';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let requests: Recorded[];
let logLines: string[];

function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  });
}

function answerWith(status: number, body: string): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
}

function answerVerdict(verdict: object): Handler {
  return answerWith(200, completion(JSON.stringify(verdict)));
}

/** `apiKey: null` for no key at all. */
function makeClassifier(opts: { url?: string; apiKey?: string | null } = {}): OpenAiCompatibleClassifier {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const apiKey = opts.apiKey === null ? undefined : (opts.apiKey ?? API_KEY);
  return new OpenAiCompatibleClassifier(
    { baseUrl: opts.url ?? baseUrl, apiKey, model: MODEL, timeoutMs: TIMEOUT_MS },
    new KeywordClassifier(),
    logger,
  );
}

interface LogEntry {
  level: number;
  llm?: { failure?: string; status?: number; code?: string };
}

function warnings(): LogEntry[] {
  return logLines.map((l) => JSON.parse(l) as LogEntry).filter((l) => l.level === 40);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A trailing slash, to check it is not doubled.
  baseUrl = `http://127.0.0.1:${port}/v1/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

beforeEach(() => {
  requests = [];
  logLines = [];
  handler = answerWith(500, '{}');
});

test('the examples tell endpoint and fallback apart', () => {
  expect(classifyText(CANCEL_TEXT).intent).toBe('unknown');
  expect(classifyText(PERSON_TEXT).intent).toBe('human_request');
});

test("a valid answer is used, and the request carries the model, the key and the customer's text", async () => {
  handler = answerVerdict({ intent: 'cancellation', priority: 'normal', confidence: 0.87, language: 'pt' });
  const verdict = await makeClassifier().classify(CANCEL_TEXT);
  expect(verdict).toEqual({ intent: 'cancellation', priority: 'normal', confidence: 0.87, language: 'pt' });

  expect(requests).toHaveLength(1);
  const [request] = requests;
  expect(request!.method).toBe('POST');
  expect(request!.url).toBe('/v1/chat/completions');
  expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  expect(request!.headers['content-type']).toMatch(/application\/json/);
  const body = request!.body as {
    model: string;
    temperature: number;
    response_format: unknown;
    messages: Array<{ role: string; content: string }>;
  };
  expect(body.model).toBe(MODEL);
  expect(body.temperature).toBe(0);
  expect(body.response_format).toEqual({ type: 'json_object' });
  expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
  expect(body.messages[1]!.content).toBe(CANCEL_TEXT);
  for (const intent of ['human_request', 'complaint', 'cancellation', 'technical', 'question', 'unknown']) {
    expect(body.messages[0]!.content).toContain(intent);
  }
  expect(warnings()).toEqual([]);
});

test('without a key no Authorization header is sent', async () => {
  handler = answerVerdict({ intent: 'cancellation', priority: 'normal', confidence: 0.9, language: 'pt' });
  await makeClassifier({ apiKey: null }).classify(CANCEL_TEXT);
  expect(requests[0]!.headers.authorization).toBeUndefined();
});

test('a 500 falls back to the keyword verdict, logging the status', async () => {
  handler = answerWith(500, '{"error":"boom"}');
  expect(await makeClassifier().classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  expect(requests).toHaveLength(1);
  expect(warnings()).toEqual([
    expect.objectContaining({ llm: expect.objectContaining({ failure: 'http_status', status: 500 }) }),
  ]);
});

test('an answer slower than the timeout falls back', async () => {
  handler = (_req, res) => {
    const timer = setTimeout(
      () => answerVerdict({ intent: 'cancellation', priority: 'normal', confidence: 0.9, language: 'pt' })(_req, res),
      TIMEOUT_MS * 5,
    );
    res.on('close', () => clearTimeout(timer));
  };
  expect(await makeClassifier().classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  expect(warnings()).toEqual([expect.objectContaining({ llm: expect.objectContaining({ failure: 'timeout' }) })]);
});

test('content that is not JSON falls back', async () => {
  handler = answerWith(200, completion('The intent is cancellation.'));
  expect(await makeClassifier().classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  expect(warnings()).toEqual([expect.objectContaining({ llm: expect.objectContaining({ failure: 'bad_json' }) })]);
});

test('a body that is not a chat completion falls back', async () => {
  handler = answerWith(200, '<html>gateway</html>');
  expect(await makeClassifier().classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  handler = answerWith(200, JSON.stringify({ choices: [] }));
  expect(await makeClassifier().classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  expect(warnings().map((w) => w.llm?.failure)).toEqual(['bad_response', 'bad_response']);
});

test.each([
  ['an unknown intent', { intent: 'refund', priority: 'normal', confidence: 0.9, language: 'pt' }],
  ['a confidence of 3', { intent: 'cancellation', priority: 'normal', confidence: 3, language: 'pt' }],
  ['an unknown priority', { intent: 'cancellation', priority: 'critical', confidence: 0.9, language: 'pt' }],
  ['an unknown language', { intent: 'cancellation', priority: 'normal', confidence: 0.9, language: 'es' }],
  ['a missing field', { intent: 'cancellation', priority: 'normal', language: 'pt' }],
])('JSON with %s falls back', async (_name, verdict) => {
  handler = answerVerdict(verdict);
  expect(await makeClassifier().classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  expect(warnings()).toEqual([expect.objectContaining({ llm: expect.objectContaining({ failure: 'bad_verdict' }) })]);
});

test('a refused connection falls back', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  expect(await makeClassifier({ url: `http://127.0.0.1:${port}/v1` }).classify(CANCEL_TEXT)).toEqual(
    classifyText(CANCEL_TEXT),
  );
  expect(warnings()).toEqual([
    expect.objectContaining({ llm: expect.objectContaining({ failure: 'network', code: 'ECONNREFUSED' }) }),
  ]);
});

test('when the keywords hear a request for a person, human_request wins over the endpoint', async () => {
  handler = answerVerdict({ intent: 'complaint', priority: 'high', confidence: 0.99, language: 'pt' });
  const verdict = await makeClassifier().classify(PERSON_TEXT);
  expect(verdict.intent).toBe('human_request');
  expect(verdict).toEqual(classifyText(PERSON_TEXT));
  // Its answer could not change the result, so it is not even asked.
  expect(requests).toHaveLength(0);
});

test('the endpoint may find a request for a person the keywords missed', async () => {
  const text = 'quero resolver isso com quem entende';
  expect(classifyText(text).intent).not.toBe('human_request');
  handler = answerVerdict({ intent: 'human_request', priority: 'normal', confidence: 0.8, language: 'pt' });
  expect((await makeClassifier().classify(text)).intent).toBe('human_request');
});

test("neither the API key nor the customer's text is ever logged", async () => {
  const classifier = makeClassifier();
  handler = answerWith(401, JSON.stringify({ error: `invalid key ${API_KEY} for ${CANCEL_TEXT}` }));
  await classifier.classify(CANCEL_TEXT);
  handler = answerWith(200, completion(`not json: ${API_KEY} ${CANCEL_TEXT}`));
  await classifier.classify(CANCEL_TEXT);
  handler = answerVerdict({ intent: CANCEL_TEXT, priority: API_KEY, confidence: 0.5, language: 'pt' });
  await classifier.classify(CANCEL_TEXT);
  await makeClassifier({ url: 'http://127.0.0.1:1/v1' }).classify(CANCEL_TEXT);

  expect(warnings()).toHaveLength(4);
  const written = logLines.join('');
  expect(written).not.toContain(API_KEY);
  expect(written).not.toContain('SECRET');
  expect(written).not.toContain('cancelar');
});

describe('createClassifier', () => {
  const logger = pino({ level: 'silent' });

  test('is the keyword classifier by default', () => {
    expect(createClassifier(loadConfig({}), logger)).toBeInstanceOf(KeywordClassifier);
  });

  test('uses the endpoint, with the keywords as fallback, when BOT_LLM_URL is set', async () => {
    const config = loadConfig({
      BOT_LLM_URL: baseUrl,
      BOT_LLM_API_KEY: API_KEY,
      BOT_LLM_MODEL: MODEL,
      BOT_LLM_TIMEOUT_MS: '500',
    });
    const classifier = createClassifier(config, logger);
    expect(classifier).toBeInstanceOf(OpenAiCompatibleClassifier);

    handler = answerVerdict({ intent: 'cancellation', priority: 'normal', confidence: 0.9, language: 'pt' });
    expect((await classifier.classify(CANCEL_TEXT)).intent).toBe('cancellation');
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect((requests[0]!.body as { model: string }).model).toBe(MODEL);

    handler = answerWith(503, '');
    expect(await classifier.classify(CANCEL_TEXT)).toEqual(classifyText(CANCEL_TEXT));
  });
});
