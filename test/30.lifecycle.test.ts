// The define-then-start path, on libvirt's test driver and on a real QEMU guest.
import * as fs from 'fs';
import * as lv from '../src';
import {
  TEST_URI, SYSTEM_URI, uniqueName, openSystem, cleanupDomains, x86DomainType, serialLog, biosGuestXML,
  testGuestXML, until, libvirtError, exists,
} from './helpers/libvirt';

const { VIR_DOMAIN_RUNNING, VIR_DOMAIN_PAUSED, VIR_DOMAIN_SHUTOFF } = lv;

describe('30 lifecycle on test:///default', () => {
  let conn: lv.Connection;
  beforeAll(async () => {
    conn = await lv.open(TEST_URI);
  });
  afterAll(async () => {
    await cleanupDomains(conn);
    await conn.close();
  });

  test('define -> createWithFlags(0) -> running -> destroy -> undefine', async () => {
    const name = uniqueName('life');
    const dom = await conn.defineXML(testGuestXML(name));
    expect(dom.name()).toBe(name);
    expect(await dom.isPersistent()).toBe(true);
    expect(await dom.isActive()).toBe(false);
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_SHUTOFF);
    expect(dom.ID()).toBe(-1);
    await dom.createWithFlags(0);
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_BOOTED]);
    expect(dom.ID()).toBeGreaterThan(0);
    const info = await dom.info();
    expect(info.state).toBe(VIR_DOMAIN_RUNNING);
    expect(info.maxMem).toBe(65536n);
    expect(info.nrVirtCpu).toBe(1);
    expect(await dom.XMLDesc(0)).toContain(`<name>${name}</name>`);
    await dom.suspend();
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_PAUSED);
    await dom.resume();
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_RUNNING);
    await dom.destroy();
    expect(await dom.state()).toEqual([VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_DESTROYED]);
    await dom.undefine();
    expect(await exists(conn, name)).toBe(false);
  });

  test('createXML gives a running transient domain that destroy removes', async () => {
    const name = uniqueName('transient');
    const dom = await conn.createXML(testGuestXML(name));
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_BOOTED]);
    expect(await dom.isPersistent()).toBe(false);
    await dom.suspend();
    expect(await dom.state()).toEqual([VIR_DOMAIN_PAUSED, lv.VIR_DOMAIN_PAUSED_USER]);
    await dom.resume();
    await dom.destroy();
    expect(await exists(conn, name)).toBe(false);
  });

  test('the test driver refuses every VIR_DOMAIN_START_* flag of createWithFlags with VIR_ERR_INVALID_ARG', async () => {
    const dom = await conn.defineXML(testGuestXML(uniqueName('flags')));
    for (const f of [lv.VIR_DOMAIN_START_PAUSED, lv.VIR_DOMAIN_START_AUTODESTROY, lv.VIR_DOMAIN_START_BYPASS_CACHE,
      lv.VIR_DOMAIN_START_FORCE_BOOT, lv.VIR_DOMAIN_START_RESET_NVRAM]) {
      const e = await libvirtError(dom.createWithFlags(f));
      expect(e.codeName).toBe('VIR_ERR_INVALID_ARG');
      expect(e.message).toContain(`unsupported flags (0x${f.toString(16)})`);
    }
    expect(await dom.isActive()).toBe(false);
    await dom.undefine();
  });

  test('shutdown, reboot, reset; autostart; managed save', async () => {
    const dom = await conn.defineXML(testGuestXML(uniqueName('ops')));
    expect(await dom.autostart()).toBe(false);
    await dom.setAutostart(true);
    expect(await dom.autostart()).toBe(true);
    await dom.setAutostart(false);
    expect(await dom.autostart()).toBe(false);
    await dom.create();
    await dom.reboot(0);
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_RUNNING);
    await dom.reset(0);
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_RUNNING);
    await dom.managedSave(0);
    expect(await dom.hasManagedSaveImage(0)).toBe(true);
    expect(await dom.state()).toEqual([VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_SAVED]);
    await dom.create();
    expect(await dom.hasManagedSaveImage(0)).toBe(false);
    // the test driver reports a restored domain as RUNNING_BOOTED
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_BOOTED]);
    await dom.managedSave(0);
    await dom.managedSaveRemove(0);
    expect(await dom.hasManagedSaveImage(0)).toBe(false);
    await dom.create();
    await dom.shutdown();
    expect(await dom.state()).toEqual([VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_SHUTDOWN]);
    await dom.undefineFlags(lv.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE);
    expect((await libvirtError(dom.isActive())).codeName).toBe('VIR_ERR_NO_DOMAIN');
  });
});

describe(`30 lifecycle on ${SYSTEM_URI} with a real guest`, () => {
  let conn: lv.Connection | null;
  let type: string;
  beforeAll(async () => {
    conn = await openSystem();
    if (conn) type = await x86DomainType(conn);
  });
  afterAll(async () => {
    await cleanupDomains(conn);
    await conn?.close();
  });

  const logHas = (log: string, text: string) => () => fs.existsSync(log) && fs.readFileSync(log, 'latin1').includes(text);

  test('define -> createWithFlags(0): SeaBIOS runs and writes to the serial log -> destroy -> undefine', async () => {
    if (!conn) return;
    const name = uniqueName('bios');
    const log = serialLog(name);
    const dom = await conn.defineXML(biosGuestXML(name, type, log));
    await dom.createWithFlags(0);
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_BOOTED]);
    await until(logHas(log, 'SeaBIOS'), 20000, 'SeaBIOS in the serial log');
    const info = await dom.info();
    expect(info.cpuTime).toBeGreaterThan(0n);
    expect(await dom.XMLDesc(0)).toContain(`<domain type='${type}' id='${dom.ID()}'>`);
    await dom.destroy();
    expect(await dom.state()).toEqual([VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_DESTROYED]);
    await dom.undefine();
    expect(await exists(conn, name)).toBe(false);
  });

  test('START_PAUSED gives paused (no firmware output), resume runs it', async () => {
    if (!conn) return;
    const name = uniqueName('paused');
    const log = serialLog(name);
    const dom = await conn.defineXML(biosGuestXML(name, type, log));
    await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED);
    expect(await dom.state()).toEqual([VIR_DOMAIN_PAUSED, lv.VIR_DOMAIN_PAUSED_USER]);
    await new Promise((r) => setTimeout(r, 500));
    expect(logHas(log, 'SeaBIOS')()).toBe(false);
    await dom.resume();
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_RUNNING);
    await until(logHas(log, 'SeaBIOS'), 20000, 'SeaBIOS after resume');
    await dom.destroy();
    await dom.undefine();
  });

  test('AUTODESTROY: the guest is gone once the connection that started it closes', async () => {
    if (!conn) return;
    const name = uniqueName('autodestroy');
    const dom = await conn.defineXML(biosGuestXML(name, type, serialLog(name)));
    const other = await lv.open(SYSTEM_URI);
    const mine = await other.lookupByName(name);
    await mine.createWithFlags(lv.VIR_DOMAIN_START_AUTODESTROY);
    expect(await dom.isActive()).toBe(true);
    expect(await other.close()).toBe(0);
    await until(async () => !(await dom.isActive()), 15000, 'autodestroy');
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_SHUTOFF);
    await dom.undefine();
  });

  test('managedSave, then BYPASS_CACHE restores and FORCE_BOOT discards the image', async () => {
    if (!conn) return;
    const name = uniqueName('save');
    const log = serialLog(name);
    const dom = await conn.defineXML(biosGuestXML(name, type, log));
    await dom.create();
    await until(logHas(log, 'SeaBIOS'), 20000, 'SeaBIOS');
    await dom.managedSave(0);
    expect(await dom.hasManagedSaveImage(0)).toBe(true);
    expect(await dom.state()).toEqual([VIR_DOMAIN_SHUTOFF, lv.VIR_DOMAIN_SHUTOFF_SAVED]);
    await dom.createWithFlags(lv.VIR_DOMAIN_START_BYPASS_CACHE);
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_RESTORED]);
    expect(await dom.hasManagedSaveImage(0)).toBe(false);
    await dom.managedSave(0);
    expect(await dom.hasManagedSaveImage(0)).toBe(true);
    await dom.createWithFlags(lv.VIR_DOMAIN_START_FORCE_BOOT);
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_BOOTED]);
    expect(await dom.hasManagedSaveImage(0)).toBe(false);
    await dom.destroy();
    await dom.undefine();
  });

  test('RESET_NVRAM: a UEFI guest whose NVRAM file was damaged starts from a fresh copy of the template', async () => {
    if (!conn) return;
    const name = uniqueName('uefi');
    // TCG when the host offers it: under KVM on this host OVMF runs into "KVM
    // internal error ... emulation failure" at a random point after it starts
    // (in the QEMU logs of 3 of 20 runs), which pauses the guest and made the
    // running-after-resume check below flaky. The flag under test is the same.
    const caps = await conn.getCapabilities();
    const x86 = caps.split('<guest>').slice(1).find((g) => /<arch name='x86_64'/.test(g)) ?? '';
    const uefiType = /<domain type='qemu'/.test(x86) ? 'qemu' : type;
    // non-secure-boot OVMF: KVM here has no SMM, which the secure-boot builds need
    const dom = await conn.defineXML(`<domain type='${uefiType}'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>
      <os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type><firmware><feature enabled='no' name='secure-boot'/></firmware></os>
      <features><acpi/></features><devices><memballoon model='none'/></devices></domain>`);
    await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED);
    const m = /<nvram template='([^']+)'[^>]*>([^<]+)<\/nvram>/.exec(await dom.XMLDesc(0));
    expect(m).not.toBeNull();
    const [, template, nvram] = m as RegExpExecArray;
    await dom.destroy();
    const damage = () => fs.writeFileSync(nvram, Buffer.alloc(fs.statSync(template).size, 0xa5));
    // without the flag the damaged variables stay (control) ...
    damage();
    await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED);
    expect(fs.readFileSync(nvram).every((b) => b === 0xa5)).toBe(true);
    await dom.destroy();
    // ... with it, libvirt copies the template again before QEMU starts (paused: the firmware has not run)
    await dom.createWithFlags(lv.VIR_DOMAIN_START_PAUSED | lv.VIR_DOMAIN_START_RESET_NVRAM);
    expect(fs.readFileSync(nvram).equals(fs.readFileSync(template))).toBe(true);
    await dom.resume();
    expect((await dom.state())[0]).toBe(VIR_DOMAIN_RUNNING);
    await dom.destroy();
    await dom.undefineFlags(lv.VIR_DOMAIN_UNDEFINE_NVRAM);
    expect(fs.existsSync(nvram)).toBe(false);
  });

  test('RESET_NVRAM starts a BIOS guest (no NVRAM to reset) normally', async () => {
    if (!conn) return;
    const name = uniqueName('nvram');
    const dom = await conn.defineXML(biosGuestXML(name, type, serialLog(name)));
    await dom.createWithFlags(lv.VIR_DOMAIN_START_RESET_NVRAM);
    expect(await dom.state()).toEqual([VIR_DOMAIN_RUNNING, lv.VIR_DOMAIN_RUNNING_BOOTED]);
    await dom.destroy();
    await dom.undefine();
  });

  test('shutdown/reboot/reset/suspend on a running guest; autostart', async () => {
    if (!conn) return;
    const name = uniqueName('ops');
    const log = serialLog(name);
    const dom = await conn.defineXML(biosGuestXML(name, type, log));
    await dom.setAutostart(true);
    expect(await dom.autostart()).toBe(true);
    await dom.setAutostart(false);
    expect(await dom.autostart()).toBe(false);
    await dom.create();
    await until(logHas(log, 'SeaBIOS'), 20000, 'SeaBIOS');
    fs.truncateSync(log, 0);
    await dom.reset(0);
    await until(logHas(log, 'SeaBIOS'), 20000, 'SeaBIOS after reset');
    await dom.suspend();
    expect(await dom.state()).toEqual([VIR_DOMAIN_PAUSED, lv.VIR_DOMAIN_PAUSED_USER]);
    await dom.resume();
    // firmware without ACPI handling: shutdown is requested (no error), reboot too
    await dom.shutdown();
    await dom.reboot(0);
    await dom.destroy();
    await dom.undefine();
  });
});
