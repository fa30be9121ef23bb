#!/usr/bin/python3
"""The same operations as scripts/bench.js with python-libvirt (Debian's
python3-libvirt), one call after another.  Run: bench.py URI N TEMPLATE_FILE"""
import json, os, sys, time
import libvirt

uri, n, tmpl = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
libvirt.registerErrorHandler(lambda *a: None, None)
c = libvirt.open(uri)
name = "lvn-bench-py-%d" % os.getpid()
dom = c.defineXML(tmpl.replace("@NAME@", name))

def report(op, count, secs):
    print(json.dumps({"impl": "python-libvirt", "uri": uri, "op": op, "n": count,
                      "ops_per_s": round(count / secs, 1), "us_per_op": round(secs * 1e6 / count, 2)}), flush=True)

def timed(op, count, fn):
    t = time.perf_counter()
    for _ in range(count):
        fn()
    report(op, count, time.perf_counter() - t)

timed("getLibVersion", n, c.getLibVersion)
timed("getCapabilities", n, c.getCapabilities)
timed("lookupByName", n, lambda: c.lookupByName(name))
timed("domain.info", n, dom.info)
timed("domain.XMLDesc", n, lambda: dom.XMLDesc(0))
m = max(n // 10, 1)
i = [0]
def define_undefine():
    i[0] += 1
    c.defineXML(tmpl.replace("@NAME@", "%s-d%d" % (name, i[0]))).undefine()
timed("defineXML+undefine", m, define_undefine)
many = [c.defineXML(tmpl.replace("@NAME@", "%s-l%d" % (name, j))) for j in range(500)]
timed("listAllDomains(500)", max(n // 20, 1), lambda: c.listAllDomains(0))
for d in many:
    d.undefine()
dom.undefine()
c.close()
