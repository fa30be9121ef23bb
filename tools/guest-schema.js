#!/usr/bin/env node
// Writes the guest spec's published forms from its schema (src/guest/spec.ts, as built
// into dist/): guest-spec.schema.json (for editors and other validators) and the field
// table of docs/guest.md (between its spec-table markers).
//   npx tsc -p tsconfig.build.json && node tools/guest-schema.js [--check]
// --check changes nothing and exits 1 when either is not current.
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'guest-spec.schema.json');
const DOC_FILE = path.join(ROOT, 'docs', 'guest.md');
const START = '<!-- spec-table:start (tools/guest-schema.js writes this table) -->';
const END = '<!-- spec-table:end -->';

function schemaText(schema) {
  return JSON.stringify(schema, null, 2) + '\n';
}

function typeOf(s) {
  if (s.anyOf) return s.anyOf.map((v) => (v.type === 'object' ? 'object' : typeOf(v))).join(' or ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (s.type === 'array') return `array of ${s.items.type === 'object' || s.items.anyOf ? 'objects' : typeOf(s.items)}`;
  if (s.type === 'integer') return s.minimum === undefined ? 'integer' : `integer ≥ ${s.minimum}`;
  if (s.type === 'string' && s.errorMessage === 'must be an absolute path') return 'absolute path';
  return s.type;
}
function rows(schema, prefix, out, seen = new Set(), variant = false) {
  for (const [key, s] of Object.entries(schema.properties)) {
    const name = `${prefix}${key}`;
    // the variants of a union share fields: each is listed once
    if (seen.has(name)) continue;
    seen.add(name);
    const required = (schema.required ?? []).includes(key);
    const more = s.examples ? ` For example: ${s.examples.map((v) => `\`${v}\``).join(', ')}.` : '';
    out.push(`| \`${name}\`${required ? (variant ? ' (required in its kind)' : ' (required)') : ''} | ${typeOf(s)} | ${(s.description ?? '').replace(/\|/g, '\\|')}${more} |`);
    if (s.type === 'object') rows(s, `${name}.`, out, seen);
    for (const v of s.anyOf ?? []) if (v.type === 'object' && v.properties) rows(v, `${name}.`, out, seen, true);
    if (s.type === 'array' && s.items.type === 'object') rows(s.items, `${name}[].`, out, seen);
    for (const v of (s.type === 'array' && s.items.anyOf) || []) rows(v, `${name}[].`, out, seen, true);
  }
  return out;
}
/** The markdown table of every field of the spec. */
function tableText(schema) {
  return ['| field | type | meaning |', '| --- | --- | --- |', ...rows(schema, '', [])].join('\n') + '\n';
}
/** docs/guest.md with its table replaced. */
function docWithTable(doc, schema) {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/guest.md has no ${START} ... ${END} markers`);
  return `${doc.slice(0, a + START.length)}\n${tableText(schema)}${doc.slice(b)}`;
}

module.exports = { schemaText, tableText, docWithTable };

if (require.main === module) {
  const { publishedSchema } = require('../dist/guest/spec.js');
  const schema = publishedSchema();
  const want = [[SCHEMA_FILE, schemaText(schema)], [DOC_FILE, docWithTable(fs.readFileSync(DOC_FILE, 'utf8'), schema)]];
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of want) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`${path.relative(ROOT, file)} is not current: run \`npx tsc -p tsconfig.build.json && node tools/guest-schema.js\``);
      stale++;
    } else {
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(ROOT, file)}`);
    }
  }
  if (stale) process.exit(1);
}
