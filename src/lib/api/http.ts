/**
 * The public JSON API's edge: reading a body safely, the error envelope, and turning a zod
 * error into per-field messages in Chinese and English for kiosk users.
 * Errors are `{ "error": { "code", "message", "fields"? } }`; no stack or path ever leaves.
 */
import type { z } from 'astro/zod';
import { bilingual } from '../i18n/dict';
import { cleanStrings } from '../input/hygiene';

export interface Bilingual {
  zh: string;
  en: string;
}

/** A JSON response with the right content type. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/** The error envelope. `message` is bilingual text "中文 / English" for kiosk users. */
export function apiError(
  status: number,
  code: string,
  message: Bilingual,
  fields?: Record<string, Bilingual>,
  headers?: Record<string, string>,
): Response {
  return json(
    { error: { code, message: `${message.zh} / ${message.en}`, ...(fields ? { fields } : {}) } },
    status,
    headers,
  );
}

/** Largest JSON body the API reads (bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/** Whether a Content-Type names JSON (`application/json`, `application/problem+json`…). */
export function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/**
 * Reads a JSON body with a size limit; never throws. A body declared as something else (a form,
 * text) answers 415; every string in it is cleaned (src/lib/input/hygiene.ts) before any schema
 * sees it.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = request.headers.get('content-type');
  if (type !== null && !isJsonType(type))
    return {
      ok: false,
      response: apiError(415, 'unsupported_media_type', bilingual('api.error.unsupported_media_type')),
    };
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  let text: string;
  try {
    const reader = request.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => {});
          return { ok: false, response: tooLarge(maxBytes) };
        }
        chunks.push(value);
      }
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(concat(chunks, size));
  } catch {
    return {
      ok: false,
      response: apiError(400, 'invalid_json', bilingual('api.error.unreadable')),
    };
  }
  try {
    return { ok: true, value: cleanStrings(JSON.parse(text)) };
  } catch {
    return {
      ok: false,
      response: apiError(400, 'invalid_json', bilingual('api.error.invalid_json')),
    };
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

const tooLarge = (max: number) => apiError(413, 'payload_too_large', bilingual('api.error.payload_too_large', { max }));

/**
 * Per-field bilingual messages from a zod error. `labels` gives a field's message per issue
 * code, or one message for any issue on it; unknown keys are reported under their own name.
 */
export function fieldErrors(
  error: z.ZodError,
  labels: Record<string, Bilingual | Partial<Record<string, Bilingual>>> = {},
): Record<string, Bilingual> {
  const fields: Record<string, Bilingual> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
      for (const key of issue.keys) {
        fields[`${prefix}${key}`] ??= bilingual('api.field.unknown');
      }
      continue;
    }
    const field = issue.path.map(String).join('.') || '(body)';
    if (fields[field]) continue;
    const label = labels[field];
    if (label && 'zh' in label && typeof label.zh === 'string') fields[field] = label as Bilingual;
    else if (label && (label as Record<string, Bilingual>)[issue.code])
      fields[field] = (label as Record<string, Bilingual>)[issue.code];
    else fields[field] = genericMessage(issue);
  }
  return fields;
}

function genericMessage(issue: z.core.$ZodIssue): Bilingual {
  if (issue.code === 'invalid_type' && issue.input === undefined) return bilingual('api.field.required');
  if (issue.code === 'invalid_type') return bilingual('api.field.type', { expected: issue.expected });
  if (issue.code === 'invalid_value') return bilingual('api.field.value');
  if (issue.code === 'too_small') return bilingual('api.field.tooSmall', { minimum: String(issue.minimum) });
  if (issue.code === 'too_big') return bilingual('api.field.tooBig', { maximum: String(issue.maximum) });
  return bilingual('api.field.format');
}

/** 400 invalid_input naming every bad field. */
export function invalidInput(error: z.ZodError, labels?: Parameters<typeof fieldErrors>[1]): Response {
  return apiError(400, 'invalid_input', bilingual('api.error.invalid_input'), fieldErrors(error, labels));
}
