// Field readers for untrusted JSON (configs, manifests, registry replies): each takes `unknown`,
// checks one field's type and throws an invalid-argument error naming the document and the field.
import { berthError } from './berthError';

export type JsonObject = { readonly [key: string]: unknown };

export function asObject(value: unknown, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw berthError('invalid-argument', `${where}: expected a JSON object`);
  }
  return value as JsonObject;
}

export function parseJsonObject(bytes: Uint8Array | string, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw berthError('invalid-argument', `${where}: not valid JSON (${(err as Error).message})`, err);
  }
  return asObject(value, where);
}

export function readString(obj: JsonObject, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw berthError('invalid-argument', `${where}: field ${key} must be a string`);
  return value;
}

export function readOptionalString(obj: JsonObject, key: string, where: string): string | undefined {
  return obj[key] === undefined ? undefined : readString(obj, key, where);
}

export function readNumber(obj: JsonObject, key: string, where: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw berthError('invalid-argument', `${where}: field ${key} must be a non-negative integer`);
  }
  return value;
}

export function readArray(obj: JsonObject, key: string, where: string): readonly unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) throw berthError('invalid-argument', `${where}: field ${key} must be an array`);
  return value;
}

export function readOptionalStringArray(obj: JsonObject, key: string, where: string): string[] | undefined {
  if (obj[key] === undefined || obj[key] === null) return undefined;
  return readArray(obj, key, where).map((item, i) => {
    if (typeof item !== 'string') throw berthError('invalid-argument', `${where}: ${key}[${i}] must be a string`);
    return item;
  });
}

export function readStringMap(obj: JsonObject, key: string, where: string): Record<string, string> | undefined {
  if (obj[key] === undefined || obj[key] === null) return undefined;
  const map = asObject(obj[key], `${where}: ${key}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') throw berthError('invalid-argument', `${where}: ${key}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}
