// Handle frees off the JavaScript thread.
//
// Dropping a libvirt reference (virDomainFree and the like) is local, but not
// free: about 1 us each here, most of it libvirt formatting the UUID for a
// debug message that is never printed. A list of 500 domains that became
// garbage cost the JavaScript thread about 500 us in finalizers. Wrappers
// (their finalizers, free(), a connection's close()) hand the pointer here;
// a thread of its own ("libvirt-free") frees them in chunks, after letting a
// batch gather for kGatherMs.
//
// Designs measured and dropped (listAllDomains(500) in a loop, each list
// freed, qemu:///system, 2 CPUs; plain C 1258 us):
// - freeing on the JavaScript thread: 1777 us (median of 9);
// - this thread at SCHED_IDLE: 1776 us. With the completion spin on one CPU
//   and libvirtd on the other it got no CPU at all, and had to be raised
//   from outside at a backlog; left alone, 98,000 frees piled up;
// - freeing on the executor thread right after it passed on its result: the
//   next call waited 45-220 us to start;
// - this thread at normal priority (kept): 1617 us.
//
// Ordering: close() calls Drain() before virConnectClose (each pending handle
// holds a reference on its connection, and close() resolves the count that
// remains).
#pragma once

#include <cstddef>

namespace lvn {
namespace reaper {

using FreeFn = void (*)(void*);

constexpr size_t kBacklog = 4096;  // ends the gathering wait at once
constexpr size_t kChunk = 64;      // frees per lock hold; Drain() waits for one chunk at most
constexpr int kGatherMs = 2;       // wait for a batch to gather after the first

// Any thread. `fn(p)` runs later on the reaper thread.
void Defer(FreeFn fn, void* p);
// Frees everything deferred so far on the calling thread, and waits for the
// reaper thread's chunk in progress. Not for the JavaScript thread.
void Drain();
// Pointers waiting now (tests).
size_t Pending();
// Whether a chunk's worth or more is waiting or being freed (a list that
// was dropped): the completion spin leaves the CPU to the free thread then.
bool Busy();

}  // namespace reaper
}  // namespace lvn
