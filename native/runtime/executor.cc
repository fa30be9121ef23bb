// The executor; see executor.h and docs/architecture.md.
#include "executor.h"

#include "../common.h"
#include "outbox.h"

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <utility>
#include <vector>
#include <mutex>
#include <new>
#include <thread>

#include <pthread.h>

namespace lvn {
namespace exec {
namespace {

// --- completions, one lane per environment -------------------------------------
struct Lane;
void CompleteJs(Napi::Env env, Napi::Function, Lane* lane, Work* w);
using LaneTsfn = Napi::TypedThreadSafeFunction<Lane, Work, CompleteJs>;

// Never freed (see Outbox).
struct Lane : Outbox<LaneTsfn, Work> {
  int inflight = 0;  // JS thread only
};

void CompleteJs(Napi::Env env, Napi::Function, Lane* lane, Work* w) {
  if (!env) {  // the environment is being torn down with this still queued
    w->Abandon();
    return;
  }
  // Nothing may escape: an exception here would end the process. A worker
  // thread that is ending (process.exit() in it, worker.terminate()) makes
  // every napi call fail; its calls are then dropped, not settled.
  try {
    if (--lane->inflight == 0) lane->tsfn.Unref(env);
  } catch (...) {
  }
  try {
    w->Complete(env);
  } catch (...) {
  }
  delete w;
}

// --- the threads (process-wide) -------------------------------------------------
struct Task {
  Work* work;
  Lane* lane;  // null: no completion (the drops)
};

// Heap-allocated and never destroyed: threads may still wait on it while
// static destructors run at exit.
struct Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Task> queue;
  int threads = 0;
  int idle = 0;  // threads waiting on cv
  int maxThreads = 16;
};

Pool* ThePool() {
  static Pool* pool = [] {
    Pool* p = new Pool();
    if (const char* v = std::getenv("LIBVIRT_NAPI_THREADS")) {
      int n = std::atoi(v);
      if (n >= 1 && n <= 256) p->maxThreads = n;
    }
    return p;
  }();
  return pool;
}

void ThreadMain(Pool* p) {
  pthread_setname_np(pthread_self(), "libvirt-napi");  // as ps -L and gdb show it
  std::unique_lock<std::mutex> lock(p->mu);
  for (;;) {
    while (p->queue.empty()) {
      p->idle++;
      p->cv.wait(lock);
      p->idle--;
    }
    Task t = p->queue.front();
    p->queue.pop_front();
    lock.unlock();
    t.work->Run();
    if (!t.lane) delete t.work;
    else if (!t.lane->Post(t.work)) t.work->Abandon();
    lock.lock();
  }
}

// Queues a task and starts a thread if every thread is busy. False when no
// thread exists or can be started (the task was taken back).
bool Enqueue(Task t) {
  Pool* p = ThePool();
  bool spawn = false;
  {
    std::lock_guard<std::mutex> lock(p->mu);
    p->queue.push_back(t);
    // Every queued call needs a waiting thread of its own, so that calls in
    // flight all run at once: a new thread when there are fewer, up to the limit.
    if (p->queue.size() > static_cast<size_t>(p->idle) && p->threads < p->maxThreads) {
      spawn = true;
      p->threads++;
    }
  }
  p->cv.notify_one();
  if (spawn) {
    try {
      std::thread(ThreadMain, p).detach();
    } catch (...) {  // no thread to be had (a process at its limit); an exception here would end the process
      std::lock_guard<std::mutex> lock(p->mu);
      p->threads--;
      if (p->threads == 0) {  // no thread to take it, now or later: take it back
        for (auto it = p->queue.begin(); it != p->queue.end(); ++it)
          if (it->work == t.work) {
            p->queue.erase(it);
            return false;
          }
      }
    }
  }
  return true;
}

// --- reference drops (process-wide) ---------------------------------------------
struct Drops {
  std::mutex mu;       // guards queue and scheduled
  std::mutex running;  // held while a batch runs
  std::vector<std::pair<void (*)(void*), void*>> queue;
  bool scheduled = false;  // a DropWork is queued or about to take the batch
};
Drops* TheDrops() {
  static Drops* d = new Drops();  // never destroyed, as the pool
  return d;
}

struct DropWork : Work {
  void Run() override { DrainDrops(); }
  void Complete(Napi::Env) override {}
  void Abandon() override {}
};

}  // namespace

void Init(Napi::Env env) {
  Lane* lane = new Lane();
  lane->tsfn = LaneTsfn::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}), "libvirt-napi:calls",
                             0, 1, lane);
  lane->tsfn.Unref(env);  // ref'd while calls are in flight
  Data(env)->callLane = lane;
  napi_add_env_cleanup_hook(env, Lane::CloseHook, static_cast<Outbox<LaneTsfn, Work>*>(lane));
}

bool Submit(Napi::Env env, Work* w) {
  Lane* lane = static_cast<Lane*>(Data(env)->callLane);
  if (!Enqueue(Task{w, lane})) return false;
  if (lane->inflight++ == 0) lane->tsfn.Ref(env);
  return true;
}

void Drop(void (*fn)(void*), void* p) {
  Drops* d = TheDrops();
  {
    std::lock_guard<std::mutex> lock(d->mu);
    try {
      d->queue.emplace_back(fn, p);
    } catch (...) {  // out of memory: drop it here (this may run in a destructor, where a throw ends the process)
      fn(p);
      return;
    }
    if (d->scheduled) return;
    d->scheduled = true;
  }
  DropWork* w = new (std::nothrow) DropWork();
  bool queued = false;
  try {
    queued = w && Enqueue(Task{w, nullptr});
  } catch (...) {
  }
  if (!queued) {  // no thread to be had: drop the batch here
    delete w;
    DrainDrops();
  }
}

void DrainDrops() {
  Drops* d = TheDrops();
  std::lock_guard<std::mutex> run(d->running);
  std::vector<std::pair<void (*)(void*), void*>> batch;
  {
    std::lock_guard<std::mutex> lock(d->mu);
    batch.swap(d->queue);
    d->scheduled = false;
  }
  for (auto& x : batch) x.first(x.second);
}

int Threads() {
  Pool* p = ThePool();
  std::lock_guard<std::mutex> lock(p->mu);
  return p->threads;
}

}  // namespace exec
}  // namespace lvn
