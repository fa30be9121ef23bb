#!/usr/bin/env node
// domstart - make sure a given domU is running, if not start it

const libvirt = require('libvirt-napi');
(async () => {
const path = require('path');



function usage() {
   console.log(`Usage: ${process.argv[1]} DIR`);
   console.log('       Save all currently running domU\'s into DIR');
   console.log('       DIR must exist and be writable by this process');
}
if (process.argv.length - 1 !== 2) {
    usage();
    process.exit(2);
}
const dir = process.argv[2];

const conn = await libvirt.open(null);
if (conn === null) {
    console.log('Failed to open connection to the hypervisor');
    process.exit(1);
}
const doms = await conn.listDomainsID();
for (const id of doms) {
    if (id === 0)
        continue;
    const dom = await conn.lookupByID(id);
    console.log(`Saving ${dom.name()}[${id}] ... `);
    const file = path.join(dir, dom.name());
    const ret = await dom.save(file);
    if (ret === 0)
        console.log('done');
    else
        console.log(`error ${ret}`);
}
//pdb.set_trace()
})();
