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
// Whether busy-waiting may pay: at least 2 CPUs' worth available.
inline bool CanSpin() { return Available() >= 2.0; }

}  // namespace cpus
}  // namespace lvn
