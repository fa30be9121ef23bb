#!/usr/bin/env node
// Writes guest-spec.schema.json (the guest spec's JSON Schema, for editors and other
// validators) from the schema in src/guest/spec.ts, as built into dist/.
//   npx tsc -p tsconfig.build.json && node tools/guest-schema.js [--check]
// --check exits 1 when the file is not current.
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'guest-spec.schema.json');
const { publishedSchema } = require('../dist/guest/spec.js');
const text = JSON.stringify(publishedSchema(), null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    console.error('guest-spec.schema.json is not current: run `npx tsc -p tsconfig.build.json && node tools/guest-schema.js`');
    process.exit(1);
  }
  console.log('guest-spec.schema.json is current');
} else {
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file) || file} (${text.length} bytes)`);
}
