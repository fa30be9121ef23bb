// Events: an event loop (runtime/eventloop.cc) on a native thread (registered before
// the first connection opens; the thread holds no libuv handle, so it never
// keeps Node alive), and callbacks delivered to JavaScript through ONE
// thread-safe function per environment, so they arrive in libvirt's order
// across every registration.
//
// Lifetime of a registration: JS registers (counted: the delivery function is
// ref'd while any registration is live) -> libvirt owns a box holding a shared
// EventReg and calls FreeReg when the callback is gone (deregistered or the
// connection disposed); FreeReg queues a release notice behind the events
// already queued, and the JS thread then uncounts it and frees its JS side.
// Deregistering marks the EventReg inactive first: events already queued
// towards JavaScript are then dropped, never delivered to a stale callback.
#include "runtime/eventloop.h"
#include "handles.h"
#include "runtime/outbox.h"
#include "stream_io.h"

#include <libvirt/libvirt-qemu.h>

#include <uv.h>

#include <pthread.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <mutex>
#include <thread>
#include <utility>

namespace lvn {

// --- the event loop ----------------------------------------------------------
// The loop is runtime/eventloop.cc's (libvirt's default loop with
// LIBVIRT_NAPI_EVENT_LOOP=glib)
// The thread object is heap-allocated and never destroyed by a static
// destructor: process.exit() skips environment cleanup hooks, and a joinable
// std::thread destroyed at exit aborts the process. StopEventLoop (env
// cleanup) and an atexit handler both stop and join it; whichever runs first.
static std::mutex gLoopMutex;
static std::thread* gLoopThread = nullptr;
static std::atomic<bool> gLoopQuit{false};
static int gLoopUsers = 0;
// python's loop calls: loop callbacks that wait for JavaScript wait on this
// (woken when their call ran, the loop quits or the environment ends).
static std::mutex gLoopWaitMu;
static std::condition_variable gLoopWaitCv;
static void AfterIteration();

static void JoinLoopLocked() {
  if (!gLoopThread) return;
  gLoopQuit = true;
  {
    std::lock_guard<std::mutex> lock(gLoopWaitMu);  // a loop callback waiting for JavaScript stops waiting
    gLoopWaitCv.notify_all();
  }
  loop::Wake();  // out of its wait; it sees the flag
  if (gLoopThread->joinable()) gLoopThread->join();
  delete gLoopThread;
  gLoopThread = nullptr;
}

static void StopLoopAtExit() {
  std::lock_guard<std::mutex> lock(gLoopMutex);
  JoinLoopLocked();
}

static void StartEventLoop() {
  std::lock_guard<std::mutex> lock(gLoopMutex);
  if (gLoopUsers++ > 0) return;
  static bool registered = false;
  if (!registered) {
    loop::Register();
    std::atexit(StopLoopAtExit);
    registered = true;
  }
  gLoopQuit = false;
  gLoopThread = new std::thread([] {
    pthread_setname_np(pthread_self(), "libvirt-events");
    while (!gLoopQuit.load()) {
      loop::RunOnce();
      AfterIteration();
    }
  });
}

static void StopEventLoop(void*) {
  std::lock_guard<std::mutex> lock(gLoopMutex);
  if (--gLoopUsers > 0) return;
  JoinLoopLocked();
}

// --- payloads ---------------------------------------------------------------------
struct Field {
  enum Kind { INT, UINT, LLONG, ULLONG, STR, NUL, PARAMS, GADDR, GSUBJECT } kind = NUL;
  int64_t i = 0;
  uint64_t u = 0;
  std::string s, s2;
  struct Param {
    std::string name;
    int type;
    int64_t i;
    uint64_t u;
    double d;
    std::string s;
  };
  std::vector<Param> params;
  std::vector<std::pair<std::string, std::string>> subject;
};

static Field I(int64_t v) { Field f; f.kind = Field::INT; f.i = v; return f; }
static Field LL(int64_t v) { Field f; f.kind = Field::LLONG; f.i = v; return f; }
static Field ULL(uint64_t v) { Field f; f.kind = Field::ULLONG; f.u = v; return f; }
static Field UI(uint64_t v) { Field f; f.kind = Field::UINT; f.u = v; return f; }
static Field S(const char* v) {
  Field f;
  if (v) { f.kind = Field::STR; f.s = v; }
  return f;
}
static Field Params(virTypedParameterPtr p, int n) {
  Field f;
  f.kind = Field::PARAMS;
  for (int k = 0; k < n; k++) {
    Field::Param q{p[k].field, p[k].type, 0, 0, 0, ""};
    switch (p[k].type) {
      case VIR_TYPED_PARAM_INT: q.i = p[k].value.i; break;
      case VIR_TYPED_PARAM_UINT: q.u = p[k].value.ui; break;
      case VIR_TYPED_PARAM_LLONG: q.i = p[k].value.l; break;
      case VIR_TYPED_PARAM_ULLONG: q.u = p[k].value.ul; break;
      case VIR_TYPED_PARAM_DOUBLE: q.d = p[k].value.d; break;
      case VIR_TYPED_PARAM_BOOLEAN: q.i = p[k].value.b; break;
      case VIR_TYPED_PARAM_STRING: q.s = p[k].value.s ? p[k].value.s : ""; break;
    }
    f.params.push_back(q);
  }
  return f;
}
static Field GAddr(const virDomainEventGraphicsAddress* a) {
  Field f;
  if (!a) return f;
  f.kind = Field::GADDR;
  f.i = a->family;
  f.s = a->node ? a->node : "";
  f.s2 = a->service ? a->service : "";
  return f;
}
static Field GSubject(const virDomainEventGraphicsSubject* s) {
  Field f;
  f.kind = Field::GSUBJECT;
  if (s)
    for (int k = 0; k < s->nidentity; k++)
      f.subject.emplace_back(s->identities[k].type ? s->identities[k].type : "",
                             s->identities[k].name ? s->identities[k].name : "");
  return f;
}

static Napi::Value ToJs(Napi::Env env, const Field& f) {
  switch (f.kind) {
    case Field::INT: return Napi::Number::New(env, static_cast<double>(f.i));
    case Field::UINT: return Napi::Number::New(env, static_cast<double>(f.u));
    case Field::LLONG: return Napi::BigInt::New(env, f.i);
    case Field::ULLONG: return Napi::BigInt::New(env, f.u);
    case Field::STR: return Napi::String::New(env, f.s);
    case Field::NUL: return env.Null();
    case Field::GADDR: {
      Napi::Object o = Napi::Object::New(env);
      o.Set("family", static_cast<double>(f.i));
      o.Set("node", f.s);
      o.Set("service", f.s2);
      return o;
    }
    case Field::GSUBJECT: {
      Napi::Array a = Napi::Array::New(env, f.subject.size());
      for (size_t k = 0; k < f.subject.size(); k++) {
        Napi::Object o = Napi::Object::New(env);
        o.Set("type", f.subject[k].first);
        o.Set("name", f.subject[k].second);
        a.Set(static_cast<uint32_t>(k), o);
      }
      return a;
    }
    case Field::PARAMS: {
      Napi::Object o = Napi::Object::New(env);
      for (const auto& p : f.params) {
        switch (p.type) {
          case VIR_TYPED_PARAM_INT: o.Set(p.name, static_cast<double>(p.i)); break;
          case VIR_TYPED_PARAM_UINT: o.Set(p.name, static_cast<double>(p.u)); break;
          case VIR_TYPED_PARAM_LLONG: o.Set(p.name, Napi::BigInt::New(env, p.i)); break;
          case VIR_TYPED_PARAM_ULLONG: o.Set(p.name, Napi::BigInt::New(env, p.u)); break;
          case VIR_TYPED_PARAM_DOUBLE: o.Set(p.name, p.d); break;
          case VIR_TYPED_PARAM_BOOLEAN: o.Set(p.name, p.i != 0); break;
          case VIR_TYPED_PARAM_STRING: o.Set(p.name, p.s); break;
        }
      }
      return o;
    }
  }
  return env.Undefined();
}

// --- registrations -------------------------------------------------------------
// F_LEGACY: virConnectDomainEventRegister (lifecycle only, one per connection);
// F_STREAM: virStreamEventAddCallback (one per stream).
// F_QEMU: virConnectDomainQemuMonitorEventRegister (QMP events by name).
enum Family { F_DOMAIN, F_NETWORK, F_POOL, F_NODEDEV, F_SECRET, F_CLOSE, F_LEGACY, F_STREAM, F_QEMU };
static bool HasObj(int fam) { return fam != F_CLOSE && fam != F_STREAM; }

// Delivery: ONE thread-safe function per environment carries every event of
// every registration, so JavaScript sees them in the order libvirt's loop
// emitted them (its queue is a single FIFO). It keeps the process alive only
// while registrations are live (ref/unref by count, on the JS thread). The
// Delivery object is never freed (see Outbox): libvirt's loop thread may
// still post to it while the process exits.
struct EventMsg;
struct Delivery;
static void DeliverJs(Napi::Env env, Napi::Function fn, Delivery* d, EventMsg* msg);
using EventTsfn = Napi::TypedThreadSafeFunction<Delivery, EventMsg, DeliverJs>;
struct Delivery : Outbox<EventTsfn, EventMsg> {
  int liveRegs = 0;  // JS thread only
  // python-libvirt's loop calls (see "python's event-loop calls" below)
  Napi::FunctionReference loopDispatcher;     // JS thread only
  std::atomic<bool> iterationWanted{false};   // a virEventRunDefaultImpl() waits for the loop
  std::atomic<bool> errorHandler{false};      // registerErrorHandler() set a handler
  std::atomic<bool> gone{false};              // the environment is ending: loop callbacks stop waiting
};
struct EventCtx;

struct EventReg {
  Family family;
  int eventId;
  int callbackId = -1;
  virConnectPtr conn = nullptr;  // identity only, for the registry
  std::atomic<bool> active{true};
  // F_STREAM: readiness is level-triggered (libvirt calls again and again
  // while data waits), so deliveries coalesce: one at a time per stream,
  // carrying the OR of the VIR_STREAM_EVENT_* bits seen since the last one.
  std::atomic<int> pendingStreamEvents{0};
  Delivery* delivery = nullptr;
  EventCtx* ctx = nullptr;  // JS thread only; deleted when the release notice arrives
  bool counted = false;     // JS thread only: counted in delivery->liveRegs
  // Release() is idempotent: libvirt's free callback and our own release (see
  // StreamEventRemove) may both come; the notice goes through the same queue,
  // after every event posted before it.
  std::mutex mu;
  bool released = false;
  std::weak_ptr<EventReg> self;
  bool Post(EventMsg* m);
  void Release();
};

// JS-thread side of a registration.
struct EventCtx {
  Napi::ObjectReference connObj;
  Napi::FunctionReference dispatcher;
};

struct EventMsg {
  bool releaseNotice = false;  // the registration is gone: free its JS side
  std::shared_ptr<EventReg> reg;
  uint64_t at;          // uv_hrtime() when libvirt called us (for latency figures)
  void* obj = nullptr;  // referenced handle of the family's type, or null
  std::vector<Field> fields;
  // A loop callback or notice to run on the JS thread instead (env null: the environment is gone).
  std::function<void(Napi::Env)> task = nullptr;
};

// TypeScript multiplexes: libvirt refuses a second registration of the same C
// callback for the same event and object on one connection ("event callback
// already tracked"), so src/events.ts keeps one registration per (family,
// event ID, object) and fans events out to its listeners.
// Registrations by (connection, family, callback id), for deregistration
// and for close(). Guarded: FreeReg may run on libvirt's event loop thread.
static std::mutex gRegMutex;
static std::map<std::tuple<virConnectPtr, int, int>, std::shared_ptr<EventReg>> gRegs;
// Registrations of event IDs this build does not know, by (connection, family, event ID); see DoRegisterUnknown.
static std::mutex gUnknownMu;
static std::map<std::tuple<virConnectPtr, int, int>, std::shared_ptr<EventReg>> gUnknown;

static void DropObj(Family fam, void* obj) {
  if (!obj) return;
  switch (fam) {
    case F_DOMAIN:
    case F_LEGACY:
    case F_QEMU: virDomainFree(static_cast<virDomainPtr>(obj)); break;
    case F_NETWORK: virNetworkFree(static_cast<virNetworkPtr>(obj)); break;
    case F_POOL: virStoragePoolFree(static_cast<virStoragePoolPtr>(obj)); break;
    case F_NODEDEV: virNodeDeviceFree(static_cast<virNodeDevicePtr>(obj)); break;
    case F_SECRET: virSecretFree(static_cast<virSecretPtr>(obj)); break;
    case F_CLOSE:
    case F_STREAM: break;
  }
}

static Napi::Value WrapObj(Napi::Env env, Family fam, void* obj, Napi::Value conn) {
  switch (fam) {
    case F_DOMAIN:
    case F_LEGACY:
    case F_QEMU: return Domain::New(env, static_cast<virDomainPtr>(obj), conn);
    case F_NETWORK: return Handle<virNetworkPtr>::New(env, static_cast<virNetworkPtr>(obj), conn);
    case F_POOL: return Handle<virStoragePoolPtr>::New(env, static_cast<virStoragePoolPtr>(obj), conn);
    case F_NODEDEV: return Handle<virNodeDevicePtr>::New(env, static_cast<virNodeDevicePtr>(obj), conn);
    case F_SECRET: return Handle<virSecretPtr>::New(env, static_cast<virSecretPtr>(obj), conn);
    case F_CLOSE:
    case F_STREAM: break;
  }
  return env.Null();
}

bool EventReg::Post(EventMsg* m) {
  std::lock_guard<std::mutex> lock(mu);
  return active.load() && !released && delivery->Post(m);
}
void EventReg::Release() {
  {
    std::lock_guard<std::mutex> lock(mu);
    if (released) return;
    released = true;
  }
  auto* m = new EventMsg{true, self.lock(), 0, nullptr, {}};
  if (!m->reg || !delivery->Post(m)) delete m;
}

// JS thread: whether a registration keeps the process alive.
static void Count(Napi::Env env, EventReg* reg) {
  if (reg->counted) return;
  reg->counted = true;
  if (reg->delivery->liveRegs++ == 0) reg->delivery->tsfn.Ref(env);
}
static void Uncount(Napi::Env env, EventReg* reg) {
  if (!reg->counted) return;
  reg->counted = false;
  if (--reg->delivery->liveRegs == 0) reg->delivery->tsfn.Unref(env);
}

static void DeliverJs(Napi::Env env, Napi::Function, Delivery*, EventMsg* msg) {
  std::unique_ptr<EventMsg> m(msg);
  if (m->task) {
    m->task(env);
    return;
  }
  if (m->releaseNotice) {
    if (env != nullptr) {
      Uncount(env, m->reg.get());
      delete m->reg->ctx;
      m->reg->ctx = nullptr;
    }
    return;
  }
  EventCtx* ctx = m->reg->ctx;
  if (env == nullptr || !m->reg->active.load() || ctx == nullptr) {
    DropObj(m->reg->family, m->obj);
    return;
  }
  Napi::HandleScope scope(env);
  Napi::Value conn = ctx->connObj.Value();
  auto* c = Connection::Unwrap(conn.As<Napi::Object>());
  if (!c->Usable()) {  // closed meanwhile: nothing to deliver to
    DropObj(m->reg->family, m->obj);
    return;
  }
  if (m->reg->family == F_STREAM) m->fields.push_back(I(m->reg->pendingStreamEvents.exchange(0)));
  std::vector<napi_value> args;
  args.push_back(Napi::Number::New(env, static_cast<double>(m->at)));
  if (HasObj(m->reg->family)) args.push_back(WrapObj(env, m->reg->family, m->obj, conn));
  for (const auto& f : m->fields) args.push_back(ToJs(env, f));
  // the TypeScript dispatcher (at, obj, ...fields); it reports callback exceptions itself
  ctx->dispatcher.Call(args);
}

static void Post(void* opaque, void* obj, std::vector<Field> fields) {
  auto reg = *static_cast<std::shared_ptr<EventReg>*>(opaque);
  auto* m = new EventMsg{false, reg, uv_hrtime(), obj, std::move(fields)};
  if (!reg->Post(m)) {
    DropObj(reg->family, obj);
    delete m;
  }
}

// libvirt's free callback: the registration is gone on libvirt's side. It
// does not silence what is already queued: libvirt frees a close callback
// right after calling it, and that call must still reach JavaScript (the
// thread-safe function drains its queue before it finalizes). Only an
// explicit deregistration or close() drops queued events.
static void FreeReg(void* opaque) {
  auto* box = static_cast<std::shared_ptr<EventReg>*>(opaque);
  std::shared_ptr<EventReg> reg = *box;
  delete box;
  {
    std::lock_guard<std::mutex> lock(gRegMutex);
    auto it = gRegs.find({reg->conn, reg->family, reg->callbackId});
    if (it != gRegs.end() && it->second == reg) gRegs.erase(it);
  }
  {
    std::lock_guard<std::mutex> lock(gUnknownMu);
    auto it = gUnknown.find({reg->conn, reg->family, reg->eventId});
    if (it != gUnknown.end() && it->second == reg) gUnknown.erase(it);
  }
  reg->Release();
}

// --- C callbacks, one per signature ------------------------------------------------
static virDomainPtr RefD(virDomainPtr d) { virDomainRef(d); return d; }
#define DOMCB(NAME, PARAMS, ...)                                              \
  static void NAME(virConnectPtr, virDomainPtr dom PARAMS, void* opaque) {   \
    Post(opaque, RefD(dom), {__VA_ARGS__});                                    \
  }
#define P(...) , __VA_ARGS__

DOMCB(CbLifecycle, P(int event, int detail), I(event), I(detail))
DOMCB(CbGeneric, , )
DOMCB(CbRtc, P(long long utcoffset), LL(utcoffset))
DOMCB(CbWatchdog, P(int action), I(action))
DOMCB(CbIOError, P(const char* srcPath, const char* devAlias, int action), S(srcPath), S(devAlias), I(action))
DOMCB(CbIOErrorReason, P(const char* srcPath, const char* devAlias, int action, const char* reason), S(srcPath),
      S(devAlias), I(action), S(reason))
DOMCB(CbGraphics,
      P(int phase, const virDomainEventGraphicsAddress* local, const virDomainEventGraphicsAddress* remote,
        const char* authScheme, const virDomainEventGraphicsSubject* subject),
      I(phase), GAddr(local), GAddr(remote), S(authScheme), GSubject(subject))
DOMCB(CbBlockJob, P(const char* disk, int type, int status), S(disk), I(type), I(status))
DOMCB(CbDiskChange, P(const char* oldSrcPath, const char* newSrcPath, const char* devAlias, int reason),
      S(oldSrcPath), S(newSrcPath), S(devAlias), I(reason))
DOMCB(CbTrayChange, P(const char* devAlias, int reason), S(devAlias), I(reason))
DOMCB(CbReason, P(int reason), I(reason))
DOMCB(CbBalloon, P(unsigned long long actual), ULL(actual))
DOMCB(CbDevice, P(const char* devAlias), S(devAlias))
DOMCB(CbParams, P(virTypedParameterPtr params, int nparams), Params(params, nparams))
DOMCB(CbAgent, P(int state, int reason), I(state), I(reason))
DOMCB(CbMigrationIteration, P(int iteration), I(iteration))
DOMCB(CbMetadata, P(int type, const char* nsuri), I(type), S(nsuri))
DOMCB(CbBlockThreshold, P(const char* dev, const char* path, unsigned long long threshold, unsigned long long excess),
      S(dev), S(path), ULL(threshold), ULL(excess))
DOMCB(CbMemoryFailure, P(int recipient, int action, unsigned int flags), I(recipient), I(action), UI(flags))
DOMCB(CbMemoryDeviceSize, P(const char* alias, unsigned long long size), S(alias), ULL(size))

// Callback by VIR_DOMAIN_EVENT_ID_* (libvirt 9.0 has 27).
static virConnectDomainEventGenericCallback DomainCallbackFor(int id) {
  auto g = [](auto fn) { return VIR_DOMAIN_EVENT_CALLBACK(fn); };
  switch (id) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE: return g(CbLifecycle);
    case VIR_DOMAIN_EVENT_ID_REBOOT: return g(CbGeneric);
    case VIR_DOMAIN_EVENT_ID_RTC_CHANGE: return g(CbRtc);
    case VIR_DOMAIN_EVENT_ID_WATCHDOG: return g(CbWatchdog);
    case VIR_DOMAIN_EVENT_ID_IO_ERROR: return g(CbIOError);
    case VIR_DOMAIN_EVENT_ID_GRAPHICS: return g(CbGraphics);
    case VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON: return g(CbIOErrorReason);
    case VIR_DOMAIN_EVENT_ID_CONTROL_ERROR: return g(CbGeneric);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB: return g(CbBlockJob);
    case VIR_DOMAIN_EVENT_ID_DISK_CHANGE: return g(CbDiskChange);
    case VIR_DOMAIN_EVENT_ID_TRAY_CHANGE: return g(CbTrayChange);
    case VIR_DOMAIN_EVENT_ID_PMWAKEUP: return g(CbReason);
    case VIR_DOMAIN_EVENT_ID_PMSUSPEND: return g(CbReason);
    case VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE: return g(CbBalloon);
    case VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK: return g(CbReason);
    case VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED: return g(CbDevice);
    case VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2: return g(CbBlockJob);
    case VIR_DOMAIN_EVENT_ID_TUNABLE: return g(CbParams);
    case VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE: return g(CbAgent);
    case VIR_DOMAIN_EVENT_ID_DEVICE_ADDED: return g(CbDevice);
    case VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION: return g(CbMigrationIteration);
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED: return g(CbParams);
    case VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED: return g(CbDevice);
    case VIR_DOMAIN_EVENT_ID_METADATA_CHANGE: return g(CbMetadata);
    case VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD: return g(CbBlockThreshold);
    case VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE: return g(CbMemoryFailure);
    case VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE: return g(CbMemoryDeviceSize);
  }
  return nullptr;
}

#define OBJCB(NAME, PTR, REF, PARAMS, ...)                               \
  static void NAME(virConnectPtr, PTR obj PARAMS, void* opaque) {      \
    REF(obj);                                                           \
    Post(opaque, obj, {__VA_ARGS__});                                   \
  }
OBJCB(CbNetLifecycle, virNetworkPtr, virNetworkRef, P(int event, int detail), I(event), I(detail))
OBJCB(CbPoolLifecycle, virStoragePoolPtr, virStoragePoolRef, P(int event, int detail), I(event), I(detail))
OBJCB(CbPoolGeneric, virStoragePoolPtr, virStoragePoolRef, , )
OBJCB(CbDevLifecycle, virNodeDevicePtr, virNodeDeviceRef, P(int event, int detail), I(event), I(detail))
OBJCB(CbDevGeneric, virNodeDevicePtr, virNodeDeviceRef, , )
OBJCB(CbSecretLifecycle, virSecretPtr, virSecretRef, P(int event, int detail), I(event), I(detail))
OBJCB(CbSecretGeneric, virSecretPtr, virSecretRef, , )

static void CbClose(virConnectPtr, int reason, void* opaque) { Post(opaque, nullptr, {I(reason)}); }
static int CbLegacy(virConnectPtr, virDomainPtr dom, int event, int detail, void* opaque) {
  Post(opaque, RefD(dom), {I(event), I(detail)});
  return 0;
}
static void CbQemu(virConnectPtr, virDomainPtr dom, const char* event, long long seconds, unsigned int micros,
                   const char* details, void* opaque) {
  Post(opaque, RefD(dom), {S(event), I(seconds), UI(micros), S(details)});
}
static void CbStream(virStreamPtr, int events, void* opaque) {
  auto reg = *static_cast<std::shared_ptr<EventReg>*>(opaque);
  if (reg->pendingStreamEvents.fetch_or(events) != 0) return;  // one already on its way
  Post(opaque, nullptr, {});
}

// Stream event registrations by stream. libvirt 9.0's remote driver never
// calls the free callback of a stream event callback (remoteStreamCallbackFree
// tests `!cbdata->cb`, which is always set), so the binding releases them
// itself: on eventRemoveCallback() and when the stream's connection closes.
static std::mutex gStreamMutex;
static std::map<virStreamPtr, std::shared_ptr<EventReg>> gStreamRegs;

static void ReleaseStreamRegs(virConnectPtr conn) {
  std::lock_guard<std::mutex> lock(gStreamMutex);
  for (auto it = gStreamRegs.begin(); it != gStreamRegs.end();) {
    if (it->second->conn == conn) {
      it->second->active = false;
      it->second->Release();
      it = gStreamRegs.erase(it);
    } else {
      ++it;
    }
  }
}

// A registration, counted as keeping the process alive (JS thread).
static std::shared_ptr<EventReg> NewReg(Napi::Env env, Family fam, virConnectPtr conn, Napi::Object connObj,
                                       Napi::Function dispatcher) {
  auto reg = std::make_shared<EventReg>();
  reg->self = reg;
  reg->family = fam;
  reg->conn = conn;
  reg->delivery = static_cast<Delivery*>(Data(env)->eventDelivery);
  reg->ctx = new EventCtx{Napi::Persistent(connObj), Napi::Persistent(dispatcher)};
  Count(env, reg.get());
  return reg;
}

// --- JS API --------------------------------------------------------------------------
struct RegisterArgs {
  Family family;
  int eventId;
  void* obj;  // referenced object filter or null
  OptStr name;           // F_QEMU: event name filter (or null: every event)
  unsigned int flags;    // F_QEMU: VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_*
};

// --- event IDs this build does not know ---------------------------------------------
// An event ID beyond the compiled tables (a libvirt newer than the headers
// built against) goes to libvirt, which decides. The C callback's arguments
// are then unknown, so the opaque pointer cannot be found among them: these
// callbacks read only (conn, object), ignore the third argument, and find
// their registration by (connection, family, ID). Their payload is empty.
// TypeScript registers such an ID once per connection, without an object
// filter, and filters by object itself, so the key is unique.
constexpr int kUnknownIds = 64;  // IDs 0..63; libvirt 9.0 has 27 domain events

static void PostUnknown(Family fam, int id, virConnectPtr c, void* obj) {
  std::shared_ptr<EventReg> reg;
  {
    std::lock_guard<std::mutex> lock(gUnknownMu);
    auto it = gUnknown.find({c, fam, id});
    if (it != gUnknown.end()) reg = it->second;
  }
  auto* m = reg ? new EventMsg{false, reg, uv_hrtime(), obj, {}} : nullptr;
  if (!m || !reg->Post(m)) {
    DropObj(fam, obj);
    delete m;
  }
}

template <Family Fam, int Id, typename Ptr, int (*RefFn)(Ptr)>
static void CbUnknown(virConnectPtr c, Ptr obj, void* /* not the opaque when the event has more arguments */) {
  RefFn(obj);
  PostUnknown(Fam, Id, c, obj);
}

template <Family Fam, typename Ptr, int (*RefFn)(Ptr), int... Ids>
static const std::array<void (*)(virConnectPtr, Ptr, void*), sizeof...(Ids)>& UnknownTable(
    std::integer_sequence<int, Ids...>) {
  static const std::array<void (*)(virConnectPtr, Ptr, void*), sizeof...(Ids)> t{{&CbUnknown<Fam, Ids, Ptr, RefFn>...}};
  return t;
}
#define UNKNOWN_CB(FAM, PTR, REF, ID) \
  UnknownTable<FAM, PTR, REF>(std::make_integer_sequence<int, kUnknownIds>())[(ID) < 0 ? 0 : (ID)]

static bool KnownEventId(Family fam, int id) {
  int last = 1;
  switch (fam) {
    case F_DOMAIN: last = VIR_DOMAIN_EVENT_ID_LAST; break;
    case F_NETWORK: last = VIR_NETWORK_EVENT_ID_LAST; break;
    case F_POOL: last = VIR_STORAGE_POOL_EVENT_ID_LAST; break;
    case F_NODEDEV: last = VIR_NODE_DEVICE_EVENT_ID_LAST; break;
    case F_SECRET: last = VIR_SECRET_EVENT_ID_LAST; break;
    default: return true;
  }
  return id >= 0 && id < last;
}

// libvirt decides about an unknown ID (libvirt 9.0: VIR_ERR_INVALID_ARG).
static int DoRegisterUnknown(virConnectPtr c, const RegisterArgs& a, void* box) {
  int id = a.eventId;
  switch (a.family) {
    case F_DOMAIN:
      return virConnectDomainEventRegisterAny(c, static_cast<virDomainPtr>(a.obj), id,
                                              UNKNOWN_CB(F_DOMAIN, virDomainPtr, virDomainRef, id), box, FreeReg);
    case F_NETWORK:
      return virConnectNetworkEventRegisterAny(c, static_cast<virNetworkPtr>(a.obj), id,
                                               UNKNOWN_CB(F_NETWORK, virNetworkPtr, virNetworkRef, id), box, FreeReg);
    case F_POOL:
      return virConnectStoragePoolEventRegisterAny(
          c, static_cast<virStoragePoolPtr>(a.obj), id, UNKNOWN_CB(F_POOL, virStoragePoolPtr, virStoragePoolRef, id),
          box, FreeReg);
    case F_NODEDEV:
      return virConnectNodeDeviceEventRegisterAny(
          c, static_cast<virNodeDevicePtr>(a.obj), id, UNKNOWN_CB(F_NODEDEV, virNodeDevicePtr, virNodeDeviceRef, id),
          box, FreeReg);
    case F_SECRET:
      return virConnectSecretEventRegisterAny(c, static_cast<virSecretPtr>(a.obj), id,
                                              UNKNOWN_CB(F_SECRET, virSecretPtr, virSecretRef, id), box, FreeReg);
    default: break;
  }
  return -1;
}

static int DoRegister(virConnectPtr c, const RegisterArgs& a, void* box) {
  if (!KnownEventId(a.family, a.eventId)) return DoRegisterUnknown(c, a, box);
  switch (a.family) {
    case F_DOMAIN:
      return virConnectDomainEventRegisterAny(c, static_cast<virDomainPtr>(a.obj), a.eventId,
                                              DomainCallbackFor(a.eventId), box, FreeReg);
    case F_NETWORK:
      return virConnectNetworkEventRegisterAny(c, static_cast<virNetworkPtr>(a.obj), a.eventId,
                                               VIR_NETWORK_EVENT_CALLBACK(CbNetLifecycle), box, FreeReg);
    case F_POOL:
      return virConnectStoragePoolEventRegisterAny(
          c, static_cast<virStoragePoolPtr>(a.obj), a.eventId,
          a.eventId == VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE ? VIR_STORAGE_POOL_EVENT_CALLBACK(CbPoolLifecycle)
                                                           : VIR_STORAGE_POOL_EVENT_CALLBACK(CbPoolGeneric),
          box, FreeReg);
    case F_NODEDEV:
      return virConnectNodeDeviceEventRegisterAny(
          c, static_cast<virNodeDevicePtr>(a.obj), a.eventId,
          a.eventId == VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE ? VIR_NODE_DEVICE_EVENT_CALLBACK(CbDevLifecycle)
                                                          : VIR_NODE_DEVICE_EVENT_CALLBACK(CbDevGeneric),
          box, FreeReg);
    case F_SECRET:
      return virConnectSecretEventRegisterAny(
          c, static_cast<virSecretPtr>(a.obj), a.eventId,
          a.eventId == VIR_SECRET_EVENT_ID_LIFECYCLE ? VIR_SECRET_EVENT_CALLBACK(CbSecretLifecycle)
                                                     : VIR_SECRET_EVENT_CALLBACK(CbSecretGeneric),
          box, FreeReg);
    case F_CLOSE:
      return virConnectRegisterCloseCallback(c, CbClose, box, FreeReg) == 0 ? 0 : -1;
    case F_LEGACY:
      return virConnectDomainEventRegister(c, CbLegacy, box, FreeReg) == 0 ? 0 : -1;
    case F_QEMU:
      return virConnectDomainQemuMonitorEventRegister(c, static_cast<virDomainPtr>(a.obj), a.name.c_str(), CbQemu, box,
                                                      FreeReg, a.flags);
    case F_STREAM:
      break;
  }
  return -1;
}

static int DoDeregister(virConnectPtr c, Family fam, int id) {
  switch (fam) {
    case F_DOMAIN: return virConnectDomainEventDeregisterAny(c, id);
    case F_NETWORK: return virConnectNetworkEventDeregisterAny(c, id);
    case F_POOL: return virConnectStoragePoolEventDeregisterAny(c, id);
    case F_NODEDEV: return virConnectNodeDeviceEventDeregisterAny(c, id);
    case F_SECRET: return virConnectSecretEventDeregisterAny(c, id);
    case F_CLOSE: return virConnectUnregisterCloseCallback(c, CbClose);
    case F_LEGACY: return virConnectDomainEventDeregister(c, CbLegacy);
    case F_QEMU: return virConnectDomainQemuMonitorEventDeregister(c, id);
    case F_STREAM: break;
  }
  return -1;
}

template <typename P>
static void* ObjFilter(const Napi::CallbackInfo& info, const char* name) {
  if (IsAbsent(info[0])) return nullptr;
  auto* w = Handle<P>::FromValue(info.Env(), info[0], name);
  if (!w->Usable()) throw Napi::Error(info.Env(), MakeBindingError(info.Env(), w->ReleasedError(), Napi::Object()));
  return w->Acquire();
}

// register(family, obj|null, eventID, dispatcher) -> Promise<callbackID>
// wraps: virConnectDomainEventRegisterAny virConnectNetworkEventRegisterAny
// wraps: virConnectStoragePoolEventRegisterAny virConnectNodeDeviceEventRegisterAny
// wraps: virConnectSecretEventRegisterAny virConnectRegisterCloseCallback virConnectDomainEventRegister
// wraps: virConnectDomainQemuMonitorEventRegister
static Napi::Value Register(const Napi::CallbackInfo& info, Family fam) {
  Napi::Env env = info.Env();
  auto* self = Connection::This(info);
  const bool single = fam == F_CLOSE || fam == F_LEGACY;  // (callback) only
  // F_QEMU: (dom | null, event name | null, callback, flags)
  int eventId = (single || fam == F_QEMU) ? 0 : ArgInt32(info, 1, "eventID", false);
  // IDs beyond this build's table go to libvirt, which decides (see DoRegisterUnknown)
  if (eventId >= kUnknownIds)
    ThrowRange(env, "event ID below " + std::to_string(kUnknownIds), "eventID", info[1]);
  Napi::Function fn = ArgFunction(info, single ? 0 : 2, "callback");
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  RegisterArgs a{fam, eventId, nullptr, OptStr(), 0};
  if (fam == F_QEMU) {
    a.name = ArgOptString(info, 1, "event");
    a.flags = ArgUInt32(info, 3, "flags", true);
  }
  switch (fam) {
    case F_DOMAIN:
    case F_QEMU: a.obj = ObjFilter<virDomainPtr>(info, "dom"); break;
    case F_NETWORK: a.obj = ObjFilter<virNetworkPtr>(info, "net"); break;
    case F_POOL: a.obj = ObjFilter<virStoragePoolPtr>(info, "pool"); break;
    case F_NODEDEV: a.obj = ObjFilter<virNodeDevicePtr>(info, "dev"); break;
    case F_SECRET: a.obj = ObjFilter<virSecretPtr>(info, "secret"); break;
    case F_CLOSE:
    case F_LEGACY:
    case F_STREAM: break;
  }
  auto reg = NewReg(env, fam, self->ptr, info.This().As<Napi::Object>(), fn);
  reg->eventId = eventId;
  virConnectPtr h = self->Acquire();
  return StartCall<int>(env, {info.This()},
      [h, a, reg](int& id) {
        auto* box = new std::shared_ptr<EventReg>(reg);
        bool unknown = !KnownEventId(a.family, a.eventId);
        if (unknown) {
          std::lock_guard<std::mutex> lock(gUnknownMu);
          gUnknown[{reg->conn, a.family, a.eventId}] = reg;
        }
        id = DoRegister(h, a, box);
        if (id < 0) {  // libvirt did not take the box
          if (unknown) {
            std::lock_guard<std::mutex> lock(gUnknownMu);
            auto it = gUnknown.find({reg->conn, a.family, a.eventId});
            if (it != gUnknown.end() && it->second == reg) gUnknown.erase(it);
          }
          delete box;
          reg->active = false;
          reg->Release();
          return false;
        }
        return true;
      },
      [reg, fam](Napi::Env env, int& id, const std::vector<Napi::Value>&) -> Napi::Value {
        reg->callbackId = id;
        std::lock_guard<std::mutex> lock(gRegMutex);
        auto& slot = gRegs[{reg->conn, fam, id}];
        if (slot) {
          // The same key again: a driver without close callbacks (test:///default)
          // accepts a second registration and keeps neither; the one replaced
          // must stop keeping the process alive.
          slot->active = false;
          Uncount(env, slot.get());
        }
        slot = reg;
        return Napi::Number::New(env, id);
      },
      [h, a]() {
        if (a.obj) DropObj(a.family, a.obj);
        virConnectClose(h);
      });
}

// wraps: virConnectDomainEventDeregisterAny virConnectNetworkEventDeregisterAny
// wraps: virConnectStoragePoolEventDeregisterAny virConnectNodeDeviceEventDeregisterAny
// wraps: virConnectSecretEventDeregisterAny virConnectUnregisterCloseCallback virConnectDomainEventDeregister
// wraps: virConnectDomainQemuMonitorEventDeregister
static Napi::Value Deregister(const Napi::CallbackInfo& info, Family fam) {
  Napi::Env env = info.Env();
  auto* self = Connection::This(info);
  int id = (fam == F_CLOSE || fam == F_LEGACY) ? 0 : ArgInt32(info, 0, "callbackID", false);
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  {
    std::lock_guard<std::mutex> lock(gRegMutex);
    auto it = gRegs.find({self->ptr, fam, id});
    if (it != gRegs.end()) it->second->active = false;  // drop what is already queued
  }
  virConnectPtr h = self->Acquire();
  return StartCall<int>(env, {info.This()},
      [h, fam, id](int&) { return DoDeregister(h, fam, id) == 0; },
      [](Napi::Env env, int&, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::Number::New(env, 0); },
      [h]() { virConnectClose(h); });
}

// Called by Connection.close(): stop delivering, and stop keeping the
// process alive for registrations libvirt will free when the connection goes.
void EventsOnClose(Napi::Env env, virConnectPtr conn) {
  std::lock_guard<std::mutex> lock(gRegMutex);
  for (auto it = gRegs.begin(); it != gRegs.end();) {
    if (std::get<0>(it->first) == conn) {
      it->second->active = false;
      Uncount(env, it->second.get());  // libvirt frees it when the connection goes
      it = gRegs.erase(it);
    } else {
      ++it;
    }
  }
  ReleaseStreamRegs(conn);
}

#define REG_METHODS(FAM, REGNAME, DEREGNAME)                                                      \
  {REGNAME, [](const Napi::CallbackInfo& i) { return Register(i, FAM); }},                        \
  {DEREGNAME, [](const Napi::CallbackInfo& i) { return Deregister(i, FAM); }}

std::vector<MethodDef> EventMethods() {
  return {
      REG_METHODS(F_DOMAIN, "_domainEventRegisterAny", "_domainEventDeregisterAny"),
      REG_METHODS(F_NETWORK, "_networkEventRegisterAny", "_networkEventDeregisterAny"),
      REG_METHODS(F_POOL, "_storagePoolEventRegisterAny", "_storagePoolEventDeregisterAny"),
      REG_METHODS(F_NODEDEV, "_nodeDeviceEventRegisterAny", "_nodeDeviceEventDeregisterAny"),
      REG_METHODS(F_SECRET, "_secretEventRegisterAny", "_secretEventDeregisterAny"),
      REG_METHODS(F_CLOSE, "_registerCloseCallback", "_unregisterCloseCallback"),
      REG_METHODS(F_LEGACY, "_domainEventRegister", "_domainEventDeregister"),
      REG_METHODS(F_QEMU, "_qemuMonitorEventRegister", "_qemuMonitorEventDeregister"),
  };
}

// --- stream events -------------------------------------------------------------------
// A non-blocking stream (VIR_STREAM_NONBLOCK) reports through libvirt's event
// loop when it can be read or written. These run synchronously: they only
// touch the client's stream state, never the daemon.
static Handle<virStreamPtr>* UsableStream(const Napi::CallbackInfo& info) {
  auto* self = Handle<virStreamPtr>::This(info);
  if (!self->Usable()) throw Napi::Error(info.Env(), MakeBindingError(info.Env(), self->ReleasedError(), Napi::Object()));
  return self;
}
// Beside a finish() or abort() of the same stream, libvirt's test driver used
// freed memory (native/stream_io.h); this thread must not wait for one to end.
static void ThrowIfEnding(const Napi::CallbackInfo& info, const StreamIo& io, const char* what) {
  if (io.held()) return;
  throw Napi::Error(info.Env(), MakeBindingError(info.Env(), BindingErr{"ERR_LIBVIRT_STREAM_ENDING",
      std::string(what) + ": finish() or abort() is running on this stream"}, Napi::Object()));
}

// wraps: virStreamEventAddCallback
// _eventAddCallback(events, dispatcher(at, events))
static Napi::Value StreamEventAdd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* self = Handle<virStreamPtr>::This(info);
  int events = ArgInt32(info, 0, "events", false);
  Napi::Function fn = ArgFunction(info, 1, "callback");
  self = UsableStream(info);
  Napi::Value conn = self->ConnValue(info);
  if (!conn.IsObject() || !Connection::Unwrap(conn.As<Napi::Object>())->Usable())
    throw Napi::Error::New(env, "the stream's connection is closed");
  StreamIo io(self->ptr, StreamIo::TRY_MOVE);
  ThrowIfEnding(info, io, "eventAddCallback()");
  auto reg = NewReg(env, F_STREAM, Connection::Unwrap(conn.As<Napi::Object>())->ptr, conn.As<Napi::Object>(), fn);
  auto* box = new std::shared_ptr<EventReg>(reg);
  virResetLastError();
  if (virStreamEventAddCallback(self->ptr, events, CbStream, box, FreeReg) < 0) {
    VirErr e = CaptureLastError("virStreamEventAddCallback");
    delete box;
    reg->active = false;
    reg->Release();
    throw Napi::Error(env, MakeLibvirtError(env, e, Napi::Object()));
  }
  std::lock_guard<std::mutex> lock(gStreamMutex);
  gStreamRegs[self->ptr] = reg;
  return Napi::Number::New(env, 0);
}

// wraps: virStreamEventUpdateCallback
static Napi::Value StreamEventUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* self = Handle<virStreamPtr>::This(info);
  int events = ArgInt32(info, 0, "events", false);
  self = UsableStream(info);
  StreamIo io(self->ptr, StreamIo::TRY_MOVE);
  ThrowIfEnding(info, io, "eventUpdateCallback()");
  virResetLastError();
  if (virStreamEventUpdateCallback(self->ptr, events) < 0)
    throw Napi::Error(env, MakeLibvirtError(env, CaptureLastError("virStreamEventUpdateCallback"), Napi::Object()));
  return Napi::Number::New(env, 0);
}

// wraps: virStreamEventRemoveCallback
static Napi::Value StreamEventRemove(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* self = UsableStream(info);
  StreamIo io(self->ptr, StreamIo::TRY_MOVE);
  ThrowIfEnding(info, io, "eventRemoveCallback()");
  std::shared_ptr<EventReg> reg;
  {
    std::lock_guard<std::mutex> lock(gStreamMutex);
    auto it = gStreamRegs.find(self->ptr);
    if (it != gStreamRegs.end()) {
      reg = it->second;
      reg->active = false;  // drop what is already queued
      gStreamRegs.erase(it);
    }
  }
  virResetLastError();
  int rc = virStreamEventRemoveCallback(self->ptr);
  VirErr e;
  if (rc < 0) e = CaptureLastError("virStreamEventRemoveCallback");
  // No more callbacks after this returns (a dispatch in progress finds the
  // registration inactive): release the thread-safe function ourselves.
  if (reg) reg->Release();
  if (rc < 0) throw Napi::Error(env, MakeLibvirtError(env, e, Napi::Object()));
  return Napi::Number::New(env, 0);
}

std::vector<MethodDef> StreamEventMethods() {
  return {{"_eventAddCallback", StreamEventAdd},
          {"eventUpdateCallback", StreamEventUpdate},
          {"eventRemoveCallback", StreamEventRemove}};
}

// --- python-libvirt's event-loop calls and error handler --------------------------------
// virEventAddTimeout/AddHandle and friends on the binding's loop, for
// JavaScript callbacks. The loop thread posts each call to the environment's
// event queue and waits until JavaScript ran it, as python runs its callbacks
// on the loop thread: a handle callback that reads its fd leaves it not
// ready, and a timeout of 0 runs once per iteration, at JavaScript's pace.
// The wait ends early when the loop quits or the environment ends.
// The JS dispatcher (installed by src/pyloop.ts) gets (kind, ...):
// 0 iteration done; 1 timeout (timer); 2 handle (watch, fd, events); 3 error ([fields]).
static std::mutex gDeliveriesMu;
static std::vector<Delivery*> gDeliveries;  // every environment's (never freed)
static std::atomic<int> gErrorHandlers{0};

static void CallDispatcher(Napi::Env env, Delivery* d, std::initializer_list<napi_value> args) {
  if (env == nullptr || d->loopDispatcher.IsEmpty()) return;
  Napi::HandleScope scope(env);
  try {
    d->loopDispatcher.Call(std::vector<napi_value>(args));
  } catch (const Napi::Error&) {
    // the dispatcher reports callback exceptions itself
  }
}

// Runs `fn` on the JS thread and waits for it (loop thread).
static void RunOnJsAndWait(Delivery* d, std::function<void(Napi::Env)> fn) {
  auto done = std::make_shared<bool>(false);
  auto* m = new EventMsg{};
  m->task = [fn, done](Napi::Env env) {
    if (env != nullptr) fn(env);
    std::lock_guard<std::mutex> lock(gLoopWaitMu);
    *done = true;
    gLoopWaitCv.notify_all();
  };
  if (d->gone.load() || !d->Post(m)) {
    delete m;
    return;
  }
  std::unique_lock<std::mutex> lock(gLoopWaitMu);
  gLoopWaitCv.wait(lock, [&] { return *done || gLoopQuit.load() || d->gone.load(); });
}

static void PostToJs(Delivery* d, std::function<void(Napi::Env)> fn) {
  auto* m = new EventMsg{};
  m->task = std::move(fn);
  if (!d->Post(m)) delete m;
}

static void AfterIteration() {
  std::lock_guard<std::mutex> lock(gDeliveriesMu);
  for (Delivery* d : gDeliveries)
    if (d->iterationWanted.exchange(false))
      PostToJs(d, [d](Napi::Env env) { CallDispatcher(env, d, {Napi::Number::New(env, 0)}); });
}

struct LoopBox {
  Delivery* d;
};
static void LoopBoxFree(void* opaque) { delete static_cast<LoopBox*>(opaque); }

static void LoopTimeoutCb(int timer, void* opaque) {
  Delivery* d = static_cast<LoopBox*>(opaque)->d;
  RunOnJsAndWait(d, [d, timer](Napi::Env env) {
    CallDispatcher(env, d, {Napi::Number::New(env, 1), Napi::Number::New(env, timer)});
  });
}

static void LoopHandleCb(int watch, int fd, int events, void* opaque) {
  Delivery* d = static_cast<LoopBox*>(opaque)->d;
  RunOnJsAndWait(d, [d, watch, fd, events](Napi::Env env) {
    CallDispatcher(env, d, {Napi::Number::New(env, 2), Napi::Number::New(env, watch), Napi::Number::New(env, fd),
                            Napi::Number::New(env, events)});
  });
}

// Set for the process: virDispatchError calls it on the thread of each failed
// call. Silent unless an environment registered a handler.
static void LoopErrorFunc(void*, virErrorPtr err) {
  if (!err || gErrorHandlers.load() == 0) return;
  struct Copy {
    int code, domain, level, int1, int2;
    Field message, str1, str2, str3;
  };
  auto e = std::make_shared<Copy>(Copy{err->code, err->domain, err->level, err->int1, err->int2, S(err->message),
                                       S(err->str1), S(err->str2), S(err->str3)});
  std::lock_guard<std::mutex> lock(gDeliveriesMu);
  for (Delivery* d : gDeliveries) {
    if (!d->errorHandler.load()) continue;
    PostToJs(d, [d, e](Napi::Env env) {
      if (env == nullptr) return;
      Napi::HandleScope scope(env);
      // python's order: code, domain, message, level, str1, str2, str3, int1, int2
      Napi::Array a = Napi::Array::New(env, 9);
      a.Set(0u, e->code);
      a.Set(1u, e->domain);
      a.Set(2u, ToJs(env, e->message));
      a.Set(3u, e->level);
      a.Set(4u, ToJs(env, e->str1));
      a.Set(5u, ToJs(env, e->str2));
      a.Set(6u, ToJs(env, e->str3));
      a.Set(7u, e->int1);
      a.Set(8u, e->int2);
      CallDispatcher(env, d, {Napi::Number::New(env, 3), a});
    });
  }
}

static Delivery* LoopDelivery(const Napi::CallbackInfo& info) {
  return static_cast<Delivery*>(Data(info.Env())->eventDelivery);
}

// Keeps the process alive while JavaScript's timeouts and handles are registered.
// Ids JavaScript added, by kind: only these may be updated or removed from
// JavaScript (removing one of libvirt's own would free what libvirt still uses).
struct LoopIds {
  std::set<int> timers, watches;
};
static std::mutex gLoopIdsMu;
static std::map<Delivery*, LoopIds> gLoopIds;  // one entry per environment
// The ids an environment added (its JS thread; LoopGone at its end).
static LoopIds& IdsOf(Delivery* d) {
  std::lock_guard<std::mutex> lock(gLoopIdsMu);
  return gLoopIds[d];
}
static LoopIds& IdsOf(Napi::Env env) { return IdsOf(static_cast<Delivery*>(Data(env)->eventDelivery)); }
static void LoopRef(Napi::Env env, Delivery* d) {
  if (d->liveRegs++ == 0) d->tsfn.Ref(env);
}
static void LoopUnref(Napi::Env env, Delivery* d) {
  if (--d->liveRegs == 0) d->tsfn.Unref(env);
}

// _loopSetDispatcher(fn)
static Napi::Value LoopSetDispatcher(const Napi::CallbackInfo& info) {
  LoopDelivery(info)->loopDispatcher = Napi::Persistent(ArgFunction(info, 0, "dispatcher"));
  return info.Env().Undefined();
}

// wraps: virEventAddTimeout
static Napi::Value LoopAddTimeout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int ms = ArgInt32(info, 0, "timeout", false);
  Delivery* d = LoopDelivery(info);
  auto* box = new LoopBox{d};
  int id = virEventAddTimeout(ms, LoopTimeoutCb, box, LoopBoxFree);
  if (id < 0) {
    delete box;
    return Napi::Number::New(env, -1);
  }
  IdsOf(env).timers.insert(id);
  LoopRef(env, d);
  return Napi::Number::New(env, id);
}

// wraps: virEventUpdateTimeout
static Napi::Value LoopUpdateTimeout(const Napi::CallbackInfo& info) {
  int id = ArgInt32(info, 0, "timer", false);
  int ms = ArgInt32(info, 1, "timeout", false);
  if (IdsOf(info.Env()).timers.count(id)) virEventUpdateTimeout(id, ms);
  return info.Env().Undefined();
}

// wraps: virEventRemoveTimeout
static Napi::Value LoopRemoveTimeout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int id = ArgInt32(info, 0, "timer", false);
  if (!IdsOf(env).timers.erase(id)) return Napi::Number::New(env, -1);
  int rc = virEventRemoveTimeout(id);
  LoopUnref(env, LoopDelivery(info));
  return Napi::Number::New(env, rc);
}

// wraps: virEventAddHandle
static Napi::Value LoopAddHandle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt32(info, 0, "fd", false);
  int events = ArgInt32(info, 1, "events", false);
  Delivery* d = LoopDelivery(info);
  auto* box = new LoopBox{d};
  int id = virEventAddHandle(fd, events, LoopHandleCb, box, LoopBoxFree);
  if (id < 0) {
    delete box;
    return Napi::Number::New(env, -1);
  }
  IdsOf(env).watches.insert(id);
  LoopRef(env, d);
  return Napi::Number::New(env, id);
}

// wraps: virEventUpdateHandle
static Napi::Value LoopUpdateHandle(const Napi::CallbackInfo& info) {
  int id = ArgInt32(info, 0, "watch", false);
  int events = ArgInt32(info, 1, "events", false);
  if (IdsOf(info.Env()).watches.count(id)) virEventUpdateHandle(id, events);
  return info.Env().Undefined();
}

// wraps: virEventRemoveHandle
static Napi::Value LoopRemoveHandle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int id = ArgInt32(info, 0, "watch", false);
  if (!IdsOf(env).watches.erase(id)) return Napi::Number::New(env, -1);
  int rc = virEventRemoveHandle(id);
  LoopUnref(env, LoopDelivery(info));
  return Napi::Number::New(env, rc);
}

// _loopAwaitIteration(): the dispatcher gets (0) after the loop's current iteration
static Napi::Value LoopAwaitIteration(const Napi::CallbackInfo& info) {
  LoopDelivery(info)->iterationWanted = true;
  return info.Env().Undefined();
}

// _setErrorHandler(on)
static Napi::Value LoopSetErrorHandler(const Napi::CallbackInfo& info) {
  bool on = info[0].ToBoolean().Value();
  Delivery* d = LoopDelivery(info);
  if (d->errorHandler.exchange(on) != on) gErrorHandlers += on ? 1 : -1;
  return info.Env().Undefined();
}

// The environment ends: loop callbacks stop waiting for it, and its timeouts
// and handles leave the loop (their callbacks could reach nothing).
static void LoopGone(void* opaque) {
  Delivery* d = static_cast<Delivery*>(opaque);
  {
    std::lock_guard<std::mutex> lock(gLoopWaitMu);
    d->gone = true;
    if (d->errorHandler.exchange(false)) gErrorHandlers--;
    gLoopWaitCv.notify_all();
  }
  LoopIds& ids = IdsOf(d);
  for (int id : ids.timers) virEventRemoveTimeout(id);
  for (int id : ids.watches) virEventRemoveHandle(id);
  ids.timers.clear();
  ids.watches.clear();
}

void InitLoopCalls(Napi::Env env, Napi::Object exports) {
  exports.Set("_loopSetDispatcher", Napi::Function::New(env, LoopSetDispatcher, "_loopSetDispatcher"));
  exports.Set("_eventAddTimeout", Napi::Function::New(env, LoopAddTimeout, "_eventAddTimeout"));
  exports.Set("_eventUpdateTimeout", Napi::Function::New(env, LoopUpdateTimeout, "_eventUpdateTimeout"));
  exports.Set("_eventRemoveTimeout", Napi::Function::New(env, LoopRemoveTimeout, "_eventRemoveTimeout"));
  exports.Set("_eventAddHandle", Napi::Function::New(env, LoopAddHandle, "_eventAddHandle"));
  exports.Set("_eventUpdateHandle", Napi::Function::New(env, LoopUpdateHandle, "_eventUpdateHandle"));
  exports.Set("_eventRemoveHandle", Napi::Function::New(env, LoopRemoveHandle, "_eventRemoveHandle"));
  exports.Set("_loopAwaitIteration", Napi::Function::New(env, LoopAwaitIteration, "_loopAwaitIteration"));
  exports.Set("_setErrorHandler", Napi::Function::New(env, LoopSetErrorHandler, "_setErrorHandler"));
}

void InitEvents(Napi::Env env) {
  // never freed: see Delivery
  auto* d = new Delivery();
  d->tsfn = EventTsfn::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}), "libvirt-events", 0, 1, d);
  d->tsfn.Unref(env);  // nothing registered yet
  Data(env)->eventDelivery = d;
  {
    std::lock_guard<std::mutex> lock(gDeliveriesMu);
    gDeliveries.push_back(d);
  }
  StartEventLoop();
  // uses: virSetErrorFunc (after module.cc's: registerErrorHandler's handlers see libvirt's errors)
  virSetErrorFunc(nullptr, LoopErrorFunc);
  napi_add_env_cleanup_hook(env, StopEventLoop, nullptr);
  napi_add_env_cleanup_hook(env, Delivery::CloseHook, static_cast<Outbox<EventTsfn, EventMsg>*>(d));
  napi_add_env_cleanup_hook(env, LoopGone, d);  // runs first: loop callbacks stop waiting for this environment
}

}  // namespace lvn
