import type { Logger } from 'pino';
import { z } from 'zod';
import { PRIORITIES } from '../../workflows/types';
import { INTENTS, type IntentVerdict } from '../../workflows/botTypes';
import type { Classifier } from './classifier';

export interface OpenAiCompatibleOptions {
  /** The API's base URL, e.g. "https://api.openai.com/v1"; `/chat/completions` is appended. */
  baseUrl: string;
  /** A secret: sent as `Authorization: Bearer …` when set, never logged. */
  apiKey?: string;
  model: string;
  /** The whole request, body included; past it the fallback answers. */
  timeoutMs: number;
}

const INTENT_MEANINGS: Record<(typeof INTENTS)[number], string> = {
  greeting: 'a greeting only ("oi", "bom dia", "hello")',
  thanks: 'thanks only ("obrigado", "valeu", "thanks")',
  human_request: 'asks to talk to a person (attendant, human, operator, someone real)',
  complaint: 'frustration or dissatisfaction, or says the previous answer did not help',
  billing: 'invoices, bills, boletos, payments, receipts, a copy of a bill',
  plan_change: 'upgrading, downgrading or changing the plan or subscription',
  cancellation: 'wants to cancel the service, the plan or the subscription',
  technical: 'problems with access, login, password, the app, the system or the connection',
  question: 'any other question about the company, its products or its services',
  protocol: 'asks for the protocol number or ticket number of this conversation',
  unknown: 'unrelated to the company, or impossible to tell',
};

const SYSTEM_PROMPT = [
  'You classify one message from a customer of a customer-service desk. Messages are in Portuguese or English.',
  'Intents (pick exactly one):',
  ...INTENTS.map((intent) => `- ${intent}: ${INTENT_MEANINGS[intent]}`),
  `Priorities: ${PRIORITIES.join(', ')}. Use "high" for problems that stop the customer from using the service, "urgent" only when the customer says it is urgent and the service is down, "low" for greetings and thanks, otherwise "normal".`,
  'confidence is a number from 0 to 1: how sure you are of the intent.',
  'language is "pt" for Portuguese (also when unsure) or "en" for English.',
  'Answer with a JSON object and nothing else, exactly of this shape:',
  '{"intent": "<intent>", "priority": "<priority>", "confidence": <number>, "language": "pt" | "en"}',
].join('\n');

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const VerdictSchema = z.object({
  intent: z.enum(INTENTS),
  priority: z.enum(PRIORITIES),
  confidence: z.number().min(0).max(1),
  language: z.enum(['pt', 'en']),
});

/** Why the endpoint's answer was not used; the only detail ever logged, with an HTTP status. */
type FailureKind = 'timeout' | 'network' | 'http_status' | 'bad_response' | 'bad_json' | 'bad_verdict';

class EndpointFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status?: number,
  ) {
    super(kind);
  }
}

/**
 * Classifies with any OpenAI-compatible chat-completions API (OpenAI, Ollama,
 * vLLM, LiteLLM…). The endpoint is optional help, never a dependency: on any
 * failure the fallback classifier answers, and only the kind of failure is
 * logged — never the API key, never the customer's text, never the response.
 */
export class OpenAiCompatibleClassifier implements Classifier {
  private readonly url: string;

  constructor(
    private readonly options: OpenAiCompatibleOptions,
    private readonly fallback: Classifier,
    private readonly logger: Logger,
  ) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  async classify(text: string): Promise<IntentVerdict> {
    const fallbackVerdict = await this.fallback.classify(text);
    // A request for a person must never be lost. The built-in keyword rule has
    // recall 1.0 for human_request on our labelled set; a model is not
    // guaranteed to, so when the fallback hears a request for a person its
    // verdict wins whatever the endpoint would say — and the endpoint is not
    // asked at all, as its answer could not change the result.
    if (fallbackVerdict.intent === 'human_request') return fallbackVerdict;
    try {
      return await this.ask(text);
    } catch (err) {
      const failure = toFailure(err);
      this.logger.warn(
        { llm: { model: this.options.model, failure: failure.kind, status: failure.status, code: failure.code } },
        'LLM classifier failed; using the keyword classifier',
      );
      return fallbackVerdict;
    }
  }

  private async ask(text: string): Promise<IntentVerdict> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const response = await fetch(this.url, {
      method: 'POST',
      headers,
      // A redirect would be a misconfigured URL; following it could carry the key elsewhere.
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs),
      body: JSON.stringify({
        model: this.options.model,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: text },
        ],
      }),
    });
    if (!response.ok) {
      // Free the connection without reading a body we will not use.
      await response.body?.cancel().catch(() => undefined);
      throw new EndpointFailure('http_status', response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (err) {
      if (isAbortOrNetwork(err)) throw err;
      throw new EndpointFailure('bad_response', response.status);
    }
    const completion = CompletionSchema.safeParse(body);
    if (!completion.success) throw new EndpointFailure('bad_response', response.status);
    let content: unknown;
    try {
      content = JSON.parse(completion.data.choices[0]!.message.content);
    } catch {
      throw new EndpointFailure('bad_json', response.status);
    }
    const verdict = VerdictSchema.safeParse(content);
    if (!verdict.success) throw new EndpointFailure('bad_verdict', response.status);
    return verdict.data;
  }
}

/** Fetch's errors may come from another realm (a VM context): tell them by name, not `instanceof`. */
function errorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { name?: unknown }).name === 'string'
    ? (err as { name: string }).name
    : undefined;
}

function isTimeout(err: unknown): boolean {
  const name = errorName(err);
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A timeout or a broken connection while reading the body (fetch rejects with a TypeError), not bad JSON. */
function isAbortOrNetwork(err: unknown): boolean {
  return isTimeout(err) || errorName(err) === 'TypeError';
}

/** The loggable part of an error: its kind, an HTTP status, a system error code such as ECONNREFUSED. */
function toFailure(err: unknown): { kind: FailureKind; status?: number; code?: string } {
  if (err instanceof EndpointFailure) return { kind: err.kind, status: err.status };
  if (isTimeout(err)) return { kind: 'timeout' };
  const cause = typeof err === 'object' && err !== null ? (err as { cause?: { code?: unknown } }).cause : undefined;
  const code = typeof cause?.code === 'string' && /^[A-Z0-9_]+$/.test(cause.code) ? cause.code : undefined;
  return { kind: 'network', code };
}
