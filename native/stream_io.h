// The per-stream lock of libvirt's stream calls (native/stream.cc and the
// generated Stream methods).
#pragma once

#include <libvirt/libvirt.h>

#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace lvn {

// libvirt's streams are not safe for an end beside other calls: in its test
// driver, a recv() beside a finish() or abort() of the same stream used freed
// memory ("Object ... (<NULL-class>) is not a virObjectLockable instance")
// about 1 time in 20 on a non-blocking stream, and send() beside abort() did
// too. So the calls that move data (recv, send, the holes, the transfers'
// calls; the generated ones too: tools/generate.js) share the stream's lock,
// and finish() and abort() take it alone. Reading and writing stay
// concurrent, as a console needs (a blocked read must not hold up the input
// that would answer it). finish() and abort() wait for the lock at most
// kEndWaitMs: a recv on a blocking stream may wait for data for ever (a silent
// console), and abort() is the only way to end that wait, so past that budget
// they go ahead beside it. The entries live while a call holds or waits.
struct IoLock {
  std::shared_timed_mutex m;
  int users = 0;
};
inline std::mutex gIoMu;
inline std::unordered_map<virStreamPtr, IoLock*> gIo;
constexpr int kEndWaitMs = 100;

class StreamIo {
 public:
  enum Mode { MOVE, TRY_MOVE, END };
  // MOVE: shared, waits as long as an end runs. TRY_MOVE: shared if no end
  // runs, else not held (for the JavaScript thread, which must not wait).
  // END: alone, waits at most kEndWaitMs.
  explicit StreamIo(virStreamPtr st, Mode mode = MOVE) : st_(st), mode_(mode) {
    {
      std::lock_guard<std::mutex> lock(gIoMu);
      IoLock*& e = gIo[st];
      if (!e) e = new IoLock;
      e->users++;
      lk_ = e;
    }
    if (mode == MOVE) {
      lk_->m.lock_shared();
      held_ = true;
    } else if (mode == TRY_MOVE) {
      held_ = lk_->m.try_lock_shared();
    } else {
      held_ = lk_->m.try_lock_for(std::chrono::milliseconds(kEndWaitMs));
    }
  }
  ~StreamIo() {
    if (held_) {
      if (mode_ == END) lk_->m.unlock();
      else lk_->m.unlock_shared();
    }
    std::lock_guard<std::mutex> lock(gIoMu);
    if (--lk_->users == 0) {
      gIo.erase(st_);
      delete lk_;
    }
  }
  bool held() const { return held_; }
  StreamIo(const StreamIo&) = delete;
  StreamIo& operator=(const StreamIo&) = delete;

 private:
  virStreamPtr st_;
  Mode mode_;
  IoLock* lk_ = nullptr;
  bool held_ = false;
};

}  // namespace lvn
