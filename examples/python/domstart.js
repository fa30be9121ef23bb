#!/usr/bin/env node
// domstart - make sure a given domU is running, if not start it

const libvirt = require('libvirt-napi');
const fs = require('fs');
(async () => {
const libxml2 = require('./libxml2');


// Parse the XML description of domU from FNAME
// and return a tuple (name, xmldesc) where NAME
// is the name of the domain, and xmldesc is the contetn of FNAME
function read_domain(fname) {
    const fp = fs.openSync(fname, 'r');
    const xmldesc = fs.readFileSync(fp, 'utf8');
    fs.closeSync(fp);

    const doc = libxml2.parseDoc(xmldesc);
    const name = doc.xpathNewContext().xpathEval('/domain/name')[0].content;
    return [name, xmldesc];
}
function usage() {
   console.log(`Usage: ${process.argv[1]} domain.xml`);
   console.log('       Check that the domain described by DOMAIN.XML is running');
   console.log('       If the domain is not running, create it');
   console.log('       DOMAIN.XML must be a XML description of the domain');
   console.log('       in libvirt\'s XML format');
}
if (process.argv.length - 1 !== 2) {
    usage();
    process.exit(2);
}
const [name, xmldesc] = read_domain(process.argv[2]);

const conn = await libvirt.open(null);
if (conn === null) {
    console.log('Failed to open connection to the hypervisor');
    process.exit(1);
}
let dom;
try {
    dom = await conn.lookupByName(name);
} catch (e) {
    console.log(`Starting domain ${name} ... `);
    dom = await conn.createLinux(xmldesc, 0);
    if (dom === null) {
        console.log('failed');
        process.exit(1);
    } else
        console.log('done');
}
})();
