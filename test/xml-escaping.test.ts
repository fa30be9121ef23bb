/**
 * Escaping: every string is escaped when written ('"<>&, newlines, non-ASCII), so a value
 * can never inject markup, and hostile strings survive format -> parse unchanged.
 */
import * as xml from '../src/xml';
import type { Domain } from '../src/xml';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HOSTILE_DESCRIPTION, HOSTILE_NAME } from './xml-fixtures';


function guest(): Domain {
  return {
    type: 'kvm',
    name: HOSTILE_NAME,
    title: 'quote " apostrophe \' lt < gt > amp &',
    description: HOSTILE_DESCRIPTION,
    memory: { unit: 'KiB', value: 1048576 },
    os: { type: { value: 'hvm' } },
    devices: {
      disk: [{ type: 'file', device: 'disk', source: { file: "/images/it's \"quoted\" <x>&\n.img" }, target: { dev: 'vda' }, serial: '<serial/>' }],
    },
  };
}

test('hostile strings are escaped: no markup is injected and only ASCII is written', () => {
  const text = xml.formatDomain(guest());
  expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
  expect(XMLValidator.validate(text)).toBe(true);
  // the independent parser sees exactly the elements we meant, and the same values
  const p = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, htmlEntities: true, trimValues: false });
  const doc = p.parse(text).domain;
  expect(Object.keys(doc).filter((k) => k !== 'type' && k !== '#text')).toEqual(['name', 'title', 'description', 'memory', 'os', 'devices']);
  expect(doc.name).toBe(HOSTILE_NAME);
  expect(doc.description).toBe(HOSTILE_DESCRIPTION);
  expect(doc.devices.disk.source.file).toBe("/images/it's \"quoted\" <x>&\n.img");
  expect(text).toContain('<name>a&apos;b&quot;c&lt;d&gt;&amp;e</name>');
  expect(text).toContain(']]&gt;');
  expect(text).toContain('&#x1F600;');
  expect(text).toContain('&#10;');
});

test('hostile strings survive format -> parse unchanged', () => {
  expect(xml.parseDomain(xml.formatDomain(guest()))).toEqual(guest());
});

test('text from libvirt with CDATA, entities and character references parses to the characters', () => {
  const d = xml.parseDomain(
    "<domain type='kvm'><name>a&apos;b&quot;c&lt;d&gt;&amp;e</name><description><![CDATA[x ]] <y>]]>&#x1F600;&#233;</description></domain>",
  );
  expect(d.name).toBe(HOSTILE_NAME);
  expect(d.description).toBe('x ]] <y>😀é');
});
