// The executor: libvirt calls run on threads of the binding's own, not on
// libuv's pool, and complete on the JavaScript thread of the environment that
// made them.
//
// Why not libuv's pool (Napi::AsyncWorker): it has 4 threads for the whole
// process by default, shared with fs, dns.lookup, zlib and crypto. A libvirt
// call can block for seconds (a migration, a guest start, a daemon that stopped
// answering until keepalive gives up), and four such calls would stall every
// file read of the process; and with 8 calls in flight only 4 would run.
//
// Threads start on demand, up to LIBVIRT_NAPI_THREADS (default 16, read at
// load), and stay. A thread that has just finished the only call running polls
// the queue for a short while (LIBVIRT_NAPI_POLL_US, default 50) before
// sleeping, so a program awaiting one call after another does not pay a
// thread wake-up per call.
// Brief calls (a call site whose lone calls take under LIBVIRT_NAPI_BRIEF_US,
// default 300) run at most twice the CPUs at once: beyond that, a brief call
// waits for one of them to finish, and the thread that finishes takes it
// without waking another. Each hand-over through a sleeping thread cost a
// wake-up and a switch on both sides, the largest share of the client's CPU
// with 8 getLibVersion calls in flight on 2 CPUs (perf: 39% of samples).
// Measured (8 in flight, 8000 calls, 3 runs): 28-37k context switches
// against 43-47k, 359-519 ms CPU against 539-637. In case the running calls
// block (a daemon that stops answering), one sleeping thread keeps watch and
// takes a waiting call once it has waited 1 ms, and the next thread does the
// same, so brief calls that block all start within a few milliseconds.
// Completions travel through one thread-safe function per environment, which
// keeps the process alive exactly while calls are in flight.
#pragma once

#include <napi.h>

#include <cstdint>

namespace lvn {
namespace exec {

class Work {
 public:
  virtual ~Work() = default;
  // On an executor thread.
  virtual void Run() = 0;
  // On the JavaScript thread of the environment that submitted it; the
  // executor deletes the work afterwards.
  virtual void Complete(Napi::Env env) = 0;
  // On an executor thread, when the environment is gone (a worker thread
  // that ended): release what is not JavaScript's; the work is not deleted,
  // since its JavaScript references died with the environment.
  virtual void Abandon() = 0;
};

void Init(Napi::Env env);  // per environment, at load

struct Stats {
  int threads;                  // threads started so far
  unsigned long long deferred;  // brief calls left for a thread that finishes a call
  unsigned long long standbyTakes;  // of those, taken by a thread that slept (after kMaxDefer, or a freed slot)
  unsigned long long wakes;     // calls submitted that woke a sleeping thread
  unsigned long long polled;    // calls submitted while a thread polled the queue
};
Stats GetStats();
// expectNs: how long the call's site takes when alone (UINT64_MAX: not known).
// False when no thread exists or can be started (a process at its thread
// limit): the work was not taken, and the caller settles it.
bool Submit(Napi::Env env, Work* w, uint64_t expectNs);

}  // namespace exec
}  // namespace lvn
