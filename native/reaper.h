// Handle frees off the JavaScript thread.
//
// Dropping a libvirt reference (virDomainFree and the like) is local, but not
// free: about 1 us each here, most of it libvirt formatting the UUID for a
// debug message that is never printed. A list of 500 domains that became
// garbage cost the JavaScript thread about 500 us in finalizers. Wrappers
// (their finalizers, free(), a connection's close()) hand the pointer here;
// a thread of its own ("libvirt-free") frees them at idle priority
// (SCHED_IDLE), so the frees use CPU time nobody else wants.
//
// Measured (listAllDomains(500) in a loop, qemu:///system, 2 CPUs): freeing
// on the JavaScript thread kept it busy 970-1160 us per call. Freeing on the
// executor thread right after it passed on its result took the CPU that the
// JavaScript thread, the next call's thread and libvirtd wanted at that very
// moment: the next call waited 70-220 us to start. At idle priority the frees
// happen while the loop waits for the daemon.
//
// Ordering: close() calls Drain() before virConnectClose (each pending handle
// holds a reference on its connection, and close() resolves the count that
// remains). With kBacklog pending (CPUs busy for so long that idle time never
// came) the thread that defers raises the reaper to normal priority until the
// backlog is gone: at idle priority it may get no CPU at all. (Without that,
// listAllDomains(500) in a loop with the completion spin left 98,000 frees
// pending after 800 calls, and the process grew.)
#pragma once

#include <cstddef>

namespace lvn {
namespace reaper {

using FreeFn = void (*)(void*);

constexpr size_t kBacklog = 4096;
constexpr size_t kChunk = 64;      // frees per lock hold; Drain() waits for one chunk at most
constexpr int kGatherMs = 2;       // wait for a batch to gather after the first

// Any thread. `fn(p)` runs later on the reaper thread.
void Defer(FreeFn fn, void* p);
// Frees everything deferred so far on the calling thread, and waits for the
// reaper thread's chunk in progress. Not for the JavaScript thread.
void Drain();
// Pointers waiting now (tests).
size_t Pending();

}  // namespace reaper
}  // namespace lvn
