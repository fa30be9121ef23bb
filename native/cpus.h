// How many CPUs this process may use right now: the CPUs its affinity mask
// allows (taskset, cpusets), capped by a CFS quota on its cgroup (docker
// --cpus, systemd CPUQuota=), cgroup v2 or v1. Re-read at most once a second.
//
// Busy-waiting (the completion spin, native/spin.h, and the executor's poll,
// native/executor.cc) only pays when another CPU runs the thread being waited
// for. Confined to one CPU, it takes the CPU from that thread: measured here
// with `taskset -c 0`, a getLibVersion took 440 us with both, 120 us without.
#pragma once

namespace lvn {
namespace cpus {

// At least 1; may be fractional under a quota (1.5 for --cpus=1.5).
double Available();

// Busy-waiting also stops while the CPUs are taken by other work. A thread
// that busy-waits notes at the end whether it was preempted meanwhile (its
// involuntary context switches, getrusage): if 4 or more of the last 16
// busy-waits were, some other thread wanted the CPU, and nobody busy-waits
// for a while (100 ms, doubled each time it happens again in a row, at most
// 3.2 s), after which a new window of 16 decides. LIBVIRT_NAPI_PAUSE_MS at
// load sets the first pause; 0 turns pausing off.
// Measured here with one busy loop beside a program awaiting getLibVersion
// on qemu:///system: about 500 us per call busy-waiting against 220-340 us
// without it (plain C: 100-150).
// Marks the start of a busy-wait on this thread; BusyWaitEnded(mark) notes it.
long BusyWaitStarted();
void BusyWaitEnded(long mark);
bool Contended();
struct ContentionStats {
  unsigned long long busyWaits, preempted, backoffs;
};
ContentionStats GetContentionStats();

// Whether busy-waiting may pay: at least 2 CPUs' worth available, not taken
// by others.
inline bool CanSpin() { return Available() >= 2.0 && !Contended(); }

}  // namespace cpus
}  // namespace lvn
