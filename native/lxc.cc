// The LXC API (libvirt-lxc), where it makes sense from Node: opening a
// container's namespaces as file descriptors. The virDomainLxcEnter*
// functions switch the calling thread's namespaces, cgroup or security
// label; on a libuv worker that would leave a shared pool thread inside the
// container, so they are not wrapped (tools/api-ignore.js).
#include "convert.h"
#include "hand.h"

#include <libvirt/libvirt-lxc.h>

namespace lvn {

// wraps: virDomainLxcOpenNamespace
// lxcOpenNamespace(flags): file descriptors of the container's namespaces
// (the caller owns them: fs.closeSync).
static Napi::Value OpenNamespace(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R { int* fds = nullptr; int n = 0; ~R() { free(fds); } };
  return StartCall<R>(info, Handle<virDomainPtr>::This(info),
      [flags](virDomainPtr h, R& r) { return Took(r, virDomainLxcOpenNamespace(h, &r.fds, flags)); },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) out.Set(static_cast<uint32_t>(i), r.fds[i]);
        return out;
      });
}

std::vector<MethodDef> LxcDomainMethods() { return {{"lxcOpenNamespace", OpenNamespace}}; }

}  // namespace lvn
