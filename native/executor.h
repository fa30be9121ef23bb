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
// Completions travel through one thread-safe function per environment, which
// keeps the process alive exactly while calls are in flight.
#pragma once

#include <napi.h>

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
void Submit(Napi::Env env, Work* w);

}  // namespace exec
}  // namespace lvn
