// Connection methods that need hand-written code: close(), out-arrays and
// structs. Each names the libvirt function it wraps ("wraps:"), which the
// API coverage check reads.
#include "handles.h"
#include "generated/gen.h"

#include <cstdlib>

namespace lvn {

// wraps: virConnectClose
// Frees every object of the connection first (their wrappers then reject
// calls with "its connection was closed"), then closes it off the JS thread
// and resolves libvirt's remaining reference count (0 unless calls are still
// in flight). Idempotent: a second close() resolves 0.
static Napi::Value Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* self = Connection::This(info);
  if (!self->ptr) {
    auto d = Napi::Promise::Deferred::New(env);
    d.Resolve(Napi::Number::New(env, 0));
    return d.Promise();
  }
  for (HandleBase* c : self->children) {
    c->owner = nullptr;
    c->ReleaseByParent();
  }
  self->children.clear();
  virConnectPtr h = self->ptr;
  EventsOnClose(env, h);
  self->ptr = nullptr;
  HandleBase::live--;
  auto r = std::make_shared<int>(0);
  return Job::Start(env, {info.This()},
      [h, r]() { *r = virConnectClose(h); return *r >= 0; },
      [r](Napi::Env env, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::Number::New(env, *r); });
}

// Runs `fn(h)` for a connection method off the JS thread; shared shape of the
// hand-written methods below.
template <typename R>
static Napi::Value Run(const Napi::CallbackInfo& info, std::function<bool(virConnectPtr, R&)> exec,
                       std::function<Napi::Value(Napi::Env, R&, const std::vector<Napi::Value>&)> done,
                       std::function<void(R&)> discard = nullptr) {
  Napi::Env env = info.Env();
  auto* self = Connection::This(info);
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  virConnectPtr h = self->Acquire();
  auto r = std::make_shared<R>();
  return Job::Start(env, {info.This(), info.This()},
      [h, r, exec]() { return exec(h, *r); },
      [r, done](Napi::Env env, const std::vector<Napi::Value>& kept) { return done(env, *r, kept); },
      [h]() { virConnectClose(h); },
      [r, discard](Napi::Env) { if (discard) discard(*r); return Napi::Value(); });
}

// wraps: virConnectListAllDomains
static Napi::Value ListAllDomains(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R { virDomainPtr* doms = nullptr; int n = 0; };
  return Run<R>(info,
      [flags](virConnectPtr h, R& r) { r.n = virConnectListAllDomains(h, &r.doms, flags); return r.n >= 0; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>& kept) -> Napi::Value {
        auto* c = Connection::Unwrap(kept[1].As<Napi::Object>());
        if (!c->Usable()) {
          for (int i = 0; i < r.n; i++) virDomainFree(r.doms[i]);
          free(r.doms);
          throw Napi::Error::New(env, "Connection was closed while the call was running");
        }
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) out.Set(static_cast<uint32_t>(i), Domain::New(env, r.doms[i], kept[1]));
        free(r.doms);
        return out;
      });
}

// wraps: virNodeGetInfo
static Napi::Value GetInfo(const Napi::CallbackInfo& info) {
  return Run<virNodeInfo>(info,
      [](virConnectPtr h, virNodeInfo& r) { return virNodeGetInfo(h, &r) == 0; },
      [](Napi::Env env, virNodeInfo& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("model", Napi::String::New(env, r.model));
        o.Set("memory", BigUInt(env, r.memory));
        o.Set("cpus", r.cpus);
        o.Set("mhz", r.mhz);
        o.Set("nodes", r.nodes);
        o.Set("sockets", r.sockets);
        o.Set("cores", r.cores);
        o.Set("threads", r.threads);
        return o;
      });
}

// wraps: virConnectGetCPUModelNames
static Napi::Value GetCPUModelNames(const Napi::CallbackInfo& info) {
  std::string arch = ArgString(info, 0, "arch");
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  struct R { char** models = nullptr; int n = 0; };
  return Run<R>(info,
      [arch, flags](virConnectPtr h, R& r) {
        r.n = virConnectGetCPUModelNames(h, arch.c_str(), &r.models, flags);
        return r.n >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          out.Set(static_cast<uint32_t>(i), Napi::String::New(env, r.models[i]));
          free(r.models[i]);
        }
        free(r.models);
        return out;
      });
}

static std::vector<const char*> CStrings(const std::vector<std::string>& v) {
  std::vector<const char*> out;
  for (const auto& s : v) out.push_back(s.c_str());
  return out;
}

// wraps: virConnectBaselineCPU
static Napi::Value BaselineCPU(const Napi::CallbackInfo& info) {
  std::vector<std::string> cpus = ArgStringArray(info, 0, "xmlCPUs");
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  return Run<char*>(info,
      [cpus, flags](virConnectPtr h, char*& r) {
        auto p = CStrings(cpus);
        r = virConnectBaselineCPU(h, p.data(), static_cast<unsigned int>(p.size()), flags);
        return r != nullptr;
      },
      [](Napi::Env env, char*& r, const std::vector<Napi::Value>&) { return TakeString(env, r); });
}

// wraps: virConnectBaselineHypervisorCPU
static Napi::Value BaselineHypervisorCPU(const Napi::CallbackInfo& info) {
  OptStr emulator = ArgOptString(info, 0, "emulator");
  OptStr arch = ArgOptString(info, 1, "arch");
  OptStr machine = ArgOptString(info, 2, "machine");
  OptStr virttype = ArgOptString(info, 3, "virttype");
  std::vector<std::string> cpus = ArgStringArray(info, 4, "xmlCPUs");
  unsigned int flags = ArgUInt32(info, 5, "flags", true);
  return Run<char*>(info,
      [=](virConnectPtr h, char*& r) {
        auto p = CStrings(cpus);
        r = virConnectBaselineHypervisorCPU(h, emulator.c_str(), arch.c_str(), machine.c_str(),
                                            virttype.c_str(), p.data(),
                                            static_cast<unsigned int>(p.size()), flags);
        return r != nullptr;
      },
      [](Napi::Env env, char*& r, const std::vector<Napi::Value>&) { return TakeString(env, r); });
}

void InitConnection(Napi::Env env, Napi::Object exports) {
  std::vector<MethodDef> hand = {
      {"close", Close},
      {"listAllDomains", ListAllDomains},
      {"getInfo", GetInfo},
      {"getCPUModelNames", GetCPUModelNames},
      {"baselineCPU", BaselineCPU},
      {"baselineHypervisorCPU", BaselineHypervisorCPU},
  };
  exports.Set("Connection", Connection::Define(env, {GenMethods_Connection(), hand, EventMethods()}));
}

}  // namespace lvn
