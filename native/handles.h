// One JavaScript class per libvirt handle type (virConnectPtr, virDomainPtr,
// ...). Every wrapper owns exactly one libvirt reference, freed once: by an
// explicit free()/close(), by its connection's close(), or by the finalizer.
// Each call in flight takes a reference of its own, so freeing a wrapper
// while a call runs on it is safe.
#pragma once

#include "common.h"
#include "reaper.h"

#include <mutex>


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
  // a local getter's work on a handle pointer (see Handle::Define)
  Napi::Value (*peek)(Napi::Env, void*) = nullptr;
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
  // allocates nothing beyond the wrapper (listAllDomains makes hundreds).
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
// The tag of a HandleList's JS object.
const napi_type_tag* ListTag();

// The handles of one list result (listAllDomains and the like), held for
// the list's objects until each is first used. A full wrapper costs a
// napi_wrap, a weak reference and a finalizer (about 1 us each here, with
// 500 of them costing half as much again as the libvirt call), so a list
// makes one HandleList and n plain objects with the class's prototype; a
// plain object becomes a full wrapper, in place, when a method first needs
// its handle (Handle::AdoptFromList). The HandleList is a child of the
// connection like any wrapper: close() frees the handles not yet taken,
// and so does garbage collection of the list once no plain object holds it.
class HandleList : public HandleBase {
 public:
  HandleList(HandleKind k, void (*f)(void*), std::string (*l)(void*)) : kind(k), freeFn(f), labelFn(l) {}
  const HandleKind kind;
  void (*const freeFn)(void*);
  std::string (*const labelFn)(void*);
  std::vector<void*> slots;
  // What a slot's object says later ("Domain 'web1' was freed", "... cannot
  // be used: its connection was closed"), kept when its handle is dropped.
  struct Gone {
    std::string label;
    bool byFree = false;  // free() on it, before any close()
  };
  std::vector<Gone> gone;  // sized when the first handle is dropped
  bool closedByParent = false;

  // Hands slot i's reference over (null: freed, taken or out of range).
  void* Take(uint32_t i) {
    if (i >= slots.size() || !slots[i]) return nullptr;
    void* p = slots[i];
    slots[i] = nullptr;
    live--;
    return p;
  }
  // free() on the object of slot i (idempotent); later calls on it say
  // "Domain 'web1' was freed".
  void FreeOne(uint32_t i) {
    if (!slots[i]) return;
    gone.resize(slots.size());
    gone[i] = {labelFn(slots[i]), true};
    reaper::Defer(freeFn, slots[i]);
    slots[i] = nullptr;
    live--;
  }
  void FreeAll() {
    for (auto& p : slots)
      if (p) {
        reaper::Defer(freeFn, p);
        p = nullptr;
        live--;
      }
  }
  void ReleaseByParent() override {
    gone.resize(slots.size());
    for (size_t i = 0; i < slots.size(); i++)
      if (slots[i]) gone[i].label = labelFn(slots[i]);
    FreeAll();
    closedByParent = true;
  }
  void JoinConnection(HandleBase* conn) { Adopt(conn); }
  static void Finalize(napi_env, void* data, void*) {
    auto* l = static_cast<HandleList*>(data);
    l->FreeAll();
    l->Orphan(true);
    delete l;
  }

 protected:
  void HoldObject() override {}
  void DropObject() override {}
};
// The function that makes a list's n plain objects of class `kind`.
Napi::Function ListMaker(Napi::Env env, HandleKind kind);
// Replaces proto[names[k]] (native methods) by shims that first try
// listCall(list, index, k) on a list's plain object.
void InstallListShims(Napi::Env env, Napi::Object proto, Napi::Function listCall, Napi::Array names);

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
    Data(env)->adopt[Tr::kind] = Napi::Persistent(Napi::Function::New(env, AdoptCallback, "adopt"));
    Data(env)->proto[Tr::kind] = Napi::Persistent(proto);
    if (Tr::kind != K_CONNECT) {
      // free() and the local getters go through a JavaScript shim that
      // serves a list's plain objects (ListCall); see InstallListShims.
      static std::once_flag once;
      std::call_once(once, [&] {
        for (const auto& group : groups)
          for (const auto& m : group)
            if (m.peek) PeekTable().push_back({m.name, m.peek});
      });
      Napi::Array names = Napi::Array::New(env);
      uint32_t n = 0;
      for (const auto& pk : PeekTable()) names.Set(n++, pk.name);
      names.Set(n, "free");
      InstallListShims(env, proto, Napi::Function::New(env, ListCall, "listCall"), names);
    }
    return ctor;
  }

  struct PeekEntry {
    const char* name;
    Napi::Value (*fn)(Napi::Env, void*);
  };
  static std::vector<PeekEntry>& PeekTable() {
    static std::vector<PeekEntry> table;
    return table;
  }
  // (list, index, which): the local getter `which` (or free(), the last)
  // on slot `index` of `list`; the environment's "miss" value when the
  // arguments are not a list of this class and a slot holding a handle,
  // and the shim then calls the method itself (which makes the errors).
  static Napi::Value ListCall(const Napi::CallbackInfo& info) {
    napi_env env = info.Env();
    napi_value miss = Data(info.Env())->listMiss.Value();
    uint32_t i, which;
    HandleList* l = ListSlot(env, info[0], info[1], &i);
    if (!l || napi_get_value_uint32(env, info[2], &which) != napi_ok) return Napi::Value(env, miss);
    // An empty slot: freed, or taken by an object that is now a full
    // wrapper (whose list property stayed when it could not be cleared,
    // on a frozen object); the native method knows which.
    const auto& table = PeekTable();
    if (which > table.size() || !l->slots[i]) return Napi::Value(env, miss);
    if (which == table.size()) {
      l->FreeOne(i);
      return info.Env().Undefined();
    }
    return table[which].fn(info.Env(), l->slots[i]);
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
    return FromValue(info.Env(), info.This(), "this", &info);
  }
  static Handle* FromValue(Napi::Env env, const Napi::Value& v, const char* argName,
                           const Napi::CallbackInfo* asThis = nullptr) {
    bool ok = false;
    if (v.IsObject()) {
      napi_check_object_type_tag(env, v, TagFor(Tr::kind), &ok);
      if (!ok) ok = AdoptFromList(env, v.As<Napi::Object>(), asThis);
    }
    if (!ok) ThrowType(env, Tr::name, argName, v);
    return Handle::Unwrap(v.As<Napi::Object>());
  }

  // The handle behind `this` for a cheap local getter (name(), UUIDString()).
  // A list's plain objects are answered by the getter's shim (ListCall) and
  // come here only when their slot is empty: This() then makes the error.
  static P Peek(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Value v = info.This();
    bool ok = false;
    if (v.IsObject()) napi_check_object_type_tag(env, v, TagFor(Tr::kind), &ok);
    Handle* h = ok ? Handle::Unwrap(v.As<Napi::Object>()) : This(info);
    if (!h->Usable()) throw Napi::Error(env, MakeBindingError(env, h->ReleasedError(), Napi::Object()));
    return h->ptr;
  }

  // The HandleList and index behind one of a list's plain objects of this
  // class. The object must still have the class's prototype: a copy
  // ({...dom}) is not the domain.
  static bool FindInList(Napi::Env env, Napi::Object obj, HandleList** list, uint32_t* index) {
    AddonData* d = Data(env);
    if (d->listKey.IsEmpty()) return false;
    napi_value proto;
    bool same = false;
    if (napi_get_prototype(env, obj, &proto) != napi_ok ||
        napi_strict_equals(env, proto, d->proto[Tr::kind].Value(), &same) != napi_ok || !same)
      return false;
    *list = ListSlot(env, obj.Get(d->listKey.Value()), obj.Get(d->indexKey.Value()), index);
    return *list != nullptr;
  }

  // The HandleList of this class that `listValue` is, if `indexValue` is
  // the index of one of its slots (an integer in range); null otherwise.
  static HandleList* ListSlot(napi_env env, napi_value listValue, napi_value indexValue, uint32_t* index) {
    // Only an object is asked for its tag: napi_check_object_type_tag on
    // anything else (undefined: no list property) leaves a TypeError pending,
    // and the TypeError the caller throws next then ends the process.
    napi_valuetype type;
    if (napi_typeof(env, listValue, &type) != napi_ok || type != napi_object) return nullptr;
    bool isList = false;
    if (napi_check_object_type_tag(env, listValue, ListTag(), &isList) != napi_ok || !isList) return nullptr;
    void* raw = nullptr;
    if (napi_unwrap(env, listValue, &raw) != napi_ok || !raw) return nullptr;
    auto* l = static_cast<HandleList*>(raw);
    double di;
    if (l->kind != Tr::kind || napi_get_value_double(env, indexValue, &di) != napi_ok ||
        !(di >= 0 && di < static_cast<double>(l->slots.size())) || di != static_cast<double>(static_cast<uint32_t>(di)))
      return nullptr;
    *index = static_cast<uint32_t>(di);
    return l;
  }

  // Makes a list's plain object (see HandleList) a full wrapper, owning the
  // handle its list held for it. False if `obj` is not one of this class.
  // `asThis`: a call whose receiver is `obj`.
  static bool AdoptFromList(Napi::Env env, Napi::Object obj, const Napi::CallbackInfo* asThis) {
    HandleList* list;
    uint32_t i;
    if (!FindInList(env, obj, &list, &i)) return false;
    Constructing::constructed = nullptr;
    if (asThis) {
      Construct(*asThis);
    } else {
      // napi_wrap through ObjectWrap needs `obj` as a call's receiver
      Data(env)->adopt[Tr::kind].Call(obj, {});
    }
    HandleBase* made = Constructing::constructed;
    Constructing::constructed = nullptr;
    if (!made) return false;
    Handle* h = static_cast<Handle*>(made);
    h->ptr = reinterpret_cast<P>(list->Take(i));
    if (h->ptr) {
      HandleBase::live++;
      if (list->owner) h->Adopt(list->owner);
    } else {
      const bool known = i < list->gone.size();
      h->closedByParent = list->closedByParent && !(known && list->gone[i].byFree);
      if (known) h->label = list->gone[i].label;
    }
    obj.Set(Data(env)->listKey.Value(), env.Undefined());  // the list may go
    return true;
  }
  static void Construct(const Napi::CallbackInfo& info) {
    Constructing::internal = true;
    try {
      new Handle(info);  // owned by its JS object (ObjectWrap)
    } catch (...) {
      Constructing::internal = false;
      throw;
    }
    Constructing::internal = false;
  }
  static Napi::Value AdoptCallback(const Napi::CallbackInfo& info) {
    Construct(info);
    return info.Env().Undefined();
  }

  // A list of n wrappers for `list` (taken over, array included), made
  // as a HandleList and n plain objects.
  static Napi::Value NewList(Napi::Env env, P* list, int n, HandleBase* owner) {
    auto* l = new HandleList(Tr::kind, &FreeVoid, &LabelVoid);
    l->slots.reserve(n);
    for (int i = 0; i < n; i++) l->slots.push_back(reinterpret_cast<void*>(list[i]));
    free(list);
    HandleBase::live += n;
    napi_value lobj;
    if (napi_create_object(env, &lobj) != napi_ok ||
        napi_wrap(env, lobj, l, HandleList::Finalize, nullptr, nullptr) != napi_ok) {
      l->FreeAll();
      delete l;
      throw Napi::Error::New(env);
    }
    napi_type_tag_object(env, lobj, ListTag());
    if (owner) l->JoinConnection(owner);
    return ListMaker(env, Tr::kind).Call({lobj, Napi::Number::New(env, n)});
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
        // a reference drop, local; done by the reaper thread (reaper.h),
        // streams here (their free ends a transfer's callbacks)
        if (Tr::kind == K_STREAM) Tr::Free(ptr);
        else reaper::Defer(&FreeVoid, reinterpret_cast<void*>(ptr));
      }
      ptr = nullptr;
      HandleBase::live--;
      closedByParent = byParent;
    }
    if (!byParent) Orphan(true);
  }

  void ReleaseByParent() override { Release(true); }
  static void FreeVoid(void* p) { Tr::Free(reinterpret_cast<P>(p)); }
  static std::string LabelVoid(void* p) { return Tr::Label(reinterpret_cast<P>(p)); }

  P ptr = nullptr;
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
      throw Napi::Error::New(env, "Connection was closed while the call was running");
    }
  }
  return Handle<P>::New(env, p, connValue);
}

// free() and connect(), on every class but Connection.
template <typename P>
Napi::Value FreeMethod(const Napi::CallbackInfo& info) {
  Handle<P>::This(info)->Release(false);  // a list's plain objects: see ListCall
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
std::vector<MethodDef> EventMethods();
std::vector<MethodDef> StreamEventMethods();
void EventsOnClose(Napi::Env env, virConnectPtr conn);

}  // namespace lvn
