// Connection methods that need hand-written code: close(), out-arrays and
// structs. Each names the libvirt function it wraps ("wraps:"), which the
// API coverage check reads.
#include "handles.h"
#include "convert.h"
#include "typed_params.h"
#include "generated/gen.h"
#include "hand.h"

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
  for (HandleBase* c = self->firstChild; c; c = c->nextSibling) c->ReleaseByParent();
  virConnectPtr h = self->ptr;
  EventsOnClose(env, h);
  self->ptr = nullptr;
  HandleBase::live--;
  return StartCall<int>(env, {info.This()},
      [h](int& r) {
        exec::DrainDrops();  // the children's references first, so that r counts only calls in flight
        r = virConnectClose(h);
        return r >= 0;
      },
      [](Napi::Env env, int& r, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::Number::New(env, r); });
}

// Domain stats records -> [{ domain, stats }]; each record's domain gets a
// reference of its own for its wrapper.
// uses: virDomainStatsRecordListFree virDomainRef
struct StatsResult {
  virDomainStatsRecordPtr* recs = nullptr;
  int n = 0;
  ~StatsResult() { if (recs) virDomainStatsRecordListFree(recs); }
};
static Napi::Value StatsToJS(Napi::Env env, StatsResult& r, Napi::Value connValue) {
  if (!Connection::Unwrap(connValue.As<Napi::Object>())->Usable()) ThrowBindingError(env, ClosedDuringCall());
  Napi::Array out = Napi::Array::New(env, r.n);
  for (int i = 0; i < r.n; i++) {
    virDomainStatsRecordPtr rec = r.recs[i];
    Napi::Object o = Napi::Object::New(env);
    virDomainRef(rec->dom);
    o.Set("domain", Domain::New(env, rec->dom, connValue));
    o.Set("stats", TypedParamsToObject(env, rec->params, rec->nparams));
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

// wraps: virConnectGetAllDomainStats
// getAllDomainStats(stats, flags): [{ domain, stats }] (stats: VIR_DOMAIN_STATS_* bits, 0 = all)
static Napi::Value GetAllDomainStats(const Napi::CallbackInfo& info) {
  unsigned int stats = ArgUInt32(info, 0, "stats", true);
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  return StartCall<StatsResult>(info, Connection::This(info),
      [stats, flags](virConnectPtr h, StatsResult& r) {
        r.n = virConnectGetAllDomainStats(h, stats, &r.recs, flags);
        return r.n >= 0;
      },
      [](Napi::Env env, StatsResult& r, const std::vector<Napi::Value>& kept) { return StatsToJS(env, r, kept[1]); });
}

// wraps: virDomainListGetStats
// domainListGetStats(doms, stats, flags): stats of the given domains (of this connection).
static Napi::Value DomainListGetStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value v = info.Length() > 0 ? info[0] : env.Undefined();
  if (!v.IsArray()) ThrowType(env, "array of Domain", "doms", v);
  Napi::Array a = v.As<Napi::Array>();
  auto* self = Connection::This(info);
  std::vector<Domain*> ws;
  for (uint32_t k = 0; k < a.Length(); k++) {
    std::string n = "doms[" + std::to_string(k) + "]";
    Domain* d = Domain::FromValue(env, a.Get(k), n.c_str());
    if (!d->Usable()) return Rejected(env, d->ReleasedError());
    if (d->owner != self) throw Napi::Error::New(env, "Expected " + n + " to belong to this connection");
    ws.push_back(d);
  }
  unsigned int stats = ArgUInt32(info, 1, "stats", true);
  unsigned int flags = ArgUInt32(info, 2, "flags", true);
  auto doms = std::make_shared<std::vector<virDomainPtr>>();
  if (self->Usable())
    for (Domain* d : ws) doms->push_back(d->Acquire());
  doms->push_back(nullptr);
  return StartCall<StatsResult>(info, Connection::This(info),
      [doms, stats, flags](virConnectPtr, StatsResult& r) {
        r.n = virDomainListGetStats(doms->data(), stats, &r.recs, flags);
        return r.n >= 0;
      },
      [](Napi::Env env, StatsResult& r, const std::vector<Napi::Value>& kept) { return StatsToJS(env, r, kept[1]); },
      {v}, [doms]() { for (virDomainPtr d : *doms) if (d) virDomainFree(d); doms->clear(); });
}

// wraps: virNodeGetCPUMap
// getCPUMap(flags): { cpus, cpumap: boolean[], online }
static Napi::Value GetCPUMap(const Napi::CallbackInfo& info) {
  unsigned int flags = ArgUInt32(info, 0, "flags", true);
  struct R { unsigned char* map = nullptr; unsigned int online = 0; int n = 0; ~R() { free(map); } };
  return StartCall<R>(info, Connection::This(info),
      [flags](virConnectPtr h, R& r) { r.n = virNodeGetCPUMap(h, &r.map, &r.online, flags); return r.n >= 0; },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("cpus", r.n);
        o.Set("cpumap", CpuMapToJS(env, r.map, VIR_CPU_MAPLEN(r.n), r.n));
        o.Set("online", r.online);
        return o;
      });
}

// virNodeGetCPUStats and virNodeGetMemoryStats: { field: value (bigint) } for
// `which` (a CPU or NUMA cell, -1 = all), the count asked for first.
template <typename S, int (*Get)(virConnectPtr, int, S*, int*, unsigned int)>
static Napi::Value NodeStats(const Napi::CallbackInfo& info, const char* whichName) {
  int which = ArgInt32(info, 0, whichName, false);
  unsigned int flags = ArgUInt32(info, 1, "flags", true);
  struct R { std::vector<S> s; int n = 0; };
  return StartCall<R>(info, Connection::This(info),
      [which, flags](virConnectPtr h, R& r) {
        if (Get(h, which, nullptr, &r.n, flags) < 0) return false;
        if (r.n <= 0) { r.n = 0; return true; }
        r.s.assign(r.n, S{});
        return Get(h, which, r.s.data(), &r.n, flags) >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        for (int i = 0; i < r.n; i++) o.Set(r.s[i].field, BigUInt(env, r.s[i].value));
        return o;
      });
}

// wraps: virNodeGetCPUStats
// getCPUStats(cpuNum, flags): { kernel, user, idle, iowait, ... } in ns (bigint); cpuNum -1 = all CPUs.
static Napi::Value GetCPUStats(const Napi::CallbackInfo& info) {
  return NodeStats<virNodeCPUStats, virNodeGetCPUStats>(info, "cpuNum");
}

// wraps: virNodeGetMemoryStats
// getMemoryStats(cellNum, flags): { total, free, buffers, cached } in KiB (bigint); cellNum -1 = all cells.
static Napi::Value GetMemoryStats(const Napi::CallbackInfo& info) {
  return NodeStats<virNodeMemoryStats, virNodeGetMemoryStats>(info, "cellNum");
}

// wraps: virNodeGetCellsFreeMemory
// getCellsFreeMemory(startCell, maxCells): free bytes per NUMA cell (bigint[]).
static Napi::Value GetCellsFreeMemory(const Napi::CallbackInfo& info) {
  int start = ArgInt32(info, 0, "startCell", false);
  int max = ArgInt32(info, 1, "maxCells", false);
  if (max < 0 || max > 65536) ThrowRange(info.Env(), "0..65536", "maxCells", info[1]);
  struct R { std::vector<unsigned long long> v; int n = 0; };
  return StartCall<R>(info, Connection::This(info),
      [start, max](virConnectPtr h, R& r) {
        r.v.assign(max > 0 ? max : 1, 0);
        r.n = virNodeGetCellsFreeMemory(h, r.v.data(), start, max);
        return r.n >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, r.n);
        for (int i = 0; i < r.n; i++) out.Set(static_cast<uint32_t>(i), BigUInt(env, r.v[i]));
        return out;
      });
}

// wraps: virNodeGetFreePages
// getFreePages(pages, startCell, cellCount, flags): { [cell]: { [pageSizeKiB]: bigint } }
static Napi::Value GetFreePages(const Napi::CallbackInfo& info) {
  std::vector<int> pages = ArgIntArray(info, 0, "pages", true);
  int start = ArgInt32(info, 1, "startCell", false);
  unsigned int count = ArgUInt32(info, 2, "cellCount", false);
  unsigned int flags = ArgUInt32(info, 3, "flags", true);
  if (pages.empty()) ThrowRange(info.Env(), "non-empty array", "pages", info[0]);
  if (count == 0 || count > 65536) ThrowRange(info.Env(), "1..65536", "cellCount", info[2]);
  struct R { std::vector<unsigned long long> counts; int n = 0; };
  return StartCall<R>(info, Connection::This(info),
      [pages, start, count, flags](virConnectPtr h, R& r) {
        r.counts.assign(pages.size() * count, 0);
        r.n = virNodeGetFreePages(h, pages.size(), reinterpret_cast<unsigned int*>(const_cast<int*>(pages.data())),
                                  start, count, r.counts.data(), flags);
        return r.n >= 0;
      },
      [pages, start](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        Napi::Object out = Napi::Object::New(env);
        size_t np = pages.size();
        for (size_t i = 0; np && i < static_cast<size_t>(r.n) / np; i++) {
          Napi::Object cell = Napi::Object::New(env);
          for (size_t k = 0; k < np; k++)
            cell.Set(std::to_string(static_cast<unsigned int>(pages[k])), BigUInt(env, r.counts[i * np + k]));
          out.Set(std::to_string(start + static_cast<int>(i)), cell);
        }
        return out;
      });
}

// wraps: virNodeAllocPages
// allocPages(pages: { [pageSizeKiB]: count }, startCell, cellCount, flags): pages allocated.
static Napi::Value AllocPages(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value v = info.Length() > 0 ? info[0] : env.Undefined();
  if (!v.IsObject() || v.IsArray()) ThrowType(env, "object { pageSizeKiB: count }", "pages", v);
  std::vector<unsigned int> sizes;
  std::vector<unsigned long long> counts;
  Napi::Object o = v.As<Napi::Object>();
  Napi::Array keys = o.GetPropertyNames();
  for (uint32_t k = 0; k < keys.Length(); k++) {
    std::string key = keys.Get(k).ToString().Utf8Value();
    char* end = nullptr;
    unsigned long size = strtoul(key.c_str(), &end, 10);
    std::string n = "pages." + key;
    if (key.empty() || *end || size > 0xffffffffUL) ThrowType(env, "page size in KiB as key", n.c_str(), keys.Get(k));
    Napi::Value c = o.Get(key);
    bool ok = c.IsBigInt() || (c.IsNumber() && c.As<Napi::Number>().DoubleValue() >= 0);
    if (!ok) ThrowType(env, "unsigned integer (number or bigint)", n.c_str(), c);
    bool lossless = true;
    counts.push_back(c.IsBigInt() ? c.As<Napi::BigInt>().Uint64Value(&lossless)
                                  : static_cast<unsigned long long>(c.As<Napi::Number>().DoubleValue()));
    sizes.push_back(static_cast<unsigned int>(size));
  }
  int start = ArgInt32(info, 1, "startCell", true);
  unsigned int count = ArgUInt32(info, 2, "cellCount", true);
  unsigned int flags = ArgUInt32(info, 3, "flags", true);
  struct R { int n = 0; };
  return StartCall<R>(info, Connection::This(info),
      [sizes, counts, start, count, flags](virConnectPtr h, R& r) {
        r.n = virNodeAllocPages(h, sizes.size(), const_cast<unsigned int*>(sizes.data()),
                                const_cast<unsigned long long*>(counts.data()), start, count, flags);
        return r.n >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::Number::New(env, r.n); });
}

void InitConnection(Napi::Env env, Napi::Object exports) {
  std::vector<MethodDef> hand = {
      {"close", Close},
      {"getAllDomainStats", GetAllDomainStats},
      {"domainListGetStats", DomainListGetStats},
      {"getCPUMap", GetCPUMap},
      {"getCPUStats", GetCPUStats},
      {"getMemoryStats", GetMemoryStats},
      {"getCellsFreeMemory", GetCellsFreeMemory},
      {"getFreePages", GetFreePages},
      {"allocPages", AllocPages},
  };
  exports.Set("Connection", Connection::Define(env, {GenMethods_Connection(), hand, QemuConnectionMethods(), EventMethods()}));
}

}  // namespace lvn
