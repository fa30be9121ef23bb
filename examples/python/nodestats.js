#!/usr/bin/env node
// Print some host NUMA node statistics
//
// Authors:
//   Michal Privoznik <mprivozn@redhat.com>

const libvirt = require('libvirt-napi');
const { minidom } = require('./libxml2');
const libxml2 = require('./libxml2');
(async () => {


function xpath_eval(ctxt, path) {
    const res = ctxt.xpathEval(path);
    let value;
    if (res === null || res.length === 0)
        value = '';
    else
        value = res[0].content;
    return value;
}

let conn;
try {
    conn = await libvirt.openReadOnly(null);
} catch (e) {
    console.log('Failed to connect to the hypervisor');
    process.exit(1);
}
let capsXML;
try {
    capsXML = await conn.getCapabilities();
} catch (e) {
    console.log('Failed to request capabilities');
    process.exit(1);
}
const caps = minidom.parseString(capsXML);
const cells = caps.getElementsByTagName('cells')[0];

const nodesIDs = cells.getElementsByTagName('cell').map((proc) =>
    parseInt(proc.getAttribute('id'))
);


const nodesMem = await Promise.all(nodesIDs.map((proc) =>
    conn.getMemoryStats(parseInt(proc))
));


const doms = await conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE);

const domsStrict = [];
for (const proc of doms)
    if ((await proc.numaParameters())['numa_mode'] === libvirt.VIR_DOMAIN_NUMATUNE_MEM_STRICT)
        domsStrict.push(proc);


const domsStrictCfg = new Map();
for (const dom of domsStrict) {
    const xmlStr = await dom.XMLDesc();
    const doc = libxml2.parseDoc(xmlStr);
    const ctxt = doc.xpathNewContext();

    domsStrictCfg.set(dom, {});

    const pin = ctxt.xpathEval('string(/domain/numatune/memory/@nodeset)');
    const memsize = ctxt.xpathEval('string(/domain/memory)');
    domsStrictCfg.get(dom)['memory'] = { size: parseInt(memsize), pin: pin };

    for (const memnode of ctxt.xpathEval('/domain/numatune/memnode')) {
        ctxt.setContextNode(memnode);
        const cellid = xpath_eval(ctxt, '@cellid');
        const nodeset = xpath_eval(ctxt, '@nodeset');

        const nodesize = xpath_eval(ctxt, `/domain/cpu/numa/cell[@id='${cellid}']/@memory`);
        domsStrictCfg.get(dom)[cellid] = { size: parseInt(nodesize), pin: nodeset };
    }
}

console.log('NUMA stats');
console.log('NUMA nodes:\t' + nodesIDs.map((node) => String(node)).join('\t'));
console.log('MemTotal:\t' + nodesMem.map((i) => String(i['total'] / 1024n)).join('\t'));
console.log('MemFree:\t' + nodesMem.map((i) => String(i['free'] / 1024n)).join('\t'));

for (const [dom, v] of domsStrictCfg) {
    console.log(`Domain '${dom.name()}':\t`);

    let toPrint = `\tOverall memory: ${Math.floor(v['memory']['size'] / 1024)} MiB`;
    if (v['memory']['pin'] !== null && v['memory']['pin'] !== '')
        toPrint = toPrint + ` nodes ${v['memory']['pin']}`;
    console.log(toPrint);

    for (const [k, node] of Object.entries(v).sort()) {
        if (k === 'memory')
            continue;
        toPrint = `\tNode ${k}:\t${Math.floor(node['size'] / 1024)} MiB`;
        if (node['pin'] !== null && node['pin'] === '')
            toPrint = toPrint + ` nodes ${node['pin']}`;
        console.log(toPrint);
    }
}
})();
