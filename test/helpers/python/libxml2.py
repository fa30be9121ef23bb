# A stand-in for the python libxml2 module, for hosts without python3-libxml2:
# the calls python-libvirt's example programs make (parseDoc, xpathNewContext,
# xpathEval of simple paths, setContextNode, content), on xml.etree.
# test/python-ports.test.ts puts this folder on PYTHONPATH only when
# `import libxml2` fails.
import re
import xml.etree.ElementTree as ET


class _Node:
    def __init__(self, el, parent=None, content=None):
        self.el = el
        self.parent = parent
        self.content = content if content is not None else ''.join(el.itertext())


def _evaluate(path, context, root):
    m = re.match(r'^string\((.*)\)$', path)
    if m:
        r = _evaluate(m.group(1), context, root)
        return r[0].content if r else ''
    if path.startswith('/'):
        nodes = [_Node(ET.Element('#document'))]
        nodes[0].el.append(root)
    else:
        nodes = [context]
    for step in [s for s in path.split('/') if s]:
        if step.startswith('@'):
            nodes = [_Node(None, n, n.el.get(step[1:])) for n in nodes if n.el.get(step[1:]) is not None]
            continue
        m = re.match(r"^([\w*-]+)(?:\[@([\w-]+)='([^']*)'\])?$", step)
        nodes = [_Node(c, n) for n in nodes for c in n.el
                 if (m.group(1) == '*' or c.tag == m.group(1)) and (not m.group(2) or c.get(m.group(2)) == m.group(3))]
    return nodes


class _Context:
    def __init__(self, root):
        self.root = root
        self.node = _Node(root)

    def xpathEval(self, path):
        return _evaluate(path, self.node, self.root)

    def setContextNode(self, node):
        self.node = node


class _Doc:
    def __init__(self, text):
        self.root = ET.fromstring(text)

    def xpathNewContext(self):
        return _Context(self.root)


def parseDoc(text):
    return _Doc(text)
