#!/usr/bin/python3
# Writes the signatures of python-libvirt's methods (libvirt.py, libvirt_qemu.py,
# libvirt_lxc.py) as JSON: { "virDomain.migrate": [["dconn"], ["flags", 0], ...] }.
# An argument with a default is a pair [name, default]. tools/generate.js reads
# the committed tools/python-signatures.json to default the same arguments;
# test/60.generator.test.ts compares it with the installed python-libvirt.
# Run: /usr/bin/python3 tools/python-signatures.py > tools/python-signatures.json
import ast
import json
import os
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else '/usr/lib/python3/dist-packages'
out = {}
for mod in ['libvirt', 'libvirt_qemu', 'libvirt_lxc']:
    tree = ast.parse(open(os.path.join(DIR, mod + '.py')).read())

    def add(owner, f):
        a = f.args
        names = [x.arg for x in a.args]
        first = len(names) - len(a.defaults)
        params = []
        for i, n in enumerate(names):
            if i >= first:
                d = a.defaults[i - first]
                params.append([n, ast.literal_eval(d)])
            else:
                params.append([n])
        if params and params[0][0] == 'self':
            params = params[1:]
        out['%s.%s' % (owner, f.name)] = params

    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for f in node.body:
                if isinstance(f, ast.FunctionDef) and not f.name.startswith('_'):
                    add(node.name, f)
        elif isinstance(node, ast.FunctionDef) and not node.name.startswith('_'):
            add(mod, node)
# one method a line
sys.stdout.write('{\n' + ',\n'.join('  %s: %s' % (json.dumps(k), json.dumps(out[k], separators=(',', ':')))
                                     for k in sorted(out)) + '\n}\n')
