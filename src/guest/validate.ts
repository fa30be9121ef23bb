/**
 * Checks a value against the guest spec's schema (guest/spec.ts) and turns the first
 * problem into a GuestConfigError naming the field: missing required fields first,
 * then unknown fields (with the nearest known name), then wrong values.
 * Loaded on first use: the validator library loads with it.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { ValueError } from '@sinclair/typebox/errors';
import type { TSchema } from '@sinclair/typebox';
import { GuestConfigError, cutList } from './errors';
import { GuestSpecSchema, GuestCPUSchema } from './spec';
import { nearest } from './nearest';
import type { GuestSpec, GuestCPU } from './spec';

/** `/disks/0/path` -> `disks[0].path` (below `root`, when given). */
function fieldName(pointer: string, root: string): string {
  let out = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
  }
  return out;
}

function reasonFor(e: ValueError): { reason: string; supported?: string[] } {
  const s = e.schema as { errorMessage?: string; enum?: string[]; type?: string; minimum?: number };
  if (s.errorMessage) return { reason: s.errorMessage };
  if (s.enum) return { reason: `must be one of ${s.enum.join(', ')}`, supported: [...s.enum] };
  switch (s.type) {
    case 'object': return { reason: 'must be an object' };
    case 'array': return { reason: 'must be an array' };
    case 'string': return { reason: 'must be a string' };
    case 'boolean': return { reason: 'must be true or false' };
    case 'integer': return { reason: s.minimum === undefined ? 'must be an integer' : `must be an integer of at least ${s.minimum}` };
    default: return { reason: e.message };
  }
}

function toError(e: ValueError, root: string, schema: TSchema): GuestConfigError {
  const field = fieldName(e.path, root) || root || 'spec';
  const parent = e.path.split('/').slice(0, -1).join('/');
  const where = fieldName(parent, root) || root || 'spec';
  const key = e.path.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
  if (e.type === ValueErrorType.ObjectRequiredProperty) {
    const required = (schemaAt(schema, parent) as { required?: string[] } | undefined)?.required ?? [];
    return new GuestConfigError(field, undefined, 'is required', undefined, `missing field '${key}' in ${where}${required.length ? ` (required: ${required.join(', ')})` : ''}`);
  }
  if (e.type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys((e.schema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
    const guess = nearest(key, known);
    const tail = guess ? `; did you mean '${guess}'?` : `; known fields: ${cutList(known, 'fields')}`;
    return new GuestConfigError(field, e.value, `is not a field of ${where}`, known, `unknown field '${key}' in ${where}${tail}`);
  }
  const { reason, supported } = reasonFor(e);
  return new GuestConfigError(field, e.value, reason, supported);
}
/** The schema at a JSON pointer into the value (array indexes step into `items`). */
function schemaAt(schema: TSchema, pointer: string): TSchema | undefined {
  let s: TSchema | undefined = schema;
  for (const key of pointer.split('/').slice(1)) {
    s = /^\d+$/.test(key) ? s?.items : s?.properties?.[key];
    if (!s) return undefined;
  }
  return s;
}

const RANK: Partial<Record<ValueErrorType, number>> = { [ValueErrorType.ObjectRequiredProperty]: 0, [ValueErrorType.ObjectAdditionalProperties]: 1 };
const depth = (e: ValueError) => e.path.split('/').length;

// each schema compiled to a check function once, on its first use
const checks = new Map<TSchema, TypeCheck<TSchema>>();
function compiled(schema: TSchema): TypeCheck<TSchema> {
  let c = checks.get(schema);
  if (!c) checks.set(schema, (c = TypeCompiler.Compile(schema)));
  return c;
}

/** The first problem of `value` against `schema`, as a GuestConfigError (undefined when it fits). */
function firstProblem(schema: TSchema, value: unknown, root: string): GuestConfigError | undefined {
  const check = compiled(schema);
  if (check.Check(value)) return undefined;
  const errors = [...check.Errors(value)];
  if (errors.length === 0) return new GuestConfigError(root || 'spec', value, 'does not fit the guest spec');
  // missing fields first, then unknown ones, then wrong values; the outermost first
  errors.sort((a, b) => (RANK[a.type] ?? 2) - (RANK[b.type] ?? 2) || depth(a) - depth(b));
  return toError(errors[0], root, schema);
}

/**
 * Checks a guest spec (parsed JSON, or an object from JavaScript) against the schema.
 * Returns it typed; throws GuestConfigError for the first problem.
 */
export function checkSpec(value: unknown): GuestSpec {
  const problem = firstProblem(GuestSpecSchema, value, '');
  if (problem) throw problem;
  return value as GuestSpec;
}
/** Checks a guest CPU against its part of the schema; fields are named below `at` (`cpu`). */
export function checkCPU(value: unknown, at = 'cpu'): GuestCPU {
  const problem = firstProblem(GuestCPUSchema, value, at);
  if (problem) throw problem;
  return value as GuestCPU;
}
export { publishedSchema } from './spec';
