#!/usr/bin/env node
// domstart - make sure a given domU is running, if not start it

const libvirt = require('libvirt-napi');
const fs = require('fs');
(async () => {
const path = require('path');


function usage() {
   console.log(`Usage: ${process.argv[1]} DIR`);
   console.log('       Restore all the domains contained in DIR');
   console.log('       It is assumed that all files in DIR are');
   console.log('       images of domU\'s previously created with save');
}
if (process.argv.length - 1 !== 2) {
    usage();
    process.exit(2);
}
const dir = process.argv[2];
const imgs = fs.readdirSync(dir);

const conn = await libvirt.open(null);
if (conn === null) {
    console.log('Failed to open connection to the hypervisor');
    process.exit(1);
}
for (const img of imgs) {
    const file = path.join(dir, img);
    console.log(`Restoring ${img} ... `);
    const ret = await conn.restore(file);
    if (ret === 0)
        console.log('done');
    else
        console.log(`error ${ret}`);
}
})();
