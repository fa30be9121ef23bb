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
#include "typed_params.h"

#include <libvirt/libvirt-qemu.h>

#include <uv.h>

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
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
  std::shared_ptr<TPList> params;  // a copy, strings included
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
  f.params = std::make_shared<TPList>();
  f.params->p = static_cast<virTypedParameterPtr>(calloc(n > 0 ? n : 1, sizeof(virTypedParameter)));
  f.params->calloced = true;  // freed with virTypedParamsClear and free
  for (int k = 0; f.params->p && k < n; k++, f.params->n++) {
    f.params->p[k] = p[k];
    if (p[k].type == VIR_TYPED_PARAM_STRING) f.params->p[k].value.s = strdup(p[k].value.s ? p[k].value.s : "");
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
    case Field::PARAMS: return TypedParamsToObject(env, f.params->p, f.params->n);
  }
  return env.Undefined();
}

// --- registrations -------------------------------------------------------------
// F_LEGACY: virConnectDomainEventRegister (lifecycle only, one per connection);
// F_STREAM: virStreamEventAddCallback (one per stream).
// F_QEMU: virConnectDomainQemuMonitorEventRegister (QMP events by name).
enum Family { F_DOMAIN, F_NETWORK, F_POOL, F_NODEDEV, F_SECRET, F_CLOSE, F_LEGACY, F_STREAM, F_QEMU };

struct RegisterArgs {
  Family family;
  int eventId;
  void* obj;  // referenced object filter or null
  OptStr name;           // F_QEMU: event name filter (or null: every event)
  unsigned int flags;    // F_QEMU: VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_*
};

// What differs between the families (the table, kFamilies, follows the C callbacks).
struct FamilyOps {
  int last;            // the event IDs this build knows are below it (1: a family without IDs)
  const char* objArg;  // the object filter's argument name (null: no filter)
  void* (*filter)(const Napi::CallbackInfo& info, const char* name);  // the filter, referenced, or null
  void (*drop)(void* obj);  // null: the family's events carry no object
  Napi::Value (*wrap)(Napi::Env env, void* obj, Napi::Value conn);
  int (*reg)(virConnectPtr c, const RegisterArgs& a, void* box);  // the callback ID, or -1
  int (*dereg)(virConnectPtr c, int callbackId);
};
static const FamilyOps& Ops(Family fam);

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
  // JS thread only: the timeouts and handles JavaScript added. Only these may be
  // updated or removed from JavaScript (removing one of libvirt's own would free
  // what libvirt still uses); they keep the process alive while registered.
  std::set<int> loopTimers, loopWatches;
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
// Registrations of event IDs this build does not know, by (connection, family, event ID); see PostUnknown.
static std::mutex gUnknownMu;
static std::map<std::tuple<virConnectPtr, int, int>, std::shared_ptr<EventReg>> gUnknown;

static void DropObj(Family fam, void* obj) {
  if (obj) Ops(fam).drop(obj);
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
  if (Ops(m->reg->family).wrap) args.push_back(Ops(m->reg->family).wrap(env, m->obj, conn));
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

// Takes `reg` out of gUnknown (if it is there).
static void ForgetUnknown(const std::shared_ptr<EventReg>& reg) {
  std::lock_guard<std::mutex> lock(gUnknownMu);
  auto it = gUnknown.find({reg->conn, reg->family, reg->eventId});
  if (it != gUnknown.end() && it->second == reg) gUnknown.erase(it);
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
  ForgetUnknown(reg);
  reg->Release();
}

// --- C callbacks, one per signature ------------------------------------------------
static virDomainPtr RefD(virDomainPtr d) { virDomainRef(d); return d; }
#include "generated/domain_events.gen.h"  // the domain events' callbacks, from their <functype>

// The other object families: ID 0 is lifecycle (event, detail); the others carry the object alone.
template <typename P>
using GenericCb = void (*)(virConnectPtr, P, void*);
template <typename P>
static void CbObjLifecycle(virConnectPtr, P obj, int event, int detail, void* opaque) {
  Traits<P>::Ref(obj);
  Post(opaque, obj, {I(event), I(detail)});
}
template <typename P>
static void CbObjGeneric(virConnectPtr, P obj, void* opaque) {
  Traits<P>::Ref(obj);
  Post(opaque, obj, {});
}
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

// --- event IDs this build does not know ---------------------------------------------
// An event ID beyond the compiled tables (a libvirt newer than the headers
// built against) goes to libvirt, which decides (libvirt 9.0: VIR_ERR_INVALID_ARG).
// The C callback's arguments are then unknown, so the opaque pointer cannot be
// found among them: these callbacks read only (conn, object), ignore the third
// argument, and find their registration by (connection, family, ID). Their
// payload is empty. TypeScript registers such an ID once per connection,
// without an object filter, and filters by object itself, so the key is unique.
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

template <Family Fam, int Id, typename P>
static void CbUnknown(virConnectPtr c, P obj, void* /* not the opaque when the event has more arguments */) {
  Traits<P>::Ref(obj);
  PostUnknown(Fam, Id, c, obj);
}

template <Family Fam, typename P, int... Ids>
static GenericCb<P> UnknownCallback(int id, std::integer_sequence<int, Ids...>) {
  static const GenericCb<P> t[] = {&CbUnknown<Fam, Ids, P>...};
  return t[id < 0 ? 0 : id];
}

static bool KnownEventId(Family fam, int id) { return id >= 0 && id < Ops(fam).last; }

// --- the families ----------------------------------------------------------------------
// virConnect*EventRegisterAny with the C callback for the event ID.
template <Family Fam, typename P, int (*RegisterAny)(virConnectPtr, P, int, GenericCb<P>, void*, virFreeCallback)>
static int RegisterObj(virConnectPtr c, const RegisterArgs& a, void* box) {
  GenericCb<P> cb;
  if (!KnownEventId(Fam, a.eventId))
    cb = UnknownCallback<Fam, P>(a.eventId, std::make_integer_sequence<int, kUnknownIds>());
  else if constexpr (Fam == F_DOMAIN)
    cb = DomainCallbackFor(a.eventId);
  else  // as libvirt's VIR_*_EVENT_CALLBACK macros cast (void (*)(): no -Wcast-function-type)
    cb = a.eventId == 0 ? reinterpret_cast<GenericCb<P>>(reinterpret_cast<void (*)()>(&CbObjLifecycle<P>))
                        : &CbObjGeneric<P>;
  return RegisterAny(c, static_cast<P>(a.obj), a.eventId, cb, box, FreeReg);
}

template <typename P>
static void* ObjFilter(const Napi::CallbackInfo& info, const char* name) {
  if (IsAbsent(info[0])) return nullptr;
  auto* w = Handle<P>::FromValue(info.Env(), info[0], name);
  if (!w->Usable()) ThrowBindingError(info.Env(), w->ReleasedError());
  return w->Acquire();
}
template <typename P>
static void DropT(void* obj) { Traits<P>::Free(static_cast<P>(obj)); }
template <typename P>
static Napi::Value WrapT(Napi::Env env, void* obj, Napi::Value conn) {
  return Handle<P>::New(env, static_cast<P>(obj), conn);
}

#define OBJ_FAMILY(FAM, P, ARG, LAST, REGISTER, DEREGISTER) \
  {LAST, ARG, ObjFilter<P>, DropT<P>, WrapT<P>, RegisterObj<FAM, P, REGISTER>, DEREGISTER}

static const FamilyOps kFamilies[] = {  // in the order of Family
    OBJ_FAMILY(F_DOMAIN, virDomainPtr, "dom", VIR_DOMAIN_EVENT_ID_LAST, virConnectDomainEventRegisterAny,
               virConnectDomainEventDeregisterAny),
    OBJ_FAMILY(F_NETWORK, virNetworkPtr, "net", VIR_NETWORK_EVENT_ID_LAST, virConnectNetworkEventRegisterAny,
               virConnectNetworkEventDeregisterAny),
    OBJ_FAMILY(F_POOL, virStoragePoolPtr, "pool", VIR_STORAGE_POOL_EVENT_ID_LAST, virConnectStoragePoolEventRegisterAny,
               virConnectStoragePoolEventDeregisterAny),
    OBJ_FAMILY(F_NODEDEV, virNodeDevicePtr, "dev", VIR_NODE_DEVICE_EVENT_ID_LAST, virConnectNodeDeviceEventRegisterAny,
               virConnectNodeDeviceEventDeregisterAny),
    OBJ_FAMILY(F_SECRET, virSecretPtr, "secret", VIR_SECRET_EVENT_ID_LAST, virConnectSecretEventRegisterAny,
               virConnectSecretEventDeregisterAny),
    {1, nullptr, nullptr, nullptr, nullptr,  // F_CLOSE
     [](virConnectPtr c, const RegisterArgs&, void* box) {
       return virConnectRegisterCloseCallback(c, CbClose, box, FreeReg) == 0 ? 0 : -1;
     },
     [](virConnectPtr c, int) { return virConnectUnregisterCloseCallback(c, CbClose); }},
    {1, nullptr, nullptr, DropT<virDomainPtr>, WrapT<virDomainPtr>,  // F_LEGACY
     [](virConnectPtr c, const RegisterArgs&, void* box) {
       return virConnectDomainEventRegister(c, CbLegacy, box, FreeReg) == 0 ? 0 : -1;
     },
     [](virConnectPtr c, int) { return virConnectDomainEventDeregister(c, CbLegacy); }},
    {1, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},  // F_STREAM: see "stream events"
    {1, "dom", ObjFilter<virDomainPtr>, DropT<virDomainPtr>, WrapT<virDomainPtr>,  // F_QEMU
     [](virConnectPtr c, const RegisterArgs& a, void* box) {
       return virConnectDomainQemuMonitorEventRegister(c, static_cast<virDomainPtr>(a.obj), a.name.c_str(), CbQemu,
                                                       box, FreeReg, a.flags);
     },
     virConnectDomainQemuMonitorEventDeregister},
};
static_assert(sizeof(kFamilies) / sizeof(kFamilies[0]) == F_QEMU + 1, "one entry per Family");
static const FamilyOps& Ops(Family fam) { return kFamilies[fam]; }

// --- JS API --------------------------------------------------------------------------
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
  // IDs beyond this build's table go to libvirt, which decides (see "event IDs this build does not know")
  if (eventId >= kUnknownIds)
    ThrowRange(env, "event ID below " + std::to_string(kUnknownIds), "eventID", info[1]);
  Napi::Function fn = ArgFunction(info, single ? 0 : 2, "callback");
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  RegisterArgs a{fam, eventId, nullptr, OptStr(), 0};
  if (fam == F_QEMU) {
    a.name = ArgOptString(info, 1, "event");
    a.flags = ArgUInt32(info, 3, "flags", true);
  }
  if (Ops(fam).filter) a.obj = Ops(fam).filter(info, Ops(fam).objArg);
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
        id = Ops(a.family).reg(h, a, box);
        if (id < 0) {  // libvirt did not take the box
          if (unknown) ForgetUnknown(reg);
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
      [h, fam, id](int&) { return Ops(fam).dereg(h, id) == 0; },
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
  if (!self->Usable()) ThrowBindingError(info.Env(), self->ReleasedError());
  return self;
}
// Beside a finish() or abort() of the same stream, libvirt's test driver used
// freed memory (native/stream_io.h); this thread must not wait for one to end.
static void ThrowIfEnding(const Napi::CallbackInfo& info, const StreamIo& io, const char* what) {
  if (io.held()) return;
  ThrowBindingError(info.Env(), {"ERR_LIBVIRT_STREAM_ENDING",
                                 std::string(what) + ": finish() or abort() is running on this stream"});
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

// The loop callbacks' opaque is the environment's Delivery (never freed).
static void LoopTimeoutCb(int timer, void* opaque) {
  Delivery* d = static_cast<Delivery*>(opaque);
  RunOnJsAndWait(d, [d, timer](Napi::Env env) {
    CallDispatcher(env, d, {Napi::Number::New(env, 1), Napi::Number::New(env, timer)});
  });
}

static void LoopHandleCb(int watch, int fd, int events, void* opaque) {
  Delivery* d = static_cast<Delivery*>(opaque);
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

// _loopSetDispatcher(fn)
static Napi::Value LoopSetDispatcher(const Napi::CallbackInfo& info) {
  LoopDelivery(info)->loopDispatcher = Napi::Persistent(ArgFunction(info, 0, "dispatcher"));
  return info.Env().Undefined();
}

// What virEventAddTimeout/AddHandle returned: a new id is recorded in `ids`
// and keeps the process alive until JavaScript removes it.
static Napi::Value Added(Napi::Env env, Delivery* d, std::set<int>& ids, int id) {
  if (id >= 0 && ids.insert(id).second && d->liveRegs++ == 0) d->tsfn.Ref(env);
  return Napi::Number::New(env, id < 0 ? -1 : id);
}

// What virEventRemoveTimeout/RemoveHandle do for an id JavaScript added (else -1).
static Napi::Value Removed(Napi::Env env, Delivery* d, std::set<int>& ids, int id, int (*remove)(int)) {
  if (!ids.erase(id)) return Napi::Number::New(env, -1);
  int rc = remove(id);
  if (--d->liveRegs == 0) d->tsfn.Unref(env);
  return Napi::Number::New(env, rc);
}

// wraps: virEventAddTimeout
static Napi::Value LoopAddTimeout(const Napi::CallbackInfo& info) {
  int ms = ArgInt32(info, 0, "timeout", false);
  Delivery* d = LoopDelivery(info);
  return Added(info.Env(), d, d->loopTimers, virEventAddTimeout(ms, LoopTimeoutCb, d, nullptr));
}

// wraps: virEventUpdateTimeout
static Napi::Value LoopUpdateTimeout(const Napi::CallbackInfo& info) {
  int id = ArgInt32(info, 0, "timer", false);
  int ms = ArgInt32(info, 1, "timeout", false);
  if (LoopDelivery(info)->loopTimers.count(id)) virEventUpdateTimeout(id, ms);
  return info.Env().Undefined();
}

// wraps: virEventRemoveTimeout
static Napi::Value LoopRemoveTimeout(const Napi::CallbackInfo& info) {
  int id = ArgInt32(info, 0, "timer", false);
  Delivery* d = LoopDelivery(info);
  return Removed(info.Env(), d, d->loopTimers, id, virEventRemoveTimeout);
}

// wraps: virEventAddHandle
static Napi::Value LoopAddHandle(const Napi::CallbackInfo& info) {
  int fd = ArgInt32(info, 0, "fd", false);
  int events = ArgInt32(info, 1, "events", false);
  Delivery* d = LoopDelivery(info);
  return Added(info.Env(), d, d->loopWatches, virEventAddHandle(fd, events, LoopHandleCb, d, nullptr));
}

// wraps: virEventUpdateHandle
static Napi::Value LoopUpdateHandle(const Napi::CallbackInfo& info) {
  int id = ArgInt32(info, 0, "watch", false);
  int events = ArgInt32(info, 1, "events", false);
  if (LoopDelivery(info)->loopWatches.count(id)) virEventUpdateHandle(id, events);
  return info.Env().Undefined();
}

// wraps: virEventRemoveHandle
static Napi::Value LoopRemoveHandle(const Napi::CallbackInfo& info) {
  int id = ArgInt32(info, 0, "watch", false);
  Delivery* d = LoopDelivery(info);
  return Removed(info.Env(), d, d->loopWatches, id, virEventRemoveHandle);
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
  for (int id : d->loopTimers) virEventRemoveTimeout(id);
  for (int id : d->loopWatches) virEventRemoveHandle(id);
  d->loopTimers.clear();
  d->loopWatches.clear();
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
