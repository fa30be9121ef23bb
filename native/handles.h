// One JavaScript class per libvirt handle type (virConnectPtr, virDomainPtr,
// ...). Every wrapper owns exactly one libvirt reference, freed once: by an
// explicit free()/close(), by its connection's close(), or by the finalizer.
// A wrapper released while calls on it run keeps its reference until the
// last of them settles, so freeing a wrapper while a call runs on it is safe.
#pragma once

#include "common.h"


namespace lvn {

enum HandleKind {
  K_CONNECT = 0,
  K_DOMAIN,
  K_NETWORK,
  K_NETWORK_PORT,
  K_INTERFACE,
  K_STORAGE_POOL,
  K_STORAGE_VOL,
  K_NODE_DEVICE,
  K_SECRET,
  K_NWFILTER,
  K_NWFILTER_BINDING,
  K_DOMAIN_SNAPSHOT,
  K_DOMAIN_CHECKPOINT,
  K_STREAM,
  K_COUNT
};

template <typename P> struct Traits;

// Acquire() takes a reference for every call in flight with the type's Ref:
// uses: virConnectRef virDomainRef virNetworkRef virNetworkPortRef virInterfaceRef
// uses: virStoragePoolRef virStorageVolRef virNodeDeviceRef virSecretRef virNWFilterRef
// uses: virNWFilterBindingRef virDomainSnapshotRef virDomainCheckpointRef virStreamRef

#define LVN_TRAITS(PTR, KIND, JSNAME, REF, FREE, LABEL)        \
  template <> struct Traits<PTR> {                              \
    static constexpr HandleKind kind = KIND;                    \
    static constexpr const char* name = JSNAME;                 \
    static int Ref(PTR p) { return REF(p); }                    \
    static int Free(PTR p) { return FREE(p); }                  \
    static std::string Label(PTR p) { LABEL }                   \
  };

#define LVN_LABEL_NAME(FN) const char* s = FN(p); return s ? s : "";
#define LVN_LABEL_NONE return "";

LVN_TRAITS(virConnectPtr, K_CONNECT, "Connection", virConnectRef, virConnectClose, LVN_LABEL_NONE)
LVN_TRAITS(virDomainPtr, K_DOMAIN, "Domain", virDomainRef, virDomainFree, LVN_LABEL_NAME(virDomainGetName))
LVN_TRAITS(virNetworkPtr, K_NETWORK, "Network", virNetworkRef, virNetworkFree, LVN_LABEL_NAME(virNetworkGetName))
LVN_TRAITS(virNetworkPortPtr, K_NETWORK_PORT, "NetworkPort", virNetworkPortRef, virNetworkPortFree, LVN_LABEL_NONE)
LVN_TRAITS(virInterfacePtr, K_INTERFACE, "Interface", virInterfaceRef, virInterfaceFree, LVN_LABEL_NAME(virInterfaceGetName))
LVN_TRAITS(virStoragePoolPtr, K_STORAGE_POOL, "StoragePool", virStoragePoolRef, virStoragePoolFree, LVN_LABEL_NAME(virStoragePoolGetName))
LVN_TRAITS(virStorageVolPtr, K_STORAGE_VOL, "StorageVol", virStorageVolRef, virStorageVolFree, LVN_LABEL_NAME(virStorageVolGetName))
LVN_TRAITS(virNodeDevicePtr, K_NODE_DEVICE, "NodeDevice", virNodeDeviceRef, virNodeDeviceFree, LVN_LABEL_NAME(virNodeDeviceGetName))
LVN_TRAITS(virSecretPtr, K_SECRET, "Secret", virSecretRef, virSecretFree, LVN_LABEL_NONE)
LVN_TRAITS(virNWFilterPtr, K_NWFILTER, "NWFilter", virNWFilterRef, virNWFilterFree, LVN_LABEL_NAME(virNWFilterGetName))
LVN_TRAITS(virNWFilterBindingPtr, K_NWFILTER_BINDING, "NWFilterBinding", virNWFilterBindingRef, virNWFilterBindingFree, LVN_LABEL_NAME(virNWFilterBindingGetPortDev))
LVN_TRAITS(virDomainSnapshotPtr, K_DOMAIN_SNAPSHOT, "DomainSnapshot", virDomainSnapshotRef, virDomainSnapshotFree, LVN_LABEL_NAME(virDomainSnapshotGetName))
LVN_TRAITS(virDomainCheckpointPtr, K_DOMAIN_CHECKPOINT, "DomainCheckpoint", virDomainCheckpointRef, virDomainCheckpointFree, LVN_LABEL_NAME(virDomainCheckpointGetName))
LVN_TRAITS(virStreamPtr, K_STREAM, "Stream", virStreamRef, virStreamFree, LVN_LABEL_NONE)

// A method defined on a wrapper class prototype.
struct MethodDef {
  const char* name;
  Napi::Value (*fn)(const Napi::CallbackInfo&);
};

class HandleBase {
 public:
  virtual ~HandleBase() = default;
  // Frees the libvirt reference because the owning connection closes.
  virtual void ReleaseByParent() = 0;
  // The Connection wrapper this one belongs to (null for connections). While
  // set, this wrapper holds a counted reference on the connection's JS object
  // (so a Domain keeps its Connection alive, as in python-libvirt) and sits in
  // the connection's list of children. Cleared by free() and by garbage
  // collection, and by the connection's own finalizer (process teardown).
  HandleBase* owner = nullptr;
  // The connection's children: an intrusive list, so making a wrapper
  // allocates nothing beyond the wrapper.
  HandleBase* firstChild = nullptr;
  HandleBase* prevSibling = nullptr;
  HandleBase* nextSibling = nullptr;
  // Wrappers holding a libvirt reference right now (JS thread only); read by
  // tests to show that garbage-collected wrappers free their handles.
  static int64_t live;

  // Leaves the connection's list; drops the count unless the connection's
  // wrapper is going away itself.
  void Orphan(bool dropCount) {
    if (!owner) return;
    if (prevSibling) prevSibling->nextSibling = nextSibling;
    else owner->firstChild = nextSibling;
    if (nextSibling) nextSibling->prevSibling = prevSibling;
    HandleBase* conn = owner;
    owner = prevSibling = nextSibling = nullptr;
    if (dropCount) conn->DropObject();
  }

 protected:
  // The counted reference on this wrapper's JS object (connections only).
  virtual void HoldObject() = 0;
  virtual void DropObject() = 0;

  void Adopt(HandleBase* conn) {
    owner = conn;
    conn->HoldObject();
    prevSibling = nullptr;
    nextSibling = conn->firstChild;
    if (nextSibling) nextSibling->prevSibling = this;
    conn->firstChild = this;
  }
};

const napi_type_tag* TagFor(HandleKind k);

// virConnectClose on a short-lived thread of its own (for garbage-collected
// connections that were never closed).
void CloseConnectionOffThread(virConnectPtr conn);
// Set by Handle<P>::New around the constructor call, so `new Domain()` from
// JavaScript fails; the constructor leaves the new wrapper in `constructed`
// (no napi_unwrap needed). The constructor runs no JavaScript, so nothing
// else can construct in between.
struct Constructing {
  static thread_local bool internal;
  static thread_local HandleBase* constructed;
};

template <typename P>
class Handle : public Napi::ObjectWrap<Handle<P>>, public HandleBase {
 public:
  using Tr = Traits<P>;

  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle<P>>(info) {
    if (!Constructing::internal) {
      Napi::TypeError::New(info.Env(), std::string(Tr::name) +
                                           " objects are not constructed directly; get them "
                                           "from a Connection (lookupByName, defineXML, ...)")
          .ThrowAsJavaScriptException();
      return;
    }
    Constructing::internal = false;
    napi_type_tag_object(info.Env(), info.This(), TagFor(Tr::kind));
    Constructing::constructed = this;
  }

  ~Handle() override {
    if (Tr::kind == K_CONNECT) {
      // Finalized (only possible once no child holds it, or at process
      // teardown): the children forget it; their handles are freed first.
      while (firstChild) {
        HandleBase* c = firstChild;
        c->ReleaseByParent();
        c->Orphan(false);
      }
    }
    Release(false, false);
  }

  // Defines the JS class with the given methods on its prototype.
  static Napi::Function Define(Napi::Env env, const std::vector<std::vector<MethodDef>>& groups) {
    Napi::Function ctor = Napi::ObjectWrap<Handle<P>>::DefineClass(env, Tr::name, {});
    Napi::Object proto = ctor.Get("prototype").As<Napi::Object>();
    for (const auto& group : groups)
      for (const auto& m : group)
        proto.DefineProperty(Napi::PropertyDescriptor::Value(
            m.name, Napi::Function::New(env, m.fn, m.name),
            static_cast<napi_property_attributes>(napi_writable | napi_configurable)));
    Data(env)->ctor[Tr::kind] = Napi::Persistent(ctor);
    return ctor;
  }

  // Wraps a pointer that carries one libvirt reference of its own, owned by
  // the new wrapper. `conn` is the Connection wrapper object (undefined for
  // a connection itself).
  static Napi::Object New(Napi::Env env, P ptr, Napi::Value conn) {
    HandleBase* owner = conn.IsObject() ? Handle<virConnectPtr>::Unwrap(conn.As<Napi::Object>()) : nullptr;
    return Napi::Object(env, NewRaw(env, Data(env)->ctor[Tr::kind].Value(), ptr, owner));
  }

  // New() with the constructor and the owning connection's wrapper looked up
  // by the caller. Throws (Napi::Error) if JavaScript cannot run; `ptr` is
  // then not owned by a wrapper.
  static napi_value NewRaw(napi_env env, napi_value ctor, P ptr, HandleBase* owner) {
    napi_value obj;
    Constructing::internal = true;
    Constructing::constructed = nullptr;
    napi_status st = napi_new_instance(env, ctor, 0, nullptr, &obj);
    Constructing::internal = false;
    HandleBase* made = Constructing::constructed;
    Constructing::constructed = nullptr;
    if (st != napi_ok || !made) throw Napi::Error::New(env);
    Handle* h = static_cast<Handle*>(made);
    h->ptr = ptr;
    HandleBase::live++;
    if (owner) h->Adopt(owner);
    return obj;
  }

  // The wrapper behind `this`, checked by type tag: calling Domain.prototype
  // methods on another object throws a TypeError instead of crashing.
  static Handle* This(const Napi::CallbackInfo& info) {
    return FromValue(info.Env(), info.This(), "this");
  }
  static Handle* FromValue(Napi::Env env, const Napi::Value& v, const char* argName) {
    bool ok = false;
    if (v.IsObject()) napi_check_object_type_tag(env, v, TagFor(Tr::kind), &ok);
    if (!ok) ThrowType(env, Tr::name, argName, v);
    return Handle::Unwrap(v.As<Napi::Object>());
  }

  // A list of n new wrappers for `list` (taken over, array included).
  static Napi::Value NewList(Napi::Env env, P* list, int n, Napi::Value conn) {
    Napi::Array out = Napi::Array::New(env, n);
    int i = 0;
    try {
      HandleBase* owner = conn.IsObject() ? Handle<virConnectPtr>::Unwrap(conn.As<Napi::Object>()) : nullptr;
      napi_value ctor = Data(env)->ctor[Tr::kind].Value();
      for (; i < n; i++) {
        napi_value w = NewRaw(env, ctor, list[i], owner);
        list[i] = nullptr;  // the wrapper's now
        out.Set(static_cast<uint32_t>(i), w);
      }
    } catch (...) {
      for (; i < n; i++)
        if (list[i]) Tr::Free(list[i]);
      free(list);
      throw;
    }
    free(list);
    return out;
  }

  bool Usable() const { return ptr != nullptr; }

  // The error for calls on a wrapper whose handle is gone.
  BindingErr ReleasedError() const {
    std::string what = std::string(Tr::name) + (label.empty() ? "" : " '" + label + "'");
    if (closedByParent)
      return {"ERR_LIBVIRT_CLOSED", what + " cannot be used: its connection was closed"};
    if (Tr::kind == K_CONNECT) return {"ERR_LIBVIRT_CLOSED", "Connection is closed"};
    return {"ERR_LIBVIRT_FREED", what + " was freed"};
  }

  // Takes a reference for a call in flight (dropped with Tr::Free on the worker).
  P Acquire() {
    Tr::Ref(ptr);
    return ptr;
  }

  // The Connection JS object this wrapper belongs to (itself for a connection).
  Napi::Value ConnValue(const Napi::CallbackInfo& info) {
    if (Tr::kind == K_CONNECT) return info.This();
    return owner ? static_cast<Handle<virConnectPtr>*>(owner)->Value() : info.Env().Undefined();
  }

  // Drops the wrapper's libvirt reference (idempotent). `byParent`: its
  // connection closes; the wrapper stays in the connection's list (connect()
  // still answers). Otherwise (free(), garbage collection) it leaves it.
  void Release(bool byParent, bool wantLabel = true) {
    if (ptr) {
      if (Tr::kind == K_CONNECT) {
        // Only a finalizer gets here for a connection (close() takes the
        // pointer itself): closing may talk to the daemon, so not on the JS thread.
        CloseConnectionOffThread(reinterpret_cast<virConnectPtr>(ptr));
      } else {
        // named in later errors ("Domain 'web1' was freed"); a local getter,
        // read only now so that making a wrapper stays cheap
        if (wantLabel) label = Tr::Label(ptr);
        // a local reference drop, but libvirt formats a debug line for every
        // object it disposes: batched off this thread (docs/performance.md, lists)
        if (Tr::kind == K_STREAM) Tr::Free(ptr);
        else if (busy > 0) parked = ptr;  // dropped when the last call on it ends
        else exec::Drop(FreeVoid, ptr);
      }
      ptr = nullptr;
      HandleBase::live--;
      closedByParent = byParent;
    }
    if (!byParent) Orphan(true);
  }

  void ReleaseByParent() override { Release(true); }
  static void FreeVoid(void* p) { Tr::Free(static_cast<P>(p)); }

  // A call made with the wrapper's own reference has settled (JS thread).
  void CallEnded() {
    if (--busy == 0 && parked) {
      exec::Drop(FreeVoid, parked);
      parked = nullptr;
    }
  }

  P ptr = nullptr;
  int busy = 0;         // calls in flight on the wrapper's own reference (JS thread)
  P parked = nullptr;   // released while busy: dropped by the last CallEnded
  std::string label;
  bool closedByParent = false;

 protected:
  // napi directly, not Ref()/Unref(): those throw on failure, and this runs
  // in destructors (a throw there would abort the process).
  void HoldObject() override {
    uint32_t n;
    napi_reference_ref(this->Env(), static_cast<napi_ref>(*this), &n);
  }
  void DropObject() override {
    uint32_t n;
    napi_reference_unref(this->Env(), static_cast<napi_ref>(*this), &n);
  }
};

using Connection = Handle<virConnectPtr>;
using Domain = Handle<virDomainPtr>;

// The one way a method of a wrapper makes a blocking libvirt call: a
// reference on `self`'s handle for the call, a result struct R shared by
// both halves, exec(h, r) on an executor thread and done(env, r, kept) on
// the JavaScript thread. kept[0] is the wrapper, kept[1] its connection,
// then `keepMore` (handle arguments, whose references `cleanupMore` drops
// after the call). A released `self` rejects (ERR_LIBVIRT_FREED/CLOSED).
template <typename R, typename P, typename Exec, typename Done>
Napi::Value StartCall(const Napi::CallbackInfo& info, Handle<P>* self, Exec exec, Done done,
                      std::vector<Napi::Value> keepMore = {}, std::function<void()> cleanupMore = nullptr) {
  if (!self->Usable()) {
    if (cleanupMore) cleanupMore();
    return Rejected(info.Env(), self->ReleasedError());
  }
  std::vector<Napi::Value> keep{info.This(), self->ConnValue(info)};
  keep.insert(keep.end(), keepMore.begin(), keepMore.end());
  if (Traits<P>::kind == K_CONNECT || Traits<P>::kind == K_STREAM) {
    P h = self->Acquire();
    return StartCall<R>(info.Env(), keep, [h, exec](R& r) { return exec(h, r); }, done,
        [h, cleanupMore]() {
          Traits<P>::Free(h);
          if (cleanupMore) cleanupMore();
        });
  }
  // Other handles: the wrapper's own reference serves the call (virDomainRef
  // and virDomainFree each format the UUID for a debug line, about 7,000
  // instructions); a release meanwhile waits for the wrapper's calls to end.
  // The wrapper is in `keep`, so it outlives the call.
  P h = self->ptr;
  self->busy++;
  return StartCall<R>(info.Env(), keep, [h, exec](R& r) { return exec(h, r); }, done, cleanupMore, nullptr,
      [self]() { self->CallEnded(); });
}

// Pointer conversions shared by generated and hand-written code.
Napi::Value TakeString(Napi::Env env, char* s);  // frees s
// Wraps a new handle returned by a call made through `connValue`; if the
// connection was closed while the call ran, frees it and throws.
template <typename P>
Napi::Value WrapResult(Napi::Env env, P p, Napi::Value connValue) {
  if (connValue.IsObject()) {
    auto* c = Connection::Unwrap(connValue.As<Napi::Object>());
    if (!c->Usable()) {
      Traits<P>::Free(p);
      ThrowBindingError(env, ClosedDuringCall());
    }
  }
  return Handle<P>::New(env, p, connValue);
}

// free() and connect(), on every class but Connection.
template <typename P>
Napi::Value FreeMethod(const Napi::CallbackInfo& info) {
  Handle<P>::This(info)->Release(false);
  return info.Env().Undefined();
}
template <typename P>
Napi::Value ConnectMethod(const Napi::CallbackInfo& info) {
  return Handle<P>::This(info)->ConnValue(info);
}
template <typename P>
std::vector<MethodDef> CommonMethods() {
  return {{"free", FreeMethod<P>}, {"connect", ConnectMethod<P>}};
}

// Class setup, one per object file.
void InitConnection(Napi::Env env, Napi::Object exports);
void InitDomain(Napi::Env env, Napi::Object exports);
void InitOtherHandles(Napi::Env env, Napi::Object exports);
void InitModule(Napi::Env env, Napi::Object exports);
// events.cc
void InitEvents(Napi::Env env);
void InitLoopCalls(Napi::Env env, Napi::Object exports);  // python's virEvent* calls, registerErrorHandler
std::vector<MethodDef> EventMethods();
std::vector<MethodDef> StreamEventMethods();
void EventsOnClose(Napi::Env env, virConnectPtr conn);

}  // namespace lvn
