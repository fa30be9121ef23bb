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
  bool brief = false;     // its site's lone calls take less than Pool::briefNs
  bool deferred = false;  // left for a thread that finishes a call (see Submit)
  std::chrono::steady_clock::time_point queuedAt;
};

// Brief calls: a call site whose lone calls take less than this (the
// completion spin's figure, native/spin.h); LIBVIRT_NAPI_BRIEF_US at load.
constexpr uint64_t kBriefNs = 300000;
// Longest a deferred call waits for a thread to finish its call before the
// thread keeping watch (the standby) takes it.
constexpr auto kMaxDefer = std::chrono::milliseconds(1);

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
  int briefBusy = 0;            // threads in a brief call
  int starting = 0;             // threads started that have not yet taken a call
  bool standby = false;         // a thread keeps watch over deferred calls
  bool standbyWaking = false;   // a sleeper was woken to keep watch
  std::condition_variable standbyCv;  // only its timeout wakes the standby
  int maxThreads = 16;
  std::chrono::microseconds pollFor{50};
  uint64_t briefNs = kBriefNs;
  // for tests and benchmarks
  std::atomic<uint64_t> nDeferred{0}, nStandbyTakes{0}, nWakes{0}, nPolled{0};
};

Pool* ThePool() {
  static Pool* pool = [] {
    Pool* p = new Pool();
    if (const char* v = std::getenv("LIBVIRT_NAPI_THREADS")) {
      int n = std::atoi(v);
      if (n >= 1 && n <= 256) p->maxThreads = n;
    }
    if (const char* v = std::getenv("LIBVIRT_NAPI_BRIEF_US")) {
      long n = std::atol(v);
      if (n >= 0 && n <= 10000000) p->briefNs = static_cast<uint64_t>(n) * 1000;
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

// How many brief calls may run at once before more wait for one to finish.
// Called before taking the pool's lock: once a second cpus::Available()
// re-reads the affinity mask and the cgroup's quota files.
int Limit() {
  int n = static_cast<int>(2 * cpus::Available());
  return n < 2 ? 2 : n;
}

// After a lone call, one thread polls for the next before sleeping: a
// program awaiting calls one after another submits the next within tens of
// microseconds, and waking a sleeping thread costs about that much again.
// StartPolling claims the poll (one thread at a time); PollForNext does it.
bool StartPolling(Pool* p) {
  if (p->pollFor.count() == 0 || !cpus::CanSpin()) return false;  // see cpus.h
  int expected = 0;
  return p->polling.compare_exchange_strong(expected, 1);
}
void PollForNext(Pool* p) {
  long mark = cpus::BusyWaitStarted();
  auto until = std::chrono::steady_clock::now() + p->pollFor;
  while (p->queued.load(std::memory_order_acquire) == 0 && std::chrono::steady_clock::now() < until) CpuRelax();
  p->polling.store(0, std::memory_order_release);
  cpus::BusyWaitEnded(mark);
}

// With the lock held, deferred calls queued: makes sure a thread will keep
// watch over them, a sleeper woken or a thread started. The caller does
// what the answer says once it has let go of the lock. With every thread in
// a call already, the first to finish takes the next.
enum class Standby { kNone, kWake, kSpawn };
Standby EnsureStandbyLocked(Pool* p) {
  if (p->standby || p->standbyWaking) return Standby::kNone;
  if (p->sleeping > p->waking) {
    p->standbyWaking = true;
    p->waking++;
    return Standby::kWake;
  }
  if (p->threads < p->maxThreads) {
    p->standbyWaking = true;
    p->threads++;
    p->starting++;
    return Standby::kSpawn;
  }
  return Standby::kNone;
}

void ThreadMain(Pool* p);

// Starts a thread already counted in threads and starting. No thread to be
// had (a process at its limit): the counts are undone, and a queued call
// waits for a thread that finishes (Submit handles the case of no thread at
// all); an exception here would end the process.
bool StartThread(Pool* p) {
  try {
    std::thread(ThreadMain, p).detach();
    return true;
  } catch (...) {
    std::lock_guard<std::mutex> lock(p->mu);
    p->threads--;
    p->starting--;
    p->standbyWaking = false;
    return false;
  }
}

void ThreadMain(Pool* p) {
  pthread_setname_np(pthread_self(), "libvirt-napi");  // as ps -L and gdb show it
  bool wasBrief = false;
  bool fresh = true;  // a new thread chooses as one that slept
  for (;;) {
    Task t;
    Standby standby = Standby::kNone;
    int limit = Limit();
    {
      std::unique_lock<std::mutex> lock(p->mu);
      if (wasBrief) p->briefBusy--;
      // A thread that has just finished a call takes the next one, deferred
      // or not: that is what a deferred call waits for. A thread that slept
      // takes the first call that is not deferred; a deferred one only once
      // it has waited kMaxDefer, or when fewer brief calls are running than
      // the limit.
      bool slept = fresh;
      if (fresh) {
        p->starting--;
        p->standbyWaking = false;  // if it was started to keep watch, it sees what is queued now
      }
      fresh = false;
      std::deque<Task>::iterator pick;
      for (;;) {
        pick = p->queue.end();  // after a wait: the queue may have changed
        if (!p->queue.empty() && (!slept || p->briefBusy < limit)) {
          pick = p->queue.begin();
          break;
        }
        auto now = std::chrono::steady_clock::now();
        for (auto it = p->queue.begin(); it != p->queue.end(); ++it)
          if (!it->deferred || now - it->queuedAt >= kMaxDefer) {
            pick = it;
            break;
          }
        if (pick != p->queue.end()) break;
        if (!p->queue.empty() && !p->standby) {
          // only deferred calls: keep watch until the oldest has waited enough
          p->standby = true;
          p->standbyCv.wait_until(lock, p->queue.front().queuedAt + kMaxDefer);
          p->standby = false;
          continue;
        }
        p->sleeping++;
        p->cv.wait(lock);
        p->sleeping--;
        if (p->waking > 0) p->waking--;  // a spurious wake-up too: at worst one notify more later
        p->standbyWaking = false;  // whoever was woken for that sees what is queued now
        slept = true;
      }
      if (pick->deferred && slept) p->nStandbyTakes.fetch_add(1, std::memory_order_relaxed);
      t = *pick;
      p->queue.erase(pick);
      p->queued.fetch_sub(1, std::memory_order_release);
      wasBrief = t.brief;
      if (t.brief) p->briefBusy++;
      // deferred calls left and no one keeping watch: wake one to do it
      for (const Task& q : p->queue)
        if (q.deferred) {
          standby = EnsureStandbyLocked(p);
          break;
        }
    }
    if (standby == Standby::kWake) p->cv.notify_one();
    if (standby == Standby::kSpawn) StartThread(p);
    p->busy.fetch_add(1, std::memory_order_relaxed);
    t.work->Run();
    // Poll only when no other call is running: the pattern of a program
    // awaiting one call after another. With several in flight, the CPU is
    // better left to them. Claimed before the completion is posted: the
    // JavaScript thread, woken by the post, may preempt this one and submit
    // the next call before it polls, and that call must find the poller
    // instead of waking another thread (beside two busy loops, 18% of 1000
    // lone calls woke one with a 100 ms poll claimed after the post).
    bool poll = p->busy.fetch_sub(1, std::memory_order_relaxed) == 1 && StartPolling(p);
    if (!t.lane->Post(t.work)) t.work->Abandon();
    if (poll) PollForNext(p);
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

bool Submit(Napi::Env env, Work* w, uint64_t expectNs) {
  Lane* lane = static_cast<Lane*>(Data(env)->callLane);
  if (lane->inflight++ == 0) lane->tsfn.Ref(env);
  Pool* p = ThePool();
  bool start = false, wake = false;  // after the lock: start a thread (counted already), wake one
  bool brief = expectNs < p->briefNs;
  int limit = brief ? Limit() : 0;
  {
    std::lock_guard<std::mutex> lock(p->mu);
    // Enough brief calls running already (twice the CPUs): a thread that
    // finishes one takes this one, without the wake-up of another thread;
    // a standby takes it after kMaxDefer in case those calls block.
    bool defer = brief && p->briefBusy + p->waking + p->starting >= limit;
    p->queue.push_back(Task{w, lane, brief, defer, std::chrono::steady_clock::now()});
    if (defer) p->nDeferred.fetch_add(1, std::memory_order_relaxed);
    p->queued.fetch_add(1, std::memory_order_release);
    // A polling thread takes it; else wake a sleeper; else grow the pool.
    // (A thread in a call, or polling, counts neither as sleeping.)
    bool spawn = false;
    if (defer) {
      Standby s = EnsureStandbyLocked(p);
      wake = s == Standby::kWake;
      start = s == Standby::kSpawn;
    } else if (p->polling.load(std::memory_order_acquire) == 0) {
      if (p->sleeping > p->waking) {
        p->nWakes.fetch_add(1, std::memory_order_relaxed);
        p->waking++;
        wake = true;
      } else if (p->threads < p->maxThreads) {
        spawn = true;
      }
    } else {
      p->nPolled.fetch_add(1, std::memory_order_relaxed);
      // more queued than the poller can take at once
      spawn = p->sleeping <= p->waking && p->threads < p->maxThreads && p->queued.load(std::memory_order_relaxed) > 1;
    }
    if (spawn) {
      p->threads++;
      p->starting++;
      start = true;
    }
  }
  // Outside the lock: a thread woken while we still held it would only
  // block again on the mutex (a second switch for each wake-up).
  if (wake) p->cv.notify_one();
  if (start && !StartThread(p)) {
    std::lock_guard<std::mutex> lock(p->mu);
    if (p->threads == 0) {  // no thread to take it, now or later: take it back
      for (auto it = p->queue.begin(); it != p->queue.end(); ++it)
        if (it->work == w) {
          p->queue.erase(it);
          p->queued.fetch_sub(1, std::memory_order_release);
          if (--lane->inflight == 0) lane->tsfn.Unref(env);
          return false;
        }
    }
  }
  return true;
}

Stats GetStats() {
  Pool* p = ThePool();
  std::lock_guard<std::mutex> lock(p->mu);
  return Stats{p->threads, p->nDeferred.load(), p->nStandbyTakes.load(), p->nWakes.load(), p->nPolled.load()};
}

}  // namespace exec
}  // namespace lvn
