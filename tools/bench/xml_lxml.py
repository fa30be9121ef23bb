#!/usr/bin/python3
"""libxml2's untyped round trip of XML files, for tools/bench-xml.js: each file is
parsed with lxml.etree.fromstring and serialized with etree.tostring (python3-lxml,
Debian's build on the system libxml2).  Reads a JSON list of file paths on stdin,
prints one JSON line: the best of RUNS timed passes over all of them, in ms of wall
and of CPU time."""
import json, sys, time
from lxml import etree

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
paths = json.load(sys.stdin)
texts = []
for p in paths:
    with open(p, "rb") as f:  # bytes: lxml refuses str input with an encoding declaration
        texts.append(f.read())


def round_trip():
    for t in texts:
        etree.tostring(etree.fromstring(t))


round_trip()  # warm-up, not counted
best = cpu = float("inf")
for _ in range(runs):
    t0, c0 = time.perf_counter(), time.process_time()
    round_trip()
    best = min(best, time.perf_counter() - t0)
    cpu = min(cpu, time.process_time() - c0)
print(json.dumps({"files": len(texts), "roundTripMs": best * 1000, "roundTripCpuMs": cpu * 1000, "libxml2": etree.LIBXML_VERSION}))
