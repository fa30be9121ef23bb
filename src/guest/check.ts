/**
 * The guest spec's schema for programs: check a parsed spec file, or get the JSON
 * Schema (as guest-spec.schema.json publishes it). Both load the validator on first use.
 */
import { specValidator } from './errors';
import type { GuestSpec } from './spec';

/**
 * Checks a guest spec (parsed JSON or a JavaScript object) against the schema and
 * returns it typed. Throws GuestConfigError for the first problem: a missing required
 * field, then an unknown field (with the nearest known name), then a wrong value.
 * What the host can run is checked by buildDomain, against its capabilities.
 */
export function checkSpec(value: unknown): GuestSpec {
  return specValidator().checkSpec(value);
}

/** The guest spec's JSON Schema (draft-07), as guest-spec.schema.json holds it. */
export function specSchema(): Record<string, unknown> {
  return specValidator().publishedSchema();
}
