// Shared checks for a typed XML kind over its corpus folder: lossless round trip,
// stable formatting, libvirt's schema, typed coverage.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Canon, canonDoc, firstDiff } from './xml-compare';
import { typedCoverage } from '../../src/xml/coverage';
import { XmlValidationError } from '../../src/xml';

export const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

export type Parse = (text: string) => object;
export type Format = (obj: any, options?: { validate?: boolean }) => string;

export const corpusFiles = (dir: string): string[] =>
  fs.readdirSync(path.join(CORPUS, dir)).filter((f) => f.endsWith('.xml')).sort();
export const readCorpus = (dir: string, f: string): string => fs.readFileSync(path.join(CORPUS, dir, f), 'utf8');

/**
 * Parse -> format of every file of `dir`; the files in `exceptions` must be refused by
 * the validation with the given error and round-trip with `{ validate: false }`.
 * Returns the failures (empty when all pass).
 */
export function roundTripFailures(dir: string, parse: Parse, format: Format, exceptions: Record<string, string> = {}): string[] {
  const failures: string[] = [];
  for (const f of corpusFiles(dir)) {
    const text = readCorpus(dir, f);
    let out: string;
    try {
      const obj = parse(text);
      const refused = exceptions[f];
      if (refused !== undefined) {
        let msg = '';
        try {
          format(obj);
        } catch (e) {
          msg = (e as Error).message;
        }
        if (msg !== refused) failures.push(`${dir}/${f}: expected the validation to refuse it with "${refused}", got "${msg}"`);
        out = format(obj, { validate: false });
      } else out = format(obj);
    } catch (e) {
      failures.push(`${dir}/${f}: ${(e as Error).message}`);
      continue;
    }
    const d = firstDiff(canonDoc(text), canonDoc(out), '');
    if (d) failures.push(`${dir}/${f}: ${d}`);
  }
  return failures;
}

/** Files whose second formatting differs from the first. */
export function unstable(dir: string, parse: Parse, format: Format): string[] {
  return corpusFiles(dir).filter((f) => {
    const once = format(parse(readCorpus(dir, f)), { validate: false });
    return format(parse(once), { validate: false }) !== once;
  });
}

/** Runs xmllint with libvirt's schema over the given documents; returns the names that fail and the count that validate. */
export function schemaCheck(schema: string, docs: Record<string, string>): { failing: string[]; validated: number; status: number | null } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xml-kind-'));
  try {
    const names = Object.keys(docs);
    for (const n of names) fs.writeFileSync(path.join(tmp, n), docs[n]);
    const r = spawnSync('xmllint', ['--relaxng', `/usr/share/libvirt/schemas/${schema}.rng`, '--noout', ...names], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 << 20 });
    const lines = r.stderr.split('\n');
    return {
      failing: lines.filter((l) => l.endsWith(' fails to validate') || / error : /.test(l)),
      validated: lines.filter((l) => l.endsWith(' validates')).length,
      status: r.status,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** typedCoverage over the files of a corpus folder. */
export function folderCoverage(dir: string, parse: Parse): ReturnType<typeof typedCoverage> {
  return typedCoverage(corpusFiles(dir).map((file) => ({ file, text: readCorpus(dir, file) })), parse);
}

/** Every field of `obj` replaced in turn by each odd value: `format` either writes or throws XmlValidationError. Returns the other outcomes. */
export function oddValuesOnly(obj: object, format: (o: any) => string): string[] {
  const odd: unknown[] = [null, undefined, 'x', -1, 1.5, 2n ** 70n, [], {}, [null], true];
  const others: string[] = [];
  const visit = (o: any, trail: string): void => {
    for (const k of Object.keys(o)) {
      const keep = o[k];
      for (const v of odd) {
        o[k] = v;
        try {
          format(obj);
        } catch (e) {
          if (!(e instanceof XmlValidationError)) others.push(`${trail}${k} = ${String(v)}: ${(e as Error).message}`);
        }
      }
      o[k] = keep;
      if (keep !== null && typeof keep === 'object') visit(keep, `${trail}${k}.`);
    }
  };
  visit(obj, '');
  return others;
}

/**
 * Files of `dir` (those `only` keeps) whose formatting without the remembered source
 * order (structuredClone drops that non-enumerable record) has another element order
 * than the file: libvirt's own order is what the descriptor tables write.
 */
export function orderMismatches(dir: string, parse: Parse, format: Format, only: (f: string) => boolean = () => true): string[] {
  const order = (c: Canon | string): unknown => (typeof c === 'string' ? c : [c.name, c.children.map(order)]);
  return corpusFiles(dir).filter(only).filter((f) => {
    const text = readCorpus(dir, f);
    const out = format(structuredClone(parse(text)), { validate: false });
    return JSON.stringify(order(canonDoc(out))) !== JSON.stringify(order(canonDoc(text)));
  });
}
