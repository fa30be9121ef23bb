// The executor; see executor.h.
#include "executor.h"

#include "common.h"
#include "cpus.h"
#include "outbox.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
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
  Lane* lane;
};

// Heap-allocated and never destroyed: threads may still wait on them while
// static destructors run at exit.
struct Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Task> queue;
  std::atomic<int> queued{0};
  int threads = 0;
  int sleeping = 0;
  // Sleepers already notified that have not yet woken: they still count in
  // `sleeping` until they hold the lock again, and a second call submitted
  // meanwhile must not count on them (it would wait for a thread to finish).
  int waking = 0;
  std::atomic<int> polling{0};  // threads polling the queue before sleeping
  std::atomic<int> busy{0};     // threads in a call
  int maxThreads = 16;
  std::chrono::microseconds pollFor{50};
};

Pool* ThePool() {
  static Pool* pool = [] {
    Pool* p = new Pool();
    if (const char* v = std::getenv("LIBVIRT_NAPI_THREADS")) {
      int n = std::atoi(v);
      if (n >= 1 && n <= 256) p->maxThreads = n;
    }
    if (const char* v = std::getenv("LIBVIRT_NAPI_POLL_US")) {
      int n = std::atoi(v);
      if (n >= 0 && n <= 100000) p->pollFor = std::chrono::microseconds(n);
    }
    return p;
  }();
  return pool;
}

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// After a lone call, one thread polls for the next before sleeping: a
// program awaiting calls one after another submits the next within tens of
// microseconds, and waking a sleeping thread costs about that much again.
bool PollBriefly(Pool* p) {
  if (p->pollFor.count() == 0 || !cpus::CanSpin()) return false;  // see cpus.h
  int expected = 0;
  if (!p->polling.compare_exchange_strong(expected, 1)) return false;
  auto until = std::chrono::steady_clock::now() + p->pollFor;
  bool found = false;
  while (!(found = p->queued.load(std::memory_order_acquire) > 0) && std::chrono::steady_clock::now() < until)
    CpuRelax();
  p->polling.store(0, std::memory_order_release);
  return found;
}

void ThreadMain(Pool* p) {
  pthread_setname_np(pthread_self(), "libvirt-napi");  // as ps -L and gdb show it
  for (;;) {
    Task t;
    {
      std::unique_lock<std::mutex> lock(p->mu);
      while (p->queue.empty()) {
        p->sleeping++;
        p->cv.wait(lock);
        p->sleeping--;
        if (p->waking > 0) p->waking--;  // a spurious wake-up too: at worst one notify more later
      }
      t = p->queue.front();
      p->queue.pop_front();
      p->queued.fetch_sub(1, std::memory_order_release);
    }
    p->busy.fetch_add(1, std::memory_order_relaxed);
    t.work->Run();
    if (!t.lane->Post(t.work)) t.work->Abandon();
    // Poll only when no other call is running: the pattern of a program
    // awaiting one call after another. With several in flight, the CPU is
    // better left to them.
    if (p->busy.fetch_sub(1, std::memory_order_relaxed) == 1) PollBriefly(p);
  }
}

}  // namespace

void Init(Napi::Env env) {
  Lane* lane = new Lane();
  lane->tsfn = LaneTsfn::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}), "libvirt-napi:calls",
                             0, 1, lane);
  lane->tsfn.Unref(env);  // ref'd while calls are in flight
  Data(env)->callLane = lane;
  napi_add_env_cleanup_hook(env, Lane::CloseHook, static_cast<Outbox<LaneTsfn, Work>*>(lane));
}

void Submit(Napi::Env env, Work* w) {
  Lane* lane = static_cast<Lane*>(Data(env)->callLane);
  if (lane->inflight++ == 0) lane->tsfn.Ref(env);
  Pool* p = ThePool();
  bool spawn = false, wake = false;
  {
    std::lock_guard<std::mutex> lock(p->mu);
    p->queue.push_back(Task{w, lane});
    p->queued.fetch_add(1, std::memory_order_release);
    // A polling thread takes it; else wake a sleeper; else grow the pool.
    // (A thread in a call, or polling, counts neither as sleeping.)
    if (p->polling.load(std::memory_order_acquire) == 0) {
      if (p->sleeping > p->waking) {
        p->waking++;
        wake = true;
      } else if (p->threads < p->maxThreads) {
        spawn = true;
      }
    } else if (p->sleeping <= p->waking && p->threads < p->maxThreads &&
               p->queued.load(std::memory_order_relaxed) > 1) {
      spawn = true;  // more queued than the poller can take at once
    }
    if (spawn) p->threads++;
  }
  // Outside the lock: a thread woken while we still held it would only
  // block again on the mutex (a second switch for each wake-up).
  if (wake) p->cv.notify_one();
  if (spawn) std::thread(ThreadMain, p).detach();
}

}  // namespace exec
}  // namespace lvn
