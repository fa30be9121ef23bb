// Network methods that need hand-written code ("wraps:" for the coverage check).
#include "convert.h"
#include "hand.h"

namespace lvn {

// wraps: virNetworkGetDHCPLeases
// uses: virNetworkDHCPLeaseFree
// DHCPLeases(mac, flags): [{ iface, expirytime, type, mac, iaid, ipaddr, prefix, hostname, clientid }]
static Napi::Value DHCPLeases(const Napi::CallbackInfo& info) {
  OptStr mac = ArgOptString(info, 0, "mac");
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  using R = OwnedArray<virNetworkDHCPLeasePtr, virNetworkDHCPLeaseFree>;
  return StartCall<R>(info, Handle<virNetworkPtr>::This(info),
      [mac, flags](virNetworkPtr h, R& r) {
        return Took(r, virNetworkGetDHCPLeases(h, mac.c_str(), &r.list, flags));
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        auto str = [&](const char* s) { return StrOrNull(env, s); };
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          virNetworkDHCPLeasePtr l = r.list[i];
          Napi::Object o = Napi::Object::New(env);
          o.Set("iface", str(l->iface));
          o.Set("expirytime", BigInt(env, l->expirytime));
          o.Set("type", l->type);
          o.Set("mac", str(l->mac));
          o.Set("iaid", str(l->iaid));
          o.Set("ipaddr", str(l->ipaddr));
          o.Set("prefix", l->prefix);
          o.Set("hostname", str(l->hostname));
          o.Set("clientid", str(l->clientid));
          out.Set(static_cast<uint32_t>(i), o);
        }
        return out;
      });
}

std::vector<MethodDef> HandMethods_Network() { return {{"DHCPLeases", DHCPLeases}}; }

}  // namespace lvn
