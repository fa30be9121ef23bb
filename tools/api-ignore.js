'use strict';
// libvirt API symbols the binding does not wrap, each with its reason.
// tools/coverage-api.js fails on any function, enum value or macro of the
// installed API XML that is neither wrapped (generated, or named by a
// "// wraps:" / "// uses:" comment in native/) nor listed here, and on
// entries here that are wrapped after all (stale).

const EVENT_LOOP =
  'the binding registers its own epoll event loop (native/eventloop.cc) and runs it on a native thread; a ' +
  'JavaScript implementation of the event loop primitives would put libvirt\'s I/O on the JavaScript thread';
const CALLBACK_CAST = 'C cast of a callback pointer; events take JavaScript functions (native/events.cc)';
const ERRORS =
  'errors: every failing call rejects with a LibvirtError copied on the thread that made the call ' +
  '(virCopyLastError); libvirt\'s per-thread last-error state means nothing on the JavaScript thread';
const TYPED_GET = 'typed parameters are plain objects: a lookup is a property read';
const CPUMAP = 'CPU maps are boolean[] (one entry per host CPU) in this binding';
const LXC_ENTER =
  'switches the calling thread (namespaces, cgroup or security label): on a libuv pool thread it would ' +
  'leave a shared worker inside the container; not sensible from Node';

const functions = {
  // events: native/events.cc wraps the *RegisterAny/*DeregisterAny family, the close
  // callback and runs the event loop (native/eventloop.cc), and python's virEvent* calls; what is left:
  virEventRegisterImpl: EVENT_LOOP,

  // error state
  virConnCopyLastError: ERRORS,
  virConnGetLastError: ERRORS,
  virConnResetLastError: ERRORS,
  virConnSetErrorFunc: `${ERRORS}; the binding silences libvirt's printing once (virSetErrorFunc)`,
  virDefaultErrorFunc: `${ERRORS}; printing to stderr is what the binding turns off`,
  virFreeError: ERRORS,
  virGetLastErrorCode: ERRORS,
  virGetLastErrorDomain: ERRORS,
  virGetLastErrorMessage: ERRORS,
  virSaveLastError: ERRORS,

  // typed-parameter lookups
  virTypedParamsGet: TYPED_GET,
  virTypedParamsGetBoolean: TYPED_GET,
  virTypedParamsGetDouble: TYPED_GET,
  virTypedParamsGetInt: TYPED_GET,
  virTypedParamsGetLLong: TYPED_GET,
  virTypedParamsGetString: TYPED_GET,
  virTypedParamsGetUInt: TYPED_GET,
  virTypedParamsGetULLong: TYPED_GET,

  // LXC
  virDomainLxcEnterCGroup: LXC_ENTER,
  virDomainLxcEnterNamespace: LXC_ENTER,
  virDomainLxcEnterSecurityLabel: LXC_ENTER,
};

// Enum values and macros that are not exported constants.
const constants = {
  LIBVIR_CHECK_VERSION: 'compile-time check of the headers; at run time use getVersion()',
  VIR_CPU_MAPLEN: CPUMAP,
  VIR_GET_CPUMAP: CPUMAP,
  VIR_COPY_CPUMAP: CPUMAP,
  VIR_CPU_USABLE: CPUMAP,
  VIR_CPU_USED: CPUMAP,
  VIR_USE_CPU: CPUMAP,
  VIR_UNUSE_CPU: CPUMAP,
  VIR_NODEINFO_MAXCPUS: 'C helper over virNodeInfo: nodes * sockets * cores * threads of getInfo()',
  VIR_DOMAIN_EVENT_CALLBACK: CALLBACK_CAST,
  VIR_NETWORK_EVENT_CALLBACK: CALLBACK_CAST,
  VIR_NODE_DEVICE_EVENT_CALLBACK: CALLBACK_CAST,
  VIR_SECRET_EVENT_CALLBACK: CALLBACK_CAST,
  VIR_STORAGE_POOL_EVENT_CALLBACK: CALLBACK_CAST,
  _virBlkioParameter: 'C struct alias of virTypedParameter; typed parameters are plain objects',
  _virMemoryParameter: 'C struct alias of virTypedParameter; typed parameters are plain objects',
  _virSchedParameter: 'C struct alias of virTypedParameter; typed parameters are plain objects',
};

module.exports = { functions, constants };
