// The QEMU API (libvirt-qemu): monitor and guest agent commands, attach.
// Methods of Domain and Connection, named as in python's libvirt_qemu.
#include "convert.h"
#include "hand.h"

#include <libvirt/libvirt-qemu.h>
#include <unistd.h>

namespace lvn {

// wraps: virDomainQemuMonitorCommand
// qemuMonitorCommand(cmd, flags): the monitor's reply (QMP JSON, or HMP text
// with VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP).
static Napi::Value MonitorCommand(const Napi::CallbackInfo& info) {
  std::string cmd = ArgString(info, 0, "cmd");
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  struct R { char* result = nullptr; ~R() { free(result); } };
  return StartCall<R>(info, Handle<virDomainPtr>::This(info),
      [cmd, flags](virDomainPtr h, R& r) { return virDomainQemuMonitorCommand(h, cmd.c_str(), &r.result, flags) >= 0; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        return Napi::String::New(env, r.result ? r.result : "");
      });
}

// virDomainQemuMonitorCommandWithFiles appeared in libvirt 8.2.0: resolved at
// run time when the headers are older (see tools/generate.js, RUNTIME_FLOOR).
using MonitorWithFilesFn = int (*)(virDomainPtr, const char*, unsigned int, int*, unsigned int*, int**, char**,
                                   unsigned int);
#if LIBVIR_VERSION_NUMBER >= 8002000 && !defined(LVN_RESOLVE_AT_RUN_TIME)
static const MonitorWithFilesFn fnMonitorWithFiles = virDomainQemuMonitorCommandWithFiles;
#else
static const MonitorWithFilesFn fnMonitorWithFiles = reinterpret_cast<MonitorWithFilesFn>(
    LibvirtSymbol("libvirt-qemu.so.0", "virDomainQemuMonitorCommandWithFiles"));
#endif

// wraps: virDomainQemuMonitorCommandWithFiles
// qemuMonitorCommandWithFiles(cmd, infiles, flags): { result, outfiles } —
// infiles are file descriptors passed to QEMU; outfiles are new descriptors
// the caller owns (close them with fs.closeSync).
static Napi::Value MonitorCommandWithFiles(const Napi::CallbackInfo& info) {
  std::string cmd = ArgString(info, 0, "cmd");
  std::vector<int> infiles = ArgIntArray(info, 1, "infiles", false);
  unsigned int flags = ArgUInt32(info, 2, "flags", true);
  struct R { char* result = nullptr; int* out = nullptr; unsigned int nout = 0; ~R() { free(result); free(out); } };
  return StartCall<R>(info, Handle<virDomainPtr>::This(info),
      [cmd, infiles, flags](virDomainPtr h, R& r) {
        if (!Present(fnMonitorWithFiles)) {
          Job::current->FailLibvirt(NoSupportError("virDomainQemuMonitorCommandWithFiles"));
          return false;
        }
        return fnMonitorWithFiles(h, cmd.c_str(), infiles.size(), const_cast<int*>(infiles.data()),
                                                    &r.nout, &r.out, &r.result, flags) >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("result", Napi::String::New(env, r.result ? r.result : ""));
        Napi::Array fds = Napi::Array::New(env, r.nout);
        for (unsigned int i = 0; i < r.nout; i++) fds.Set(i, r.out[i]);
        o.Set("outfiles", fds);
        return o;
      });
}

// wraps: virDomainQemuAgentCommand
// qemuAgentCommand(cmd, timeout, flags): the guest agent's JSON reply
// (timeout in seconds, or VIR_DOMAIN_QEMU_AGENT_COMMAND_*).
static Napi::Value AgentCommand(const Napi::CallbackInfo& info) {
  std::string cmd = ArgString(info, 0, "cmd");
  int timeout = ArgInt32(info, 1, "timeout", false);
  unsigned int flags = ArgUInt32(info, 2, "flags", true);
  struct R { char* result = nullptr; ~R() { free(result); } };
  return StartCall<R>(info, Handle<virDomainPtr>::This(info),
      [cmd, timeout, flags](virDomainPtr h, R& r) {
        r.result = virDomainQemuAgentCommand(h, cmd.c_str(), timeout, flags);
        return r.result != nullptr;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::String::New(env, r.result); });
}

// wraps: virDomainQemuAttach
// conn.qemuAttach(pid, flags): a Domain for a QEMU process started outside
// libvirt (libvirt >= 5.5 answers VIR_ERR_NO_SUPPORT / operation failed).
static Napi::Value Attach(const Napi::CallbackInfo& info) {
  unsigned int pid = ArgUInt32(info, 0, "pid", false);
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  struct R { virDomainPtr d = nullptr; };
  return StartCall<R>(info, Handle<virConnectPtr>::This(info),
      [pid, flags](virConnectPtr h, R& r) { r.d = virDomainQemuAttach(h, pid, flags); return r.d != nullptr; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>& kept) -> Napi::Value {
        virDomainPtr d = r.d;
        r.d = nullptr;
        return WrapResult<virDomainPtr>(env, d, kept[1]);
      });
}

std::vector<MethodDef> QemuDomainMethods() {
  return {{"qemuMonitorCommand", MonitorCommand},
          {"qemuMonitorCommandWithFiles", MonitorCommandWithFiles},
          {"qemuAgentCommand", AgentCommand}};
}
std::vector<MethodDef> QemuConnectionMethods() { return {{"qemuAttach", Attach}}; }

}  // namespace lvn
