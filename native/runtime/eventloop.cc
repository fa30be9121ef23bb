// The event loop; see eventloop.h and docs/architecture.md.
// uses: virEventRegisterDefaultImpl virEventRunDefaultImpl virEventAddTimeout virEventRemoveTimeout
// (libvirt's default loop, chosen with LIBVIRT_NAPI_EVENT_LOOP=glib)
#include "eventloop.h"

#include <libvirt/libvirt.h>

#include <errno.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <vector>

namespace lvn {
namespace loop {
namespace {

struct Watch {
  int id;
  int fd;
  int events;  // VIR_EVENT_HANDLE_* asked for
  virEventHandleCallback cb;
  void* opaque;
  virFreeCallback ff;
  bool deleted;
  uint64_t updates;   // UpdateHandle calls so far
  bool parked;        // left out of the epoll set until updated (see Park)
  int64_t parkedUntil;
};

struct Timer {
  int id;
  int frequency;  // ms; -1 disabled, 0 every iteration
  int64_t due;    // monotonic ms
  virEventTimeoutCallback cb;
  void* opaque;
  virFreeCallback ff;
  bool deleted;
};

struct FdState {
  int fd;
  uint32_t armed;     // epoll events registered now (0: not in the epoll set)
  bool alwaysReady;   // a file epoll refuses (EPERM): poll() would report it ready
};

constexpr int64_t kNotWaiting = std::numeric_limits<int64_t>::min();
constexpr int64_t kForever = std::numeric_limits<int64_t>::max();
// Longest a parked watch stays out of the epoll set without an update.
constexpr int64_t kParkMs = 5;

std::mutex mu;
int epfd = -1;
int wakefd = -1;
int nextWatch = 1;
int nextTimer = 1;
// Pointers stay valid until the loop thread's cleanup phase frees them.
// The lists are never destroyed: a loop thread that is still running while
// static destructors run at exit (a C program that returns from main with its
// loop thread going) must not find them freed.
std::vector<Watch*>& watches = *new std::vector<Watch*>;
std::vector<Timer*>& timers = *new std::vector<Timer*>;
std::vector<FdState>& fds = *new std::vector<FdState>;
bool haveDeleted = false;
// When the waiting loop will wake by itself (kNotWaiting while it is not in
// epoll_wait: it recomputes its timeout before waiting again).
int64_t plannedWake = kNotWaiting;
thread_local bool onLoopThread = false;
bool libvirtDefault = false;

int64_t NowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

uint32_t ToEpoll(int events) {
  uint32_t e = 0;
  if (events & VIR_EVENT_HANDLE_READABLE) e |= EPOLLIN;
  if (events & VIR_EVENT_HANDLE_WRITABLE) e |= EPOLLOUT;
  if (events & VIR_EVENT_HANDLE_ERROR) e |= EPOLLERR;
  if (events & VIR_EVENT_HANDLE_HANGUP) e |= EPOLLHUP;
  return e;
}

int FromEpoll(uint32_t e) {
  int events = 0;
  if (e & (EPOLLIN | EPOLLPRI)) events |= VIR_EVENT_HANDLE_READABLE;
  if (e & EPOLLOUT) events |= VIR_EVENT_HANDLE_WRITABLE;
  if (e & EPOLLERR) events |= VIR_EVENT_HANDLE_ERROR;
  if (e & EPOLLHUP) events |= VIR_EVENT_HANDLE_HANGUP;
  return events;
}

void WakeLocked() {
  if (onLoopThread || wakefd < 0) return;  // the loop recomputes before it waits again
  uint64_t one = 1;
  ssize_t r;
  do r = write(wakefd, &one, sizeof one);
  while (r < 0 && errno == EINTR);
}

FdState* FindFd(int fd) {
  for (auto& s : fds)
    if (s.fd == fd) return &s;
  return nullptr;
}

// Brings the epoll registration of `fd` in line with the live watches on it:
// several watches may share an fd, and epoll holds one entry per fd.
void SyncFdLocked(int fd) {
  uint32_t want = 0;
  for (Watch* w : watches)
    if (!w->deleted && !w->parked && w->fd == fd) want |= ToEpoll(w->events);
  FdState* s = FindFd(fd);
  uint32_t have = s ? s->armed : 0;
  if (s && s->alwaysReady) {
    if (!want) fds.erase(fds.begin() + (s - fds.data()));
    else s->armed = want;
    if (want) WakeLocked();
    return;
  }
  if (want == have) return;
  struct epoll_event ev;
  std::memset(&ev, 0, sizeof ev);
  ev.events = want;
  ev.data.fd = fd;
  if (!want) {
    // The fd may already be closed (the kernel then dropped it from the set).
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev);
    fds.erase(fds.begin() + (s - fds.data()));
    return;
  }
  int rc;
  if (have) {
    rc = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
    if (rc < 0 && errno == ENOENT) rc = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  } else {
    rc = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    if (rc < 0 && errno == EEXIST) rc = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
  }
  bool always = rc < 0 && errno == EPERM;  // regular files: always ready to poll()
  if (!s) {
    fds.push_back(FdState{fd, 0, false});
    s = &fds.back();
  }
  s->armed = want;
  s->alwaysReady = always;
  if (always) WakeLocked();
}

int AddHandle(int fd, int events, virEventHandleCallback cb, void* opaque, virFreeCallback ff) {
  if (fd < 0 || !cb) return -1;
  std::lock_guard<std::mutex> lock(mu);
  Watch* w = new Watch{nextWatch++, fd, events, cb, opaque, ff, false, 0, false, 0};
  watches.push_back(w);
  SyncFdLocked(fd);
  return w->id;
}

// The live (not removed) watch or timer with this id.
template <typename T>
T* FindLiveLocked(const std::vector<T*>& list, int id) {
  for (T* x : list)
    if (x->id == id && !x->deleted) return x;
  return nullptr;
}

void UpdateHandle(int id, int events) {
  std::lock_guard<std::mutex> lock(mu);
  Watch* w = FindLiveLocked(watches, id);
  if (!w) return;
  w->updates++;
  if (w->events == events && !w->parked) return;
  w->events = events;
  w->parked = false;
  SyncFdLocked(w->fd);
}

int RemoveHandle(int id) {
  std::lock_guard<std::mutex> lock(mu);
  Watch* w = FindLiveLocked(watches, id);
  if (!w) return -1;
  w->deleted = true;
  haveDeleted = true;
  SyncFdLocked(w->fd);
  WakeLocked();  // so its free callback runs soon
  return 0;
}

// A waiting loop must wake only when this timer is due before it would anyway.
void NoteDueLocked(const Timer* t) {
  if (t->frequency >= 0 && plannedWake != kNotWaiting && t->due < plannedWake) WakeLocked();
}

int AddTimeout(int frequency, virEventTimeoutCallback cb, void* opaque, virFreeCallback ff) {
  if (!cb) return -1;
  std::lock_guard<std::mutex> lock(mu);
  Timer* t = new Timer{nextTimer++, frequency, NowMs() + (frequency > 0 ? frequency : 0), cb, opaque, ff, false};
  timers.push_back(t);
  NoteDueLocked(t);
  return t->id;
}

void UpdateTimeout(int id, int frequency) {
  std::lock_guard<std::mutex> lock(mu);
  Timer* t = FindLiveLocked(timers, id);
  if (!t) return;
  t->frequency = frequency;
  if (frequency >= 0) t->due = NowMs() + frequency;
  NoteDueLocked(t);
}

int RemoveTimeout(int id) {
  std::lock_guard<std::mutex> lock(mu);
  Timer* t = FindLiveLocked(timers, id);
  if (!t) return -1;
  t->deleted = true;
  haveDeleted = true;
  WakeLocked();
  return 0;
}

using Frees = std::vector<std::pair<virFreeCallback, void*>>;

// Deletes the removed entries of `list`, collecting their free callbacks.
template <typename T>
void Sweep(std::vector<T*>& list, Frees& frees) {
  for (size_t i = 0; i < list.size();) {
    if (!list[i]->deleted) {
      i++;
      continue;
    }
    if (list[i]->ff) frees.emplace_back(list[i]->ff, list[i]->opaque);
    delete list[i];
    list.erase(list.begin() + i);
  }
}

// Frees what was removed; called by the loop thread between dispatches, so no
// callback of a removed watch or timeout is running.
void CleanupLocked(std::unique_lock<std::mutex>& lock) {
  if (!haveDeleted) return;
  haveDeleted = false;
  Frees frees;
  Sweep(watches, frees);
  Sweep(timers, frees);
  if (frees.empty()) return;
  lock.unlock();
  for (auto& f : frees) f.first(f.second);
  lock.lock();
}

// Whether `fd` still reports every one of `events` (READABLE/WRITABLE).
bool StillReady(int fd, int events) {
  struct pollfd p = {fd, 0, 0};
  if (events & VIR_EVENT_HANDLE_READABLE) p.events |= POLLIN;
  if (events & VIR_EVENT_HANDLE_WRITABLE) p.events |= POLLOUT;
  if (poll(&p, 1, 0) != 1 || (p.revents & (POLLHUP | POLLERR | POLLNVAL))) return false;
  return (p.revents & p.events) == p.events;
}

// Park: a watch whose callback left its fd as ready as it found it (readable
// or writable) without calling UpdateHandle made no progress, and epoll
// (level-triggered) would report the fd again at once. This is what libvirt's
// RPC client does while another thread owns the socket for a call ("has the
// buck"): its callback returns without reading or writing, and the thread with
// the buck does the I/O and then updates the watch. Without parking, the loop thread spins through the
// callback (taking the client's lock each time) until then: about 100 times
// per call with 8 calls in flight, which made 8 threads on one connection
// slower than one. A parked watch returns to the epoll set at its next update,
// or after kParkMs at the latest for callbacks that never update.
void DispatchFd(std::unique_lock<std::mutex>& lock, int fd, int revents) {
  std::vector<Watch*> on;
  for (Watch* w : watches)
    if (!w->deleted && !w->parked && w->fd == fd) on.push_back(w);
  for (Watch* w : on) {
    if (w->deleted || w->parked) continue;  // changed by an earlier callback of this round
    int ev = revents & (w->events | VIR_EVENT_HANDLE_ERROR | VIR_EVENT_HANDLE_HANGUP);
    if (!w->events || !ev) continue;
    virEventHandleCallback cb = w->cb;
    void* opaque = w->opaque;
    int id = w->id;
    uint64_t updates = w->updates;
    lock.unlock();
    cb(id, fd, ev, opaque);
    int io = ev & (VIR_EVENT_HANDLE_READABLE | VIR_EVENT_HANDLE_WRITABLE);
    bool stalled = io == ev && StillReady(fd, io);
    lock.lock();
    if (stalled && !w->deleted && w->updates == updates) {
      w->parked = true;
      w->parkedUntil = NowMs() + kParkMs;
      SyncFdLocked(fd);
    }
  }
}

// Returns parked watches whose time is up to the epoll set.
void UnparkDueLocked(int64_t now) {
  for (Watch* w : watches)
    if (!w->deleted && w->parked && w->parkedUntil <= now) {
      w->parked = false;
      SyncFdLocked(w->fd);
    }
}

}  // namespace

void Register() {
  static std::once_flag once;
  std::call_once(once, [] {
    virInitialize();
    const char* which = std::getenv("LIBVIRT_NAPI_EVENT_LOOP");
    if (which && std::strcmp(which, "glib") == 0) {
      libvirtDefault = true;
      virEventRegisterDefaultImpl();
      return;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epfd < 0 || wakefd < 0) {
      // Without epoll, fall back to libvirt's own loop rather than no loop.
      libvirtDefault = true;
      virEventRegisterDefaultImpl();
      return;
    }
    struct epoll_event ev;
    std::memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.fd = wakefd;
    epoll_ctl(epfd, EPOLL_CTL_ADD, wakefd, &ev);
    virEventRegisterImpl(AddHandle, UpdateHandle, RemoveHandle, AddTimeout, UpdateTimeout, RemoveTimeout);
  });
}

bool UsingLibvirtDefault() { return libvirtDefault; }

void Wake() {
  if (libvirtDefault) {
    // libvirt's loop wakes for a new timeout; the timeout removes itself.
    virEventAddTimeout(0, [](int timer, void*) { virEventRemoveTimeout(timer); }, nullptr, nullptr);
    return;
  }
  std::lock_guard<std::mutex> lock(mu);
  WakeLocked();
}

void RunOnce() {
  if (libvirtDefault) {
    virEventRunDefaultImpl();
    return;
  }
  onLoopThread = true;
  std::unique_lock<std::mutex> lock(mu);
  CleanupLocked(lock);

  int64_t now = NowMs();
  int64_t wait = -1;
  for (Timer* t : timers) {
    if (t->deleted || t->frequency < 0) continue;
    int64_t left = t->due - now;
    if (left < 0) left = 0;
    if (wait < 0 || left < wait) wait = left;
  }
  for (Watch* w : watches) {
    if (w->deleted || !w->parked) continue;
    int64_t left = w->parkedUntil - now;
    if (left < 0) left = 0;
    if (wait < 0 || left < wait) wait = left;
  }
  for (const FdState& s : fds)
    if (s.alwaysReady) wait = 0;
  if (wait > std::numeric_limits<int>::max()) wait = std::numeric_limits<int>::max();
  plannedWake = wait < 0 ? kForever : now + wait;
  lock.unlock();

  struct epoll_event evs[64];
  int n = epoll_wait(epfd, evs, 64, static_cast<int>(wait));

  lock.lock();
  plannedWake = kNotWaiting;
  for (int i = 0; i < n; i++) {
    int fd = evs[i].data.fd;
    if (fd == wakefd) {
      uint64_t v;
      while (read(wakefd, &v, sizeof v) > 0) {
      }
      continue;
    }
    DispatchFd(lock, fd, FromEpoll(evs[i].events));
  }
  std::vector<std::pair<int, int>> ready;  // always-ready files: (fd, events)
  for (const FdState& s : fds)
    if (s.alwaysReady) ready.emplace_back(s.fd, FromEpoll(s.armed & (EPOLLIN | EPOLLOUT)));
  for (auto& r : ready) DispatchFd(lock, r.first, r.second);

  now = NowMs();
  UnparkDueLocked(now);
  std::vector<Timer*> due;
  for (Timer* t : timers)
    if (!t->deleted && t->frequency >= 0 && t->due <= now) due.push_back(t);
  for (Timer* t : due) {
    // an earlier callback of this round may have removed or re-armed it
    if (t->deleted || t->frequency < 0 || t->due > now) continue;
    t->due = now + t->frequency;
    virEventTimeoutCallback cb = t->cb;
    void* opaque = t->opaque;
    int id = t->id;
    lock.unlock();
    cb(id, opaque);
    lock.lock();
  }
  CleanupLocked(lock);
}

}  // namespace loop
}  // namespace lvn

// For tools/bench/bench.c: the same loop under plain C, to measure it alone.
extern "C" void lvn_event_loop_register(void) { lvn::loop::Register(); }
extern "C" void lvn_event_loop_run_once(void) { lvn::loop::RunOnce(); }
