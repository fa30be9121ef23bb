// Domain methods that need hand-written code ("wraps:" names the libvirt
// function for the API coverage check).
#include "handles.h"
#include "generated/gen.h"

namespace lvn {

// wraps: virDomainGetInfo
static Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* self = Domain::This(info);
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  virDomainPtr h = self->Acquire();
  auto r = std::make_shared<virDomainInfo>();
  return Job::Start(env, {info.This(), self->ConnValue(info)},
      [h, r]() { return virDomainGetInfo(h, r.get()) == 0; },
      [r](Napi::Env env, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("state", static_cast<double>(r->state));
        o.Set("maxMem", BigUInt(env, r->maxMem));
        o.Set("memory", BigUInt(env, r->memory));
        o.Set("nrVirtCpu", static_cast<double>(r->nrVirtCpu));
        o.Set("cpuTime", BigUInt(env, r->cpuTime));
        return o;
      },
      [h]() { virDomainFree(h); });
}

// wraps: virDomainFree
// wraps: virDomainGetConnect
void InitDomain(Napi::Env env, Napi::Object exports) {
  std::vector<MethodDef> hand = {{"info", Info}};
  exports.Set("Domain", Domain::Define(env, {GenMethods_Domain(), CommonMethods<virDomainPtr>(), hand}));
}

}  // namespace lvn
