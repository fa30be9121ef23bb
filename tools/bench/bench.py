#!/usr/bin/python3
"""The same operations as tools/bench.js with python-libvirt (Debian's
python3-libvirt).  Run: bench.py URI N TEMPLATE_FILE

Environment, as for bench.c:
  LVN_BENCH_EVENT_LOOP=glib   libvirt's default event loop registered and
                              running on a thread (impl python-libvirt+eventloop)
  LVN_BENCH_THREADS=k         k threads sharing the connection (op names @k)
  LVN_BENCH_OPS=a,b           only these ops ("lifecycle": each thread
                              defines, starts, destroys and undefines a guest)
  LVN_BENCH_LIST_DEFINED=1    list the 500 domains the caller defined
cpu_us_per_op is the process's CPU time (all threads) over the block."""
import json, os, sys, threading, time
import libvirt

uri, n, tmpl = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
threads = int(os.environ.get("LVN_BENCH_THREADS") or 1)
only = set(filter(None, (os.environ.get("LVN_BENCH_OPS") or "").split(",")))
impl = "python-libvirt"
libvirt.registerErrorHandler(lambda *a: None, None)
if os.environ.get("LVN_BENCH_EVENT_LOOP"):
    libvirt.virEventRegisterDefaultImpl()
    def run_loop():
        while True:
            libvirt.virEventRunDefaultImpl()
    threading.Thread(target=run_loop, daemon=True).start()
    impl = "python-libvirt+eventloop"
c = libvirt.open(uri)
name = "lvn-bench-py-%d" % os.getpid()
dom = c.defineXML(tmpl.replace("@NAME@", name))

def report(op, count, secs, cpu):
    if threads > 1:
        op = "%s@%d" % (op, threads)
    print(json.dumps({"impl": impl, "uri": uri, "op": op, "n": count, "ops_per_s": round(count / secs, 1),
                      "us_per_op": round(secs * 1e6 / count, 2), "cpu_us_per_op": round(cpu * 1e6 / count, 2)}), flush=True)

def timed(op, count, fn):
    if only and op not in only:
        return
    t, p = time.perf_counter(), time.process_time()
    if threads == 1:
        for i in range(count):
            fn(0, i)
    else:
        def work(k):
            for i in range(count // threads + (1 if k < count % threads else 0)):
                fn(k, i)
        ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for x in ts:
            x.start()
        for x in ts:
            x.join()
    report(op, count, time.perf_counter() - t, time.process_time() - p)

try:
    timed("getLibVersion", n, lambda k, i: c.getLibVersion())
    timed("getCapabilities", n, lambda k, i: c.getCapabilities())
    timed("lookupByName", n, lambda k, i: c.lookupByName(name))
    timed("domain.info", n, lambda k, i: dom.info())
    timed("domain.XMLDesc", n, lambda k, i: dom.XMLDesc(0))
    timed("defineXML+undefine", max(n // 10, 1),
          lambda k, i: c.defineXML(tmpl.replace("@NAME@", "%s-d%d-%d" % (name, k, i))).undefine())
    if not only or "listAllDomains(500)" in only:
        many = [] if os.environ.get("LVN_BENCH_LIST_DEFINED") else \
            [c.defineXML(tmpl.replace("@NAME@", "%s-l%d" % (name, j))) for j in range(500)]
        try:
            timed("listAllDomains(500)", max(n // 20, 1), lambda k, i: c.listAllDomains(0))
        finally:
            for d in many:
                d.undefine()
    if "lifecycle" in only:
        def life(k, i):
            d = c.defineXML(tmpl.replace("@NAME@", "%s-life%d-%d" % (name, k, i)))
            try:
                d.createWithFlags(0)
                d.destroy()
            finally:
                d.undefine()
        timed("lifecycle", threads, life)
finally:
    dom.undefine()
    c.close()
