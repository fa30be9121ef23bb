// Secret methods that need hand-written code ("wraps:" for the coverage check).
#include "convert.h"
#include "hand.h"

#include <cstring>

namespace lvn {

// wraps: virSecretGetValue
// value(flags): the secret's bytes as a Buffer (wiped from libvirt's copy).
static Napi::Value Value(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R {
    unsigned char* v = nullptr; size_t n = 0;
    ~R() { if (v) { memset(v, 0, n); free(v); } }
  };
  return StartCall<R>(info, Handle<virSecretPtr>::This(info),
      [flags](virSecretPtr h, R& r) { r.v = virSecretGetValue(h, &r.n, flags); return r.v != nullptr; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        return Napi::Buffer<unsigned char>::Copy(env, r.v, r.n);
      });
}

std::vector<MethodDef> HandMethods_Secret() { return {{"value", Value}}; }

}  // namespace lvn
