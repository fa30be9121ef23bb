#!/usr/bin/env node
/*
Print information about the domain DOMAIN
*/

const libvirt = require('libvirt-napi');
const libxml2 = require('./libxml2');
(async () => {


const args = { domain: process.argv[2] };



function print_section(title) {
    console.log(`\n${title}`);
    console.log('='.repeat(60));
}

function print_entry(key, value) {
    console.log(`${String(key).padEnd(10)} ${String(value).padEnd(10)}`);
}

function print_xml(key, ctx, path) {
    const res = ctx.xpathEval(path);
    let value;
    if (res === null || res.length === 0)
        value = 'Unknown';
    else
        value = res[0].content;
    print_entry(key, value);
    return value;
}

// Connect to libvirt
let conn;
try {
    conn = await libvirt.openReadOnly(null);
} catch (e) {
    console.log('Failed to open connection to the hypervisor');
    process.exit(1);
}
let dom;
try {
    dom = await conn.lookupByName(args.domain);
    // Annoyiingly, libvirt prints its own error message here
} catch (e) {
    console.log(`Domain ${args.domain} is not running`);
    process.exit(0);
}

const info = await dom.info();
print_section('Domain info');
print_entry('State:', info[0]);
print_entry('MaxMem:', info[1]);
print_entry('UsedMem:', info[2]);
print_entry('VCPUs:', info[3]);

// Read some info from the XML desc
const xmldesc = await dom.XMLDesc(0);
const doc = libxml2.parseDoc(xmldesc);
const ctx = doc.xpathNewContext();
print_section('Kernel');
print_xml('Type:', ctx, '/domain/os/type');
print_xml('Kernel:', ctx, '/domain/os/kernel');
print_xml('initrd:', ctx, '/domain/os/initrd');
print_xml('cmdline:', ctx, '/domain/os/cmdline');

print_section('Devices');
const devs = ctx.xpathEval('/domain/devices/*');
for (const d of devs) {
    ctx.setContextNode(d);
    // import pdb; pdb.set_trace()
    const type = print_xml('Type:', ctx, '@type');
    if (type === 'file') {
        print_xml('Source:', ctx, 'source/@file');
        print_xml('Target:', ctx, 'target/@dev');
    } else if (type === 'block') {
        print_xml('Source:', ctx, 'source/@dev');
        print_xml('Target:', ctx, 'target/@dev');
    } else if (type === 'bridge') {
        print_xml('Source:', ctx, 'source/@bridge');
        print_xml('MAC Addr:', ctx, 'mac/@address');
    }
}
})();
