#!/usr/bin/env node
// Parse topology information from the capabilities XML and use
// them to calculate host topology
//
// Authors:
//   Amador Pahim <apahim@redhat.com>
//   Peter Krempa <pkrempa@redhat.com>

const libvirt = require('libvirt-napi');
(async () => {
const { minidom } = require('./libxml2');
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
const host = caps.getElementsByTagName('host')[0];
const cells = host.getElementsByTagName('cells')[0];
const total_cpus = cells.getElementsByTagName('cpu').length;

let socketIds = [];
let siblingsIds = [];

socketIds = cells.getElementsByTagName('cpu').map((proc) => proc.getAttribute('socket_id'))
              .filter((id) => !socketIds.includes(id));

siblingsIds = cells.getElementsByTagName('cpu').map((proc) => proc.getAttribute('siblings'))
                .filter((id) => !siblingsIds.includes(id));

console.log('Host topology');
console.log('NUMA nodes:', cells.getAttribute('num'));
console.log('   Sockets:', new Set(socketIds).size);
console.log('     Cores:', new Set(siblingsIds).size);
console.log('   Threads:', total_cpus);
})();
