// See reaper.h.
#include "reaper.h"

#include "executor.h"

#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

namespace lvn {
namespace reaper {
namespace {

struct Item {
  FreeFn fn;
  void* p;
};

// Never destroyed: an executor thread may drain while static destructors run.
struct State {
  std::mutex mu;
  std::condition_variable idle;  // draining became false
  std::vector<Item> pending;
  bool draining = false;
  bool scheduled = false;  // a Background drain is queued
};

State& S() {
  static State* s = new State();
  return *s;
}

// Called with the lock held and draining == false; returns with the lock held.
void DrainLocked(State& s, std::unique_lock<std::mutex>& lock) {
  while (!s.pending.empty()) {
    std::vector<Item> batch;
    batch.swap(s.pending);
    s.draining = true;
    lock.unlock();
    for (const Item& it : batch) it.fn(it.p);
    lock.lock();
    s.draining = false;
  }
  s.idle.notify_all();
}

}  // namespace

void Defer(FreeFn fn, void* p) {
  State& s = S();
  {
    std::lock_guard<std::mutex> lock(s.mu);
    s.pending.push_back(Item{fn, p});
    if (s.pending.size() < kWakeAt || s.scheduled) return;
    s.scheduled = true;
  }
  try {
    exec::Background([] {
      {
        std::lock_guard<std::mutex> lock(S().mu);
        S().scheduled = false;
      }
      TryDrain();
    });
  } catch (...) {  // no thread to be had (this may run in a finalizer: nothing may escape)
    {
      std::lock_guard<std::mutex> lock(s.mu);
      s.scheduled = false;
    }
    Drain();
  }
}

void Drain() {
  State& s = S();
  std::unique_lock<std::mutex> lock(s.mu);
  while (s.draining) s.idle.wait(lock);
  DrainLocked(s, lock);
}

void TryDrain() {
  State& s = S();
  std::unique_lock<std::mutex> lock(s.mu);
  if (s.draining || s.pending.empty()) return;
  DrainLocked(s, lock);
}

size_t Pending() {
  State& s = S();
  std::lock_guard<std::mutex> lock(s.mu);
  return s.pending.size();
}

}  // namespace reaper
}  // namespace lvn
