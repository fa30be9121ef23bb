// The few calls of python's libxml2 and xml.dom.minidom that python-libvirt's
// example programs use (parseDoc, xpathNewContext, xpathEval with simple paths,
// setContextNode, content; parseString, getElementsByTagName, getAttribute),
// so that their ports here read line for line as the originals.
'use strict';
const { XMLParser } = require('fast-xml-parser');

function tree(text) {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false });
  const build = (items, parent) =>
    items.flatMap((item) => {
      if ('#text' in item) return [{ text: String(item['#text']) }];
      const name = Object.keys(item).find((k) => k !== ':@');
      if (!name || name.startsWith('?')) return [];
      const el = { name, attrs: item[':@'] || {}, parent, children: [] };
      el.children = build(item[name], el);
      return [el];
    });
  const doc = { name: '#document', attrs: {}, parent: null, children: [] };
  doc.children = build(parser.parse(text), doc);
  return doc;
}
const textOf = (el) => (el.text !== undefined ? el.text : el.children.map(textOf).join(''));
const elements = (el) => el.children.filter((c) => c.name);
const root = (el) => (el.parent ? root(el.parent) : el);

// One location path: steps of names, `*`, `name[@attr='value']` and a last `@attr`.
function evaluate(path, context) {
  const str = /^string\((.*)\)$/.exec(path);
  if (str) {
    const r = evaluate(str[1], context);
    return r.length ? r[0].content : '';
  }
  let nodes = [path.startsWith('/') ? root(context) : context];
  for (const step of path.split('/').filter(Boolean)) {
    if (step.startsWith('@')) {
      nodes = nodes.filter((n) => step.slice(1) in n.attrs).map((n) => ({ content: n.attrs[step.slice(1)] }));
      continue;
    }
    const m = /^([\w*-]+)(?:\[@([\w-]+)='([^']*)'\])?$/.exec(step);
    if (!m) throw new Error(`unsupported path step ${step}`);
    nodes = nodes.flatMap(elements).filter((e) => (m[1] === '*' || e.name === m[1]) && (!m[2] || e.attrs[m[2]] === m[3]));
  }
  return nodes.map((n) => (n.content !== undefined ? n : Object.assign(n, { content: textOf(n) })));
}

function parseDoc(text) {
  const doc = tree(text);
  return {
    xpathNewContext() {
      let node = doc;
      return {
        xpathEval: (path) => evaluate(path, node),
        setContextNode: (n) => {
          node = n;
        },
      };
    },
  };
}

function element(el) {
  return {
    getElementsByTagName: (name) => {
      const out = [];
      const walk = (e) => elements(e).forEach((c) => (c.name === name && out.push(element(c)), walk(c)));
      walk(el);
      return out;
    },
    getAttribute: (name) => el.attrs[name] ?? '',
  };
}
const minidom = { parseString: (text) => element(tree(text)) };

module.exports = { parseDoc, minidom };
