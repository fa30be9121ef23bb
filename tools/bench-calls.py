#!/usr/bin/python3
# /usr/bin/python3 tools/bench-calls.py URI OP N
# python-libvirt's side of tools/bench-calls.js: N calls of one op (caps, xml,
# ver, info) with libvirt's default event loop running on a thread, as
# tools/bench/bench.py has it; for instruction counts under
# `valgrind --tool=callgrind` (the difference between N 100 and 600).
import os, sys, threading
import libvirt

uri, op, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)], daemon=True).start()
c = libvirt.open(uri)
name = 'lvn-bench-calls-py-%d' % os.getpid()
typ = 'test' if uri.startswith('test') else 'qemu'
d = c.defineXML("<domain type='%s'><name>%s</name><memory unit='MiB'>64</memory>"
                "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>" % (typ, name))
try:
    f = {'caps': c.getCapabilities, 'xml': lambda: d.XMLDesc(0), 'ver': c.getLibVersion, 'info': d.info}[op]
    for _ in range(n):
        f()
finally:
    d.undefine()
    c.close()
