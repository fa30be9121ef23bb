#!/usr/bin/env node
//
// python-libvirt's examples/event-test.py (libvirt/libvirt-python, LGPL-2.1-or-later),
// ported line by line to libvirt-napi: examples/python/originals/event-test.py
// is the original. Run: node event-test.js --loop native [--timeout SECS] [URI]
//
//############################################################################
// Start off by implementing a general purpose event loop for anyone's use
//############################################################################

const libvirt = require('libvirt-napi')
const { parseArgs } = require('util')

const print = (msg) => console.log(msg)
const sleep = (secs) => new Promise((resolve) => setTimeout(resolve, secs * 1000))
// python's "%s" / "%d" formatting: None for null, True/False, dicts as python prints them
function format(fmt, ...args) {
    let i = 0
    return fmt.replace(/%[sd]/g, () => str(args[i++]))
}
function str(v) {
    if (v === null || v === undefined) return 'None'
    if (typeof v === 'boolean') return v ? 'True' : 'False'
    if (typeof v === 'object' && !(v instanceof Description))
        return '{' + Object.entries(v).map(([k, x]) => `'${k}': ${typeof x === 'string' ? `'${x}'` : str(x)}`).join(', ') + '}'
    return String(v)
}


// This example could use three different event loop impls in python: a
// pure-python one based on poll, one based on asyncio, and libvirt's
// native one. libvirt-napi has one event loop, running on a thread of its
// own from the moment the module loads (python's virEventRegisterImpl has
// no equivalent), so every choice runs the native loop.
//
// This setting thus allows 'poll', 'native' or 'asyncio' as valid
// choices
//
const event_impl = "native"

let do_debug = false


function debug(msg) {
    if (do_debug)
        print(msg)
}


//##########################################################################
// Now glue an instance of the general event loop into libvirt's event loop
//##########################################################################

// This keeps track of what thread is running the event loop,
// (if it is run in a background thread)
let eventLoopThread = null


async function virEventLoopNativeRun() {
    while (true)
        await libvirt.virEventRunDefaultImpl()
}


// Start the event loop "thread": an async loop, which (like python's daemon
// thread) does not keep the process alive by itself
function virEventLoopNativeStart() {
    libvirt.virEventRegisterDefaultImpl()
    eventLoopThread = virEventLoopNativeRun()
}
const virEventLoopPollStart = virEventLoopNativeStart
const virEventLoopAIOStart = virEventLoopNativeStart


//########################################################################
// Everything that now follows is a simple demo of domain lifecycle events
//########################################################################
function Description(...args) {
    // python's keyword argument desc=: a last argument { desc }
    const kwargs = args.length && args[args.length - 1] instanceof Kwargs ? args.pop() : new Kwargs({})
    const self = Object.create(Description.prototype)
    self.desc = kwargs.desc
    self.args = args
    // python's __getitem__: DOM_EVENTS[event][detail]
    return new Proxy(self, { get: (t, p) => typeof p === 'string' && /^[0-9]+$/.test(p) ? t.__getitem__(Number(p)) : t[p] })
}
class Kwargs { constructor(o) { Object.assign(this, o) } }

Description.prototype.toString = function () {
    return this.desc || ''
}

Description.prototype.__getitem__ = function (item) {
    const data = this.args[item]
    if (data === undefined)
        return Description(new Kwargs({ desc: String(item) }))

    if (typeof data === 'string')
        return Description(new Kwargs({ desc: data }))
    else if (Array.isArray(data)) {
        const [desc, args] = data
        return Description(...args, new Kwargs({ desc: desc }))
    }
    throw new TypeError(String(data))
}


const DOM_EVENTS = Description(
    ["Defined", ["Added", "Updated", "Renamed", "Snapshot"]],
    ["Undefined", ["Removed", "Renamed"]],
    ["Started", ["Booted", "Migrated", "Restored", "Snapshot", "Wakeup"]],
    ["Suspended", ["Paused", "Migrated", "IOError", "Watchdog", "Restored", "Snapshot", "API error", "Postcopy", "Postcopy failed"]],
    ["Resumed", ["Unpaused", "Migrated", "Snapshot", "Postcopy"]],
    ["Stopped", ["Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot", "Daemon"]],
    ["Shutdown", ["Finished", "On guest request", "On host request"]],
    ["PMSuspended", ["Memory", "Disk"]],
    ["Crashed", ["Panicked"]],
)
const BLOCK_JOB_TYPES = Description("unknown", "Pull", "Copy", "Commit", "ActiveCommit")
const BLOCK_JOB_STATUS = Description("Completed", "Failed", "Canceled", "Ready")
const WATCHDOG_ACTIONS = Description("none", "Pause", "Reset", "Poweroff", "Shutdown", "Debug", "Inject NMI")
const ERROR_EVENTS = Description("None", "Pause", "Report")
const AGENT_STATES = Description("unknown", "connected", "disconnected")
const AGENT_REASONS = Description("unknown", "domain started", "channel event")
const GRAPHICS_PHASES = Description("Connect", "Initialize", "Disconnect")
const DISK_EVENTS = Description("Change missing on start", "Drop missing on start")
const TRAY_EVENTS = Description("Opened", "Closed")


const myDomainEventCallback = (conn, dom, event, detail, opaque) =>
    print(format("myDomainEventCallback%s EVENT: Domain %s(%s) %s %s",
        opaque, dom.name(), dom.ID(), DOM_EVENTS[event], DOM_EVENTS[event][detail]))


const myDomainEventRebootCallback = (conn, dom, opaque) =>
    print(format("myDomainEventRebootCallback: Domain %s(%s)",
        dom.name(), dom.ID()))


const myDomainEventRTCChangeCallback = (conn, dom, utcoffset, opaque) =>
    print(format("myDomainEventRTCChangeCallback: Domain %s(%s) %d",
        dom.name(), dom.ID(), utcoffset))


const myDomainEventWatchdogCallback = (conn, dom, action, opaque) =>
    print(format("myDomainEventWatchdogCallback: Domain %s(%s) %s",
        dom.name(), dom.ID(), WATCHDOG_ACTIONS[action]))


const myDomainEventIOErrorCallback = (conn, dom, srcpath, devalias, action, opaque) =>
    print(format("myDomainEventIOErrorCallback: Domain %s(%s) %s %s %s",
        dom.name(), dom.ID(), srcpath, devalias, ERROR_EVENTS[action]))


const myDomainEventIOErrorReasonCallback = (conn, dom, srcpath, devalias, action, reason, opaque) =>
    print(format("myDomainEventIOErrorReasonCallback: Domain %s(%s) %s %s %s %s",
        dom.name(), dom.ID(), srcpath, devalias, ERROR_EVENTS[action], reason))


const myDomainEventGraphicsCallback = (conn, dom, phase, localAddr, remoteAddr, authScheme, subject, opaque) =>
    print(format("myDomainEventGraphicsCallback: Domain %s(%s) %s %s",
        dom.name(), dom.ID(), GRAPHICS_PHASES[phase], authScheme))


const myDomainEventControlErrorCallback = (conn, dom, opaque) =>
    print(format("myDomainEventControlErrorCallback: Domain %s(%s)",
        dom.name(), dom.ID()))


const myDomainEventBlockJobCallback = (conn, dom, disk, type, status, opaque) =>
    print(format("myDomainEventBlockJobCallback: Domain %s(%s) %s on disk %s %s",
        dom.name(), dom.ID(), BLOCK_JOB_TYPES[type], disk, BLOCK_JOB_STATUS[status]))


const myDomainEventDiskChangeCallback = (conn, dom, oldSrcPath, newSrcPath, devAlias, reason, opaque) =>
    print(format("myDomainEventDiskChangeCallback: Domain %s(%s) disk change oldSrcPath: %s newSrcPath: %s devAlias: %s reason: %s",
        dom.name(), dom.ID(), oldSrcPath, newSrcPath, devAlias, DISK_EVENTS[reason]))


const myDomainEventTrayChangeCallback = (conn, dom, devAlias, reason, opaque) =>
    print(format("myDomainEventTrayChangeCallback: Domain %s(%s) tray change devAlias: %s reason: %s",
        dom.name(), dom.ID(), devAlias, TRAY_EVENTS[reason]))


const myDomainEventPMWakeupCallback = (conn, dom, reason, opaque) =>
    print(format("myDomainEventPMWakeupCallback: Domain %s(%s) system pmwakeup",
        dom.name(), dom.ID()))


const myDomainEventPMSuspendCallback = (conn, dom, reason, opaque) =>
    print(format("myDomainEventPMSuspendCallback: Domain %s(%s) system pmsuspend",
        dom.name(), dom.ID()))


const myDomainEventBalloonChangeCallback = (conn, dom, actual, opaque) =>
    print(format("myDomainEventBalloonChangeCallback: Domain %s(%s) %d",
        dom.name(), dom.ID(), actual))


const myDomainEventPMSuspendDiskCallback = (conn, dom, reason, opaque) =>
    print(format("myDomainEventPMSuspendDiskCallback: Domain %s(%s) system pmsuspend_disk",
        dom.name(), dom.ID()))


const myDomainEventDeviceRemovedCallback = (conn, dom, dev, opaque) =>
    print(format("myDomainEventDeviceRemovedCallback: Domain %s(%s) device removed: %s",
        dom.name(), dom.ID(), dev))


const myDomainEventBlockJob2Callback = (conn, dom, disk, type, status, opaque) =>
    print(format("myDomainEventBlockJob2Callback: Domain %s(%s) %s on disk %s %s",
        dom.name(), dom.ID(), BLOCK_JOB_TYPES[type], disk, BLOCK_JOB_STATUS[status]))


const myDomainEventTunableCallback = (conn, dom, params, opaque) =>
    print(format("myDomainEventTunableCallback: Domain %s(%s) %s",
        dom.name(), dom.ID(), params))


const myDomainEventAgentLifecycleCallback = (conn, dom, state, reason, opaque) =>
    print(format("myDomainEventAgentLifecycleCallback: Domain %s(%s) %s %s",
        dom.name(), dom.ID(), AGENT_STATES[state], AGENT_REASONS[reason]))


const myDomainEventDeviceAddedCallback = (conn, dom, dev, opaque) =>
    print(format("myDomainEventDeviceAddedCallback: Domain %s(%s) device added: %s",
        dom.name(), dom.ID(), dev))


const myDomainEventMigrationIteration = (conn, dom, iteration, opaque) =>
    print(format("myDomainEventMigrationIteration: Domain %s(%s) started migration iteration %d",
        dom.name(), dom.ID(), iteration))


const myDomainEventJobCompletedCallback = (conn, dom, params, opaque) =>
    print(format("myDomainEventJobCompletedCallback: Domain %s(%s) %s",
        dom.name(), dom.ID(), params))


const myDomainEventDeviceRemovalFailedCallback = (conn, dom, dev, opaque) =>
    print(format("myDomainEventDeviceRemovalFailedCallback: Domain %s(%s) failed to remove device: %s",
        dom.name(), dom.ID(), dev))


const myDomainEventMetadataChangeCallback = (conn, dom, mtype, nsuri, opaque) =>
    print(format("myDomainEventMetadataChangeCallback: Domain %s(%s) changed metadata mtype=%d nsuri=%s",
        dom.name(), dom.ID(), mtype, nsuri))


const myDomainEventBlockThresholdCallback = (conn, dom, dev, path, threshold, excess, opaque) =>
    print(format("myDomainEventBlockThresholdCallback: Domain %s(%s) block device %s(%s) threshold %d exceeded by %d",
        dom.name(), dom.ID(), dev, path, threshold, excess))


//########################################################################
// Network events
//########################################################################
const NET_EVENTS = Description(
    ["Defined", ["Added"]],
    ["Undefined", ["Removed"]],
    ["Started", ["Started"]],
    ["Stopped", ["Stopped"]],
)


const myNetworkEventLifecycleCallback = (conn, net, event, detail, opaque) =>
    print(format("myNetworkEventLifecycleCallback: Network %s %s %s",
        net.name(), NET_EVENTS[event], NET_EVENTS[event][detail]))


//########################################################################
// Storage pool events
//########################################################################
const STORAGE_EVENTS = Description(
    ["Defined", []],
    ["Undefined", []],
    ["Started", []],
    ["Stopped", []],
    ["Created", []],
    ["Deleted", []],
)


const myStoragePoolEventLifecycleCallback = (conn, pool, event, detail, opaque) =>
    print(format("myStoragePoolEventLifecycleCallback: Storage pool %s %s %s",
        pool.name(), STORAGE_EVENTS[event], STORAGE_EVENTS[event][detail]))


const myStoragePoolEventRefreshCallback = (conn, pool, opaque) =>
    print(format("myStoragePoolEventRefreshCallback: Storage pool %s", pool.name()))


//########################################################################
// Node device events
//########################################################################
const DEVICE_EVENTS = Description(
    ["Created", []],
    ["Deleted", []],
)


const myNodeDeviceEventLifecycleCallback = (conn, dev, event, detail, opaque) =>
    print(format("myNodeDeviceEventLifecycleCallback: Node device  %s %s %s",
        dev.name(), DEVICE_EVENTS[event], DEVICE_EVENTS[event][detail]))


const myNodeDeviceEventUpdateCallback = (conn, dev, opaque) =>
    print(format("myNodeDeviceEventUpdateCallback: Node device %s", dev.name()))


//########################################################################
// Secret events
//########################################################################
const SECRET_EVENTS = Description(
    ["Defined", []],
    ["Undefined", []],
)


const mySecretEventLifecycleCallback = (conn, secret, event, detail, opaque) =>
    print(format("mySecretEventLifecycleCallback: Secret %s %s %s",
        secret.UUIDString(), SECRET_EVENTS[event], SECRET_EVENTS[event][detail]))


const mySecretEventValueChanged = (conn, secret, opaque) =>
    print(format("mySecretEventValueChanged: Secret %s", secret.UUIDString()))


//#########################################################################
// Set up and run the program
//#########################################################################

let run = true
const CONNECTION_EVENTS = Description("Error", "End-of-file", "Keepalive", "Client")


async function myConnectionCloseCallback(conn, reason, opaque) {
    print(format("myConnectionCloseCallback: %s: %s",
        await conn.getURI(), CONNECTION_EVENTS[reason]))
    run = false
}


async function main() {
    const { values: args, positionals } = parseArgs({ allowPositionals: true, options: {
        debug: { type: 'boolean', short: 'd' },  // Print debug output
        loop: { type: 'string', short: 'l', default: event_impl },  // Choose event-loop-implementation: native, poll, asyncio
        timeout: { type: 'string' },  // Quit after SECS seconds running
    } })
    args.uri = positionals[0] ?? "qemu:///system"
    args.timeout = args.timeout === undefined ? null : Number(args.timeout)

    if (args.debug) {
            do_debug = true
    }

    print(format("Using uri '%s' and event loop '%s'", args.uri, args.loop))

    // Run a background thread with the event loop
    if (args.loop === "poll")
        virEventLoopPollStart()
    else if (args.loop === "asyncio")
        virEventLoopAIOStart()
    else
        virEventLoopNativeStart()

    const vc = await libvirt.openReadOnly(args.uri)

    // Close connection on exit (to test cleanup paths)
    async function exit() {
        print("Closing " + await vc.getURI())
        if (run)
            await vc.close()
    }

    // python's atexit.register(exit); an exception there is reported on stderr, as python does
    process.once('beforeExit', () => exit().catch((e) => console.error(`Exception ignored in atexit callback: ${e}`)))

    await vc.registerCloseCallback(myConnectionCloseCallback, null)

    // Add 2 lifecycle callbacks to prove this works with more than just one
    await vc.domainEventRegister(myDomainEventCallback, 1)
    const domcallbacks = [
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, myDomainEventCallback, 2),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_REBOOT, myDomainEventRebootCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_RTC_CHANGE, myDomainEventRTCChangeCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_WATCHDOG, myDomainEventWatchdogCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_IO_ERROR, myDomainEventIOErrorCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_GRAPHICS, myDomainEventGraphicsCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON, myDomainEventIOErrorReasonCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_CONTROL_ERROR, myDomainEventControlErrorCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_BLOCK_JOB, myDomainEventBlockJobCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_DISK_CHANGE, myDomainEventDiskChangeCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, myDomainEventTrayChangeCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_PMWAKEUP, myDomainEventPMWakeupCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_PMSUSPEND, myDomainEventPMSuspendCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE, myDomainEventBalloonChangeCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK, myDomainEventPMSuspendDiskCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, myDomainEventDeviceRemovedCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2, myDomainEventBlockJob2Callback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_TUNABLE, myDomainEventTunableCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, myDomainEventAgentLifecycleCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, myDomainEventDeviceAddedCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION, myDomainEventMigrationIteration, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, myDomainEventJobCompletedCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED, myDomainEventDeviceRemovalFailedCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_METADATA_CHANGE, myDomainEventMetadataChangeCallback, null),
        await vc.domainEventRegisterAny(null, libvirt.VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD, myDomainEventBlockThresholdCallback, null),
    ]

    const netcallbacks = [
        await vc.networkEventRegisterAny(null, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, myNetworkEventLifecycleCallback, null),
    ]

    const poolcallbacks = [
        await vc.storagePoolEventRegisterAny(null, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, myStoragePoolEventLifecycleCallback, null),
        await vc.storagePoolEventRegisterAny(null, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, myStoragePoolEventRefreshCallback, null),
    ]

    const devcallbacks = [
        await vc.nodeDeviceEventRegisterAny(null, libvirt.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, myNodeDeviceEventLifecycleCallback, null),
        await vc.nodeDeviceEventRegisterAny(null, libvirt.VIR_NODE_DEVICE_EVENT_ID_UPDATE, myNodeDeviceEventUpdateCallback, null),
    ]

    const seccallbacks = [
        await vc.secretEventRegisterAny(null, libvirt.VIR_SECRET_EVENT_ID_LIFECYCLE, mySecretEventLifecycleCallback, null),
        await vc.secretEventRegisterAny(null, libvirt.VIR_SECRET_EVENT_ID_VALUE_CHANGED, mySecretEventValueChanged, null),
    ]

    await vc.setKeepAlive(5, 3)

    // The rest of your app would go here normally, but for sake
    // of demo we'll just go to sleep. The other option is to
    // run the event loop in your main thread if your app is
    // totally event based.
    let count = 0
    while (run && (args.timeout === null || count < args.timeout)) {
        count = count + 1
        await sleep(1)
    }

    // If the connection was closed, we cannot unregister anything.
    // Just abort now.
    if (!run)
        return

    await vc.domainEventDeregister(myDomainEventCallback)

    for (const id of seccallbacks)
        await vc.secretEventDeregisterAny(id)
    for (const id of devcallbacks)
        await vc.nodeDeviceEventDeregisterAny(id)
    for (const id of poolcallbacks)
        await vc.storagePoolEventDeregisterAny(id)
    for (const id of netcallbacks)
        await vc.networkEventDeregisterAny(id)
    for (const id of domcallbacks)
        await vc.domainEventDeregisterAny(id)

    await vc.unregisterCloseCallback()
    await vc.close()

    // Allow delayed event loop cleanup to run, just for sake of testing
    await sleep(2)
}


if (require.main === module)
    main()
