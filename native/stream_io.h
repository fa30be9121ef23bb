// The per-stream lock of libvirt's stream calls (native/stream.cc and the
// generated Stream methods).
#pragma once

#include <libvirt/libvirt.h>

#include <chrono>
#include <mutex>
#include <unordered_map>

namespace lvn {

// One libvirt call at a time per stream. libvirt's streams are not safe for
// concurrent calls: in its test driver, a recv() beside a finish() or abort()
// of the same stream used freed memory ("Object ... (<NULL-class>) is not a
// virObjectLockable instance") about 1 time in 20 on a non-blocking stream.
// recv, send, the holes and the transfers' calls wait for the stream's lock
// (the generated ones too: scripts/generate.js). finish() and
// abort() wait for it at most kEndWaitMs: a recv on a blocking stream may wait
// for data for ever (a silent console), and abort() is the only way to end
// that wait, so past that budget they go ahead beside it. The entries live
// while a call holds or waits for them.
struct IoLock {
  std::timed_mutex m;
  int users = 0;
};
inline std::mutex gIoMu;
inline std::unordered_map<virStreamPtr, IoLock*> gIo;
constexpr int kEndWaitMs = 100;

class StreamIo {
 public:
  // waitMs < 0: wait as long as it takes
  explicit StreamIo(virStreamPtr st, int waitMs = -1) : st_(st) {
    {
      std::lock_guard<std::mutex> lock(gIoMu);
      IoLock*& e = gIo[st];
      if (!e) e = new IoLock;
      e->users++;
      lk_ = e;
    }
    if (waitMs < 0) {
      lk_->m.lock();
      held_ = true;
    } else {
      held_ = lk_->m.try_lock_for(std::chrono::milliseconds(waitMs));
    }
  }
  ~StreamIo() {
    if (held_) lk_->m.unlock();
    std::lock_guard<std::mutex> lock(gIoMu);
    if (--lk_->users == 0) {
      gIo.erase(st_);
      delete lk_;
    }
  }
  StreamIo(const StreamIo&) = delete;
  StreamIo& operator=(const StreamIo&) = delete;

 private:
  virStreamPtr st_;
  IoLock* lk_ = nullptr;
  bool held_ = false;
};

}  // namespace lvn
