// Domain methods that need hand-written code ("wraps:" names the libvirt
// function for the API coverage check).
#include "handles.h"
#include "convert.h"
#include "typed_params.h"
#include "generated/gen.h"
#include "hand.h"

#include <cstdlib>
#include <cstring>

namespace lvn {

// wraps: virDomainGetInfo
static Napi::Value Info(const Napi::CallbackInfo& info) {
  return StartCall<virDomainInfo>(info, Domain::This(info),
      [](virDomainPtr h, virDomainInfo& r) { return virDomainGetInfo(h, &r) == 0; },
      [](Napi::Env env, virDomainInfo& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("state", static_cast<double>(r.state));
        o.Set("maxMem", BigUInt(env, r.maxMem));
        o.Set("memory", BigUInt(env, r.memory));
        o.Set("nrVirtCpu", static_cast<double>(r.nrVirtCpu));
        o.Set("cpuTime", BigUInt(env, r.cpuTime));
        return o;
      });
}

// Number of host CPUs (length of CPU maps), through the domain's connection.
// uses: virNodeGetCPUMap
static int HostCPUs(virDomainPtr h) {
  virConnectPtr c = virDomainGetConnect(h);
  return c ? virNodeGetCPUMap(c, nullptr, nullptr, 0) : -1;
}

// wraps: virDomainGetCPUStats
// getCPUStats(total, flags): [one object] for the whole domain when total,
// else one object per host CPU (python-libvirt's shape).
static Napi::Value GetCPUStats(const Napi::CallbackInfo& info) {
  bool total = ArgBool(info, 0, "total", false);
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  struct R { TPList tp; int nparams = 0; int ncpus = 0; };
  return StartCall<R>(info, Domain::This(info),
      [total, flags](virDomainPtr h, R& r) {
        if (total) {
          r.nparams = virDomainGetCPUStats(h, nullptr, 0, -1, 1, flags);
          if (r.nparams < 0) return false;
          r.ncpus = 1;
        } else {
          r.ncpus = virDomainGetCPUStats(h, nullptr, 0, 0, 0, flags);
          if (r.ncpus < 0) return false;
          r.nparams = virDomainGetCPUStats(h, nullptr, 0, 0, 1, flags);
          if (r.nparams < 0) return false;
        }
        if (r.nparams == 0 || r.ncpus == 0) return true;
        size_t count = static_cast<size_t>(r.nparams) * r.ncpus;
        r.tp.p = static_cast<virTypedParameterPtr>(calloc(count, sizeof(virTypedParameter)));
        r.tp.calloced = true;
        if (!r.tp.p) return false;
        r.tp.n = static_cast<int>(count);
        if (total) return virDomainGetCPUStats(h, r.tp.p, r.nparams, -1, 1, flags) >= 0;
        for (int start = 0; start < r.ncpus; start += 128) {
          int n = r.ncpus - start < 128 ? r.ncpus - start : 128;
          if (virDomainGetCPUStats(h, r.tp.p + static_cast<size_t>(start) * r.nparams, r.nparams, start, n, flags) < 0)
            return false;
        }
        return true;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.ncpus);
        for (int i = 0; i < r.ncpus; i++)
          out.Set(static_cast<uint32_t>(i),
                  r.tp.p ? TypedParamsToObject(env, r.tp.p + static_cast<size_t>(i) * r.nparams, r.nparams)
                         : Napi::Object::New(env));
        return out;
      });
}

// wraps: virDomainMemoryStats
// memoryStats(flags): { actual, rss, swap_in, ... } in KiB (bigint).
static Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R { virDomainMemoryStatStruct s[VIR_DOMAIN_MEMORY_STAT_NR]; int n = 0; };
  return StartCall<R>(info, Domain::This(info),
      [flags](virDomainPtr h, R& r) {
        r.n = virDomainMemoryStats(h, r.s, VIR_DOMAIN_MEMORY_STAT_NR, flags);
        return r.n >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        static const char* names[] = {"swap_in", "swap_out", "major_fault", "minor_fault", "unused",
                                      "available", "actual", "rss", "usable", "last_update",
                                      "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};
        Napi::Object o = Napi::Object::New(env);
        for (int i = 0; i < r.n; i++) {
          int tag = r.s[i].tag;
          std::string key = tag >= 0 && tag < 13 ? names[tag] : "tag_" + std::to_string(tag);
          o.Set(key, BigUInt(env, r.s[i].val));
        }
        return o;
      });
}

// wraps: virDomainGetVcpus
// vcpus(): { info: [{ number, state, cpuTime, cpu }], cpumaps: boolean[][] }
static Napi::Value Vcpus(const Napi::CallbackInfo& info) {
  struct R { std::vector<virVcpuInfo> vi; std::vector<unsigned char> maps; int n = 0; int cpus = 0; int maplen = 0; };
  return StartCall<R>(info, Domain::This(info),
      [](virDomainPtr h, R& r) {
        virDomainInfo di;
        if (virDomainGetInfo(h, &di) < 0) return false;
        r.cpus = HostCPUs(h);
        if (r.cpus < 0) return false;
        r.maplen = VIR_CPU_MAPLEN(r.cpus);
        r.vi.resize(di.nrVirtCpu > 0 ? di.nrVirtCpu : 1);
        r.maps.assign(r.vi.size() * r.maplen, 0);
        r.n = virDomainGetVcpus(h, r.vi.data(), static_cast<int>(r.vi.size()), r.maps.data(), r.maplen);
        return r.n >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array infos = Napi::Array::New(env, r.n), maps = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("number", r.vi[i].number);
          o.Set("state", r.vi[i].state);
          o.Set("cpuTime", BigUInt(env, r.vi[i].cpuTime));
          o.Set("cpu", r.vi[i].cpu);
          infos.Set(static_cast<uint32_t>(i), o);
          maps.Set(static_cast<uint32_t>(i), CpuMapToJS(env, VIR_GET_CPUMAP(r.maps.data(), r.maplen, i), r.maplen, r.cpus));
        }
        Napi::Object out = Napi::Object::New(env);
        out.Set("info", infos);
        out.Set("cpumaps", maps);
        return out;
      });
}

// wraps: virDomainGetVcpuPinInfo
// vcpuPinInfo(flags): one boolean[] (host CPUs) per vCPU.
static Napi::Value VcpuPinInfo(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R { std::vector<unsigned char> maps; int n = 0; int cpus = 0; int maplen = 0; };
  return StartCall<R>(info, Domain::This(info),
      [flags](virDomainPtr h, R& r) {
        virDomainInfo di;
        if (virDomainGetInfo(h, &di) < 0) return false;
        r.cpus = HostCPUs(h);
        if (r.cpus < 0) return false;
        r.maplen = VIR_CPU_MAPLEN(r.cpus);
        int ncpumaps = di.nrVirtCpu > 0 ? di.nrVirtCpu : 1;
        r.maps.assign(static_cast<size_t>(ncpumaps) * r.maplen, 0);
        r.n = virDomainGetVcpuPinInfo(h, ncpumaps, r.maps.data(), r.maplen, flags);
        return r.n >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++)
          out.Set(static_cast<uint32_t>(i), CpuMapToJS(env, VIR_GET_CPUMAP(r.maps.data(), r.maplen, i), r.maplen, r.cpus));
        return out;
      });
}

// wraps: virDomainGetEmulatorPinInfo
// emulatorPinInfo(flags): boolean[] over host CPUs.
static Napi::Value EmulatorPinInfo(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R { std::vector<unsigned char> map; int cpus = 0; };
  return StartCall<R>(info, Domain::This(info),
      [flags](virDomainPtr h, R& r) {
        r.cpus = HostCPUs(h);
        if (r.cpus < 0) return false;
        r.map.assign(VIR_CPU_MAPLEN(r.cpus), 0);
        return virDomainGetEmulatorPinInfo(h, r.map.data(), static_cast<int>(r.map.size()), flags) >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        return CpuMapToJS(env, r.map.data(), static_cast<int>(r.map.size()), r.cpus);
      });
}

// wraps: virDomainGetIOThreadInfo
// uses: virDomainIOThreadInfoFree
// ioThreadInfo(flags): [{ iothread_id, cpumap: boolean[] }]
static Napi::Value IOThreadInfo(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R : OwnedArray<virDomainIOThreadInfoPtr, virDomainIOThreadInfoFree> {
    int cpus = 0;
  };
  return StartCall<R>(info, Domain::This(info),
      [flags](virDomainPtr h, R& r) {
        r.cpus = HostCPUs(h);
        if (r.cpus < 0) return false;
        return Took(r, virDomainGetIOThreadInfo(h, &r.list, flags));
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("iothread_id", r.list[i]->iothread_id);
          o.Set("cpumap", CpuMapToJS(env, r.list[i]->cpumap, r.list[i]->cpumaplen, r.cpus));
          out.Set(static_cast<uint32_t>(i), o);
        }
        return out;
      });
}

// wraps: virDomainGetFSInfo
// uses: virDomainFSInfoFree
// fsInfo(flags): [{ mountpoint, name, fstype, devAlias: string[] }] (guest agent)
static Napi::Value FSInfo(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  using R = OwnedArray<virDomainFSInfoPtr, virDomainFSInfoFree>;
  return StartCall<R>(info, Domain::This(info),
      [flags](virDomainPtr h, R& r) {
        return Took(r, virDomainGetFSInfo(h, &r.list, flags));
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        auto str = [&](const char* s) { return StrOrNull(env, s); };
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          virDomainFSInfoPtr f = r.list[i];
          Napi::Object o = Napi::Object::New(env);
          o.Set("mountpoint", str(f->mountpoint));
          o.Set("name", str(f->name));
          o.Set("fstype", str(f->fstype));
          Napi::Array aliases = Napi::Array::New(env, f->ndevAlias);
          for (size_t k = 0; k < f->ndevAlias; k++) aliases.Set(static_cast<uint32_t>(k), str(f->devAlias[k]));
          o.Set("devAlias", aliases);
          out.Set(static_cast<uint32_t>(i), o);
        }
        return out;
      });
}

// wraps: virDomainInterfaceAddresses
// uses: virDomainInterfaceFree
// interfaceAddresses(source, flags): [{ name, hwaddr, addrs: [{ type, addr, prefix }] }]
static Napi::Value InterfaceAddresses(const Napi::CallbackInfo& info) {
  unsigned int source = ArgUInt32(info, 0, "source", false);
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  using R = OwnedArray<virDomainInterfacePtr, virDomainInterfaceFree>;
  return StartCall<R>(info, Domain::This(info),
      [source, flags](virDomainPtr h, R& r) {
        return Took(r, virDomainInterfaceAddresses(h, &r.list, source, flags));
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        auto str = [&](const char* s) { return StrOrNull(env, s); };
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          virDomainInterfacePtr f = r.list[i];
          Napi::Object o = Napi::Object::New(env);
          o.Set("name", str(f->name));
          o.Set("hwaddr", str(f->hwaddr));
          Napi::Array addrs = Napi::Array::New(env, f->naddrs);
          for (unsigned int k = 0; k < f->naddrs; k++) {
            Napi::Object a = Napi::Object::New(env);
            a.Set("type", f->addrs[k].type);
            a.Set("addr", str(f->addrs[k].addr));
            a.Set("prefix", f->addrs[k].prefix);
            addrs.Set(k, a);
          }
          o.Set("addrs", addrs);
          out.Set(static_cast<uint32_t>(i), o);
        }
        return out;
      });
}

// wraps: virDomainGetDiskErrors
// diskErrors(flags): { [disk]: VIR_DOMAIN_DISK_ERROR_* }
static Napi::Value DiskErrors(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R {
    std::vector<virDomainDiskError> e; int n = 0;
    ~R() { for (int i = 0; i < n; i++) free(e[i].disk); }
  };
  return StartCall<R>(info, Domain::This(info),
      [flags](virDomainPtr h, R& r) {
        int count = virDomainGetDiskErrors(h, nullptr, 0, flags);
        if (count < 0) return false;
        if (count == 0) return true;
        r.e.assign(count, virDomainDiskError{nullptr, 0});
        return Took(r, virDomainGetDiskErrors(h, r.e.data(), count, flags));
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        for (int i = 0; i < r.n; i++) o.Set(r.e[i].disk ? r.e[i].disk : "", r.e[i].error);
        return o;
      });
}

// wraps: virDomainGetSchedulerType
// schedulerType(): [type, nparams] (python-libvirt's shape)
static Napi::Value SchedulerType(const Napi::CallbackInfo& info) {
  struct R { char* type = nullptr; int nparams = 0; ~R() { free(type); } };
  return StartCall<R>(info, Domain::This(info),
      [](virDomainPtr h, R& r) { r.type = virDomainGetSchedulerType(h, &r.nparams); return r.type != nullptr; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array a = Napi::Array::New(env, 2);
        a.Set(0u, Napi::String::New(env, r.type));
        a.Set(1u, r.nparams);
        return a;
      });
}

// wraps: virDomainGetSecurityLabelList
// securityLabelList(): [{ label, enforcing }]
static Napi::Value SecurityLabelList(const Napi::CallbackInfo& info) {
  struct R { virSecurityLabelPtr list = nullptr; int n = 0; ~R() { free(list); } };
  return StartCall<R>(info, Domain::This(info),
      [](virDomainPtr h, R& r) { return Took(r, virDomainGetSecurityLabelList(h, &r.list)); },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("label", std::string(r.list[i].label, strnlen(r.list[i].label, sizeof(r.list[i].label))));
          o.Set("enforcing", Napi::Boolean::New(env, r.list[i].enforcing == 1));
          out.Set(static_cast<uint32_t>(i), o);
        }
        return out;
      });
}

static const uint64_t kMaxPeek = 64 * 1024 * 1024;

// A Buffer of `size` bytes that peek(h, buffer) fills (0: success).
template <typename Peek>
static Napi::Value PeekCall(const Napi::CallbackInfo& info, uint64_t size, Peek peek) {
  struct R { std::vector<char> buf; };
  return StartCall<R>(info, Domain::This(info),
      [size, peek](virDomainPtr h, R& r) {
        r.buf.assign(size, 0);
        return peek(h, r.buf.data()) == 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        return Napi::Buffer<char>::Copy(env, r.buf.data(), r.buf.size());
      });
}

// wraps: virDomainBlockPeek
// blockPeek(disk, offset, size, flags): Buffer of `size` bytes of the disk image.
static Napi::Value BlockPeek(const Napi::CallbackInfo& info) {
  std::string disk = ArgString(info, 0, "disk");
  uint64_t offset = ArgUInt64(info, 1, "offset", false);
  uint64_t size = ArgUInt64(info, 2, "size", false);
  if (size > kMaxPeek) ThrowRange(info.Env(), "size up to 64 MiB", "size", info[2]);
  unsigned int flags = ArgUInt32(info, 3, "flags", true);
  return PeekCall(info, size, [=](virDomainPtr h, char* buf) {
    return virDomainBlockPeek(h, disk.c_str(), offset, size, buf, flags);
  });
}

// wraps: virDomainMemoryPeek
// memoryPeek(start, size, flags): Buffer (flags VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL).
static Napi::Value MemoryPeek(const Napi::CallbackInfo& info) {
  uint64_t start = ArgUInt64(info, 0, "start", false);
  uint64_t size = ArgUInt64(info, 1, "size", false);
  if (size > kMaxPeek) ThrowRange(info.Env(), "size up to 64 MiB", "size", info[1]);
  unsigned int flags = ArgUInt32(info, 2, "flags", true);
  return PeekCall(info, size, [=](virDomainPtr h, char* buf) {
    return virDomainMemoryPeek(h, start, size, buf, flags);
  });
}

// wraps: virDomainRevertToSnapshot
// dom.revertToSnapshot(snap, flags), as in python-libvirt.
static Napi::Value RevertToSnapshot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* snap = Handle<virDomainSnapshotPtr>::FromValue(env, info[0], "snap");
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  if (!snap->Usable()) return Rejected(env, snap->ReleasedError());
  virDomainSnapshotPtr s = snap->Acquire();
  struct R { int ret = 0; };
  return StartCall<R>(info, Handle<virDomainPtr>::This(info),
      [s, flags](virDomainPtr, R& r) { r.ret = virDomainRevertToSnapshot(s, flags); return r.ret >= 0; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::Number::New(env, r.ret); },
      {info[0]}, [s]() { virDomainSnapshotFree(s); });
}

// wraps: virDomainFree
// wraps: virDomainGetConnect
// (connect() returns the Connection wrapper the domain was obtained from:
// the object virDomainGetConnect's pointer stands for.)
void InitDomain(Napi::Env env, Napi::Object exports) {
  std::vector<MethodDef> hand = {
      {"info", Info},
      {"getCPUStats", GetCPUStats},
      {"memoryStats", MemoryStats},
      {"vcpus", Vcpus},
      {"vcpuPinInfo", VcpuPinInfo},
      {"emulatorPinInfo", EmulatorPinInfo},
      {"ioThreadInfo", IOThreadInfo},
      {"fsInfo", FSInfo},
      {"interfaceAddresses", InterfaceAddresses},
      {"diskErrors", DiskErrors},
      {"schedulerType", SchedulerType},
      {"securityLabelList", SecurityLabelList},
      {"blockPeek", BlockPeek},
      {"memoryPeek", MemoryPeek},
      {"revertToSnapshot", RevertToSnapshot},
  };
  exports.Set("Domain", Domain::Define(env, {GenMethods_Domain(), CommonMethods<virDomainPtr>(), hand, QemuDomainMethods(), LxcDomainMethods()}));
}

}  // namespace lvn
