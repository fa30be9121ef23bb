/**
 * The XML descriptor tables are built on first use: loading the package (or the
 * guest layer) does not build them, the first parse does.
 */
const TABLES = ['../src/xml/domain', '../src/xml/capabilities', '../src/xml/domaincaps'];

function withTableSpy(body: (loaded: string[]) => void): void {
  jest.isolateModules(() => {
    const loaded: string[] = [];
    for (const m of TABLES) {
      jest.doMock(m, () => {
        loaded.push(m.slice('../src/xml/'.length));
        return jest.requireActual(m);
      });
    }
    try {
      body(loaded);
    } finally {
      for (const m of TABLES) jest.dontMock(m);
    }
  });
}

test('require of the package builds no XML tables; the first parse of each kind builds its own', () => {
  withTableSpy((loaded) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../src') as typeof import('../src');
    expect(Object.keys(pkg)).toEqual(expect.arrayContaining(['xml', 'guest']));
    expect(typeof pkg.guest.buildDomainXML).toBe('function');
    expect(loaded).toEqual([]);
    expect(pkg.xml.parseDomain("<domain type='test'><name>a</name></domain>").name).toBe('a');
    expect(loaded).toEqual(['domain']);
    expect(pkg.xml.parseCapabilities('<capabilities><host><uuid>u</uuid></host></capabilities>').host?.uuid).toBe('u');
    expect(loaded).toEqual(['domain', 'capabilities']);
    expect(pkg.xml.parseDomainCapabilities('<domainCapabilities><arch>x86_64</arch></domainCapabilities>').arch).toBe('x86_64');
    expect(loaded).toEqual(['domain', 'capabilities', 'domaincaps']);
  });
});

test('the guest layer loads the domain tables when it first parses CPU XML', () => {
  withTableSpy((loaded) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const guest = require('../src/guest') as typeof import('../src/guest');
    expect(loaded).toEqual([]);
    expect(guest.parseCPUXML("<cpu mode='custom'><model>qemu64</model></cpu>").model?.value).toBe('qemu64');
    expect(loaded).toEqual(['domain']);
  });
});
