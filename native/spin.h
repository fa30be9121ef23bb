// Completion spin: while libvirt calls are in flight, the JavaScript thread's
// event loop polls without sleeping for a short while (a libuv idle handle),
// so a call's completion is picked up at once instead of after the thread
// has gone to sleep in epoll_wait and been woken again.
//
// Why: a fast remote libvirt call takes 70-150 us. Going to sleep and being
// woken for the completion costs tens of microseconds on a small (virtual)
// machine, which made one-at-a-time calls from Node about 1.8x slower than
// the same call in C.
//
// Only calls expected to finish within the budget spin: each call site (the
// place in the addon that starts the call) keeps a moving average of how long
// its lone calls took (alone from start to end), and a call spins for that
// long plus a margin, never longer than the budget. Long calls (a guest start, a migration) do not spin at all.
// Measured here (2 vCPUs, no halt polling in the guest): spinning through a
// whole define (~600 us) made define+undefine 1301 -> 1190 us (plain C 1173)
// and getCapabilities 785 -> 683 us (C 715); it does not starve the daemon,
// whose work on a call is sequential with the client's.
// Nor does a call spin while the free thread (native/reaper.h) has a chunk's
// worth of handles or more to free, as after a list was dropped: those
// frees (about 1 us each) run beside the call, and on 2 CPUs the spin took
// the CPU they need. listAllDomains(500) with each list freed (6 alternating
// processes, medians): 1382 us spinning, 1170 us with this rule; in the
// benchmark (5 rounds) 1119 us against plain C's 1218, 1.23x C before.
// A spin already running stops when that happens.
// Only a lone call spins (one in flight in this environment): with several in
// flight completions arrive often anyway, and spinning would take a CPU from
// the threads making the calls. The spin stops as soon as that changes. The idle handle is unref'd:
// it never keeps the process alive. Only the thread that made the call spins;
// libvirt's own threads and Node's pool do not.
//
// The budget is process-wide: LIBVIRT_NAPI_SPIN_US in the environment at load,
// or setSpin(us) at run time; 0 turns spinning off.
#pragma once

#include <napi.h>

#include <cstdint>

namespace lvn {
namespace spin {

constexpr uint32_t kDefaultBudgetUs = 2000;

void Init(Napi::Env env, Napi::Object exports);  // per environment

// What a call remembers between start and settle.
struct Ticket {
  uintptr_t site = 0;   // the call site (a return address)
  uint64_t start = 0;   // uv_hrtime() at start
  uint64_t seq = 0;     // which call this was in its environment
  bool lone = false;    // nothing else was in flight when it started
  // How long the site's calls take when alone (moving average, ns); the
  // largest value while the site has none yet.
  uint64_t expect = UINT64_MAX;
};
Ticket CallStarted(Napi::Env env, uintptr_t site);
// Whether this environment's loop is spinning now (for tests).
bool Spinning(Napi::Env env);
void CallSettled(Napi::Env env, const Ticket& t);

}  // namespace spin
}  // namespace lvn
