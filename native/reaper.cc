// See reaper.h.
#include "reaper.h"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace lvn {
namespace reaper {
namespace {

struct Item {
  FreeFn fn;
  void* p;
};

// Never destroyed: the reaper thread may run while static destructors do.
struct State {
  std::mutex mu;
  std::condition_variable wake;  // for the reaper thread
  std::condition_variable idle;  // a chunk in progress finished
  std::vector<Item> pending;
  bool started = false;
  bool waiting = false;  // the reaper thread sleeps with nothing pending
  int inProgress = 0;    // chunks being freed outside the lock
  size_t freeing = 0;    // pointers in those chunks
  // pending + freeing, read without the lock
  std::atomic<size_t> backlog{0};
};

void Count(State& s) { s.backlog.store(s.pending.size() + s.freeing, std::memory_order_relaxed); }

State& S() {
  static State* s = new State();
  return *s;
}

// Frees up to kChunk pointers taken from `pending`; called with the lock held,
// returns with it held.
void FreeChunk(State& s, std::unique_lock<std::mutex>& lock) {
  size_t n = s.pending.size() < kChunk ? s.pending.size() : kChunk;
  std::vector<Item> chunk(s.pending.end() - n, s.pending.end());
  s.pending.resize(s.pending.size() - n);
  s.inProgress++;
  s.freeing += n;
  Count(s);
  lock.unlock();
  for (const Item& it : chunk) it.fn(it.p);
  lock.lock();
  s.inProgress--;
  s.freeing -= n;
  Count(s);
  s.idle.notify_all();
}

void ThreadMain() {
  pthread_setname_np(pthread_self(), "libvirt-free");
  State& s = S();
  std::unique_lock<std::mutex> lock(s.mu);
  for (;;) {
    while (s.pending.empty()) {
      s.waiting = true;
      s.wake.wait(lock);
      s.waiting = false;
    }
    // Let a batch gather (a GC pass finalizes many wrappers in a row).
    if (s.pending.size() < kBacklog) s.wake.wait_for(lock, std::chrono::milliseconds(kGatherMs));
    while (!s.pending.empty()) FreeChunk(s, lock);
  }
}

}  // namespace

void Defer(FreeFn fn, void* p) {
  State& s = S();
  bool notify = false;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    if (!s.started) {
      try {
        std::thread(ThreadMain).detach();
        s.started = true;
      } catch (...) {  // no thread to be had: free here (this may be a finalizer: nothing may escape)
        fn(p);
        return;
      }
    }
    s.pending.push_back(Item{fn, p});
    Count(s);
    notify = s.waiting || s.pending.size() == kBacklog;  // a backlog ends the gathering wait
  }
  if (notify) s.wake.notify_one();
}

void Drain() {
  State& s = S();
  std::unique_lock<std::mutex> lock(s.mu);
  while (!s.pending.empty()) FreeChunk(s, lock);
  while (s.inProgress > 0) s.idle.wait(lock);  // at most one chunk each
}

bool Busy() { return S().backlog.load(std::memory_order_relaxed) >= kChunk; }

size_t Pending() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.pending.size();
}

}  // namespace reaper
}  // namespace lvn
