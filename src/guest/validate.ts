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
import { Type } from '@sinclair/typebox';
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

/** An error of the value, with the schema and field name its path is relative to. */
interface Located {
  e: ValueError;
  root: string;
  schema: TSchema;
  /** How deep `root` is below the spec (to rank errors outermost first). */
  offset: number;
}
/** The variant of a union that `value` means: by type, then by the key field (the first required one) it has. */
function pickVariant(variants: TSchema[], value: unknown): TSchema | undefined {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const same = variants.filter((v) => v.type === kind || (v.type === 'integer' && kind === 'number'));
  if (kind !== 'object' || same.length <= 1) return same[0];
  const keyed = same.find((v) => (v.required as string[] | undefined)?.some((k) => k in (value as object)));
  return keyed;
}
/** The errors of `value`, a union's error replaced by the errors of the variant the value means. */
function located(schema: TSchema, value: unknown, root: string, offset = 0): Located[] {
  const out: Located[] = [];
  for (const e of compiled(schema).Errors(value)) {
    const variants = (e.schema as { anyOf?: TSchema[] }).anyOf;
    if (e.type !== ValueErrorType.Union || !variants) {
      out.push({ e, root, schema, offset });
      continue;
    }
    const at = fieldName(e.path, root) || root || 'spec';
    const variant = pickVariant(variants, e.value);
    if (variant) {
      out.push(...located(variant, e.value, at, offset + depth(e) - 1));
      continue;
    }
    // an object with none of the key fields: the first variant's key field is missing
    const keys = variants.map((v) => (v.required as string[] | undefined)?.[0]).filter((k): k is string => !!k);
    const isObject = e.value !== null && typeof e.value === 'object' && !Array.isArray(e.value);
    if (isObject && keys.length === variants.length) {
      const err = new GuestConfigError(`${at}.${keys[0]}`, undefined, 'is required', keys, `missing field '${keys[0]}' in ${at} (one of ${keys.join(', ')} is required)`);
      out.push({ e: { ...e, type: ValueErrorType.ObjectRequiredProperty, path: `${e.path}/${keys[0]}` }, root, schema: Object.assign(Type.Object({}), { [PREMADE]: err }), offset });
    } else {
      const types = [...new Set(variants.map((v) => (v.type === 'object' ? 'an object' : `a ${v.type}`)))];
      const err = new GuestConfigError(at, e.value, `must be ${types.join(' or ')}`);
      out.push({ e, root, schema: Object.assign(Type.Object({}), { [PREMADE]: err }), offset });
    }
  }
  return out;
}
const PREMADE = Symbol('premade error');

/** The first problem of `value` against `schema`, as a GuestConfigError (undefined when it fits). */
function firstProblem(schema: TSchema, value: unknown, root: string): GuestConfigError | undefined {
  if (compiled(schema).Check(value)) return undefined;
  const errors = located(schema, value, root);
  if (errors.length === 0) return new GuestConfigError(root || 'spec', value, 'does not fit the guest spec');
  // missing fields first, then unknown ones, then wrong values; the outermost first
  errors.sort((a, b) => (RANK[a.e.type] ?? 2) - (RANK[b.e.type] ?? 2) || depth(a.e) + a.offset - depth(b.e) - b.offset);
  const { e, root: r, schema: s } = errors[0];
  return (s as { [PREMADE]?: GuestConfigError })[PREMADE] ?? toError(e, r, s);
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
