// Completion spin; see spin.h.
#include "spin.h"

#include "common.h"
#include "cpus.h"
#include "reaper.h"

#include <uv.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <unordered_map>

namespace lvn {
namespace spin {
namespace {

std::atomic<uint64_t> gBudgetNs{static_cast<uint64_t>(kDefaultBudgetUs) * 1000};

// One per environment, on its loop. Owned twice (the environment's AddonData
// and the open uv handle); whichever lets go last frees it.
struct Spinner {
  uv_idle_t idle;
  uint32_t inflight = 0;
  uint64_t until = 0;  // uv_hrtime() at which the spin ends
  bool active = false;
  // call site -> moving average of its lone calls' duration (ns)
  std::unordered_map<uintptr_t, uint64_t> typical;
  uint64_t started = 0;  // calls started, to tell whether a call stayed alone
  long mark = 0;         // cpus::BusyWaitStarted() when the spin began
  bool closing = false;
  int owners = 2;
  napi_async_cleanup_hook_handle hook = nullptr;
};

void Release(Spinner* s) {
  if (--s->owners == 0) delete s;
}

void Stop(Spinner* s) {
  uv_idle_stop(&s->idle);
  s->active = false;
  cpus::BusyWaitEnded(s->mark);
}

void OnIdle(uv_idle_t* h) {
  Spinner* s = static_cast<Spinner*>(h->data);
  if (s->inflight != 1 || uv_hrtime() > s->until || reaper::Busy()) Stop(s);
}

Spinner* Of(Napi::Env env) {
  AddonData* d = Data(env);
  return d ? static_cast<Spinner*>(d->spinner) : nullptr;
}

// Margin over a call site's typical duration: completions vary.
constexpr uint64_t kMarginNs = 30000;

void SpinUntil(Spinner* s, uint64_t until) {
  if (until > s->until) s->until = until;
  if (s->active || s->closing) return;
  uv_idle_start(&s->idle, OnIdle);
  s->active = true;
  s->mark = cpus::BusyWaitStarted();
}

Napi::Value SetSpin(const Napi::CallbackInfo& info) {
  uint32_t us = ArgUInt32(info, 0, "microseconds", false);
  if (us > 1000000) ThrowRange(info.Env(), "an integer from 0 to 1000000", "microseconds", info[0]);
  uint64_t old = gBudgetNs.exchange(static_cast<uint64_t>(us) * 1000);
  return Napi::Number::New(info.Env(), static_cast<double>(old / 1000));
}

}  // namespace

void Init(Napi::Env env, Napi::Object exports) {
  static bool fromEnv = false;
  if (!fromEnv) {
    fromEnv = true;
    if (const char* v = std::getenv("LIBVIRT_NAPI_SPIN_US")) {
      char* end = nullptr;
      unsigned long us = std::strtoul(v, &end, 10);
      if (end != v && *end == 0 && us <= 1000000) gBudgetNs = static_cast<uint64_t>(us) * 1000;
    }
  }
  exports.Set("setSpin", Napi::Function::New(env, SetSpin, "setSpin"));

  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop) return;
  Spinner* s = new Spinner();
  uv_idle_init(loop, &s->idle);
  s->idle.data = s;
  uv_unref(reinterpret_cast<uv_handle_t*>(&s->idle));  // never keeps the process alive
  AddonData* d = Data(env);
  d->spinner = s;
  d->releaseSpinner = [](void* p) { Release(static_cast<Spinner*>(p)); };
  napi_add_async_cleanup_hook(
      env,
      [](napi_async_cleanup_hook_handle hook, void* arg) {
        Spinner* s = static_cast<Spinner*>(arg);
        s->closing = true;
        s->active = false;
        uv_close(reinterpret_cast<uv_handle_t*>(&s->idle), [](uv_handle_t* h) {
          Spinner* s = static_cast<Spinner*>(h->data);
          napi_remove_async_cleanup_hook(s->hook);
          Release(s);
        });
      },
      s, &s->hook);
}

bool Spinning(Napi::Env env) {
  Spinner* s = Of(env);
  return s && s->active;
}

Ticket CallStarted(Napi::Env env, uintptr_t site) {
  Ticket t;
  Spinner* s = Of(env);
  if (!s) return t;
  t.site = site;
  t.start = uv_hrtime();
  s->inflight++;
  t.seq = ++s->started;
  t.lone = s->inflight == 1;
  auto it = s->typical.find(site);
  // A site not seen yet spins (most calls are fast); then it learns.
  uint64_t expect = it == s->typical.end() ? 0 : it->second;
  if (it != s->typical.end()) t.expect = expect;
  uint64_t budget = gBudgetNs.load(std::memory_order_relaxed);
  // Only a lone call spins: with several in flight, completions keep the
  // loop busy anyway, and on a small machine the CPU is better left to the
  // threads making the calls (8 in flight: 77 -> 40 us per call without it).
  if (budget == 0 || s->inflight != 1) return t;
  // Confined to one CPU, the spin would take it from the thread making the call.
  if (!cpus::CanSpin()) return t;
  // Nor while the free thread has a list's worth of handles to free: that
  // work runs beside the call, and on 2 CPUs the spin would take the CPU it
  // needs (see spin.h).
  if (reaper::Busy()) {
    if (s->active) Stop(s);  // an earlier call's spin, still running
    return t;
  }
  if (expect > budget) return t;
  uint64_t spin = expect + expect / 2 + kMarginNs;
  SpinUntil(s, t.start + (spin < budget ? spin : budget));
  return t;
}

void CallSettled(Napi::Env env, const Ticket& t) {
  Spinner* s = Of(env);
  if (!s || !t.start) return;
  if (s->inflight > 0) s->inflight--;
  // Only a call that ran alone from start to end: with others in flight, a
  // call's duration counts the time it waited for them.
  if (!t.lone || s->started != t.seq) return;
  uint64_t took = uv_hrtime() - t.start;
  auto it = s->typical.find(t.site);
  if (it == s->typical.end()) {
    if (s->typical.size() < 4096) s->typical.emplace(t.site, took);
  } else {
    it->second = (it->second * 3 + took) / 4;
  }
}

}  // namespace spin
}  // namespace lvn
