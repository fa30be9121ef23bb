// The executor: libvirt calls run on the binding's own threads and complete on the JavaScript thread that made them.
// Not libuv's pool: a call that blocks for minutes must not hold the 4 threads fs, dns and zlib share.
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
// False when no thread exists or can be started (a process at its thread
// limit): the work was not taken, and the caller settles it.
bool Submit(Napi::Env env, Work* w);
// Threads started so far (tests).
int Threads();

// Drops a libvirt reference (virDomainFree and the like) on an executor
// thread, batched: libvirt formats a debug line for every object it disposes
// (about 16,000 instructions per domain), which lists freed one by one would
// spend on the JavaScript thread. Runs fn(p) at once if no thread can be had.
void Drop(void (*fn)(void*), void* p);
// Runs every drop queued so far, and waits for a batch another thread runs
// (before closing a connection, so that the count close() reports is right).
void DrainDrops();

}  // namespace exec
}  // namespace lvn
