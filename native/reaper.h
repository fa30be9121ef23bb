// Handle frees off the JavaScript thread.
//
// Dropping a libvirt reference (virDomainFree and the like) is local, but not
// free: about 1.1 us each here, most of it libvirt formatting the UUID for a
// debug message that is never printed. A list of 500 domains that becomes
// garbage cost the JavaScript thread 550 us in finalizers. Wrappers (their
// finalizers, free(), a connection's close()) hand the pointer here instead;
// an executor thread frees what is pending once it has passed on its call's
// result, so the frees overlap with JavaScript's work instead of adding to it.
//
// Ordering: close() frees what is pending before it closes the connection
// (each pending handle holds a reference on its connection, and close()
// resolves the count that remains). A process that makes no further call
// keeps fewer than kWakeAt pointers pending; at kWakeAt an executor thread is
// woken to free them. (Freeing them on the JavaScript thread instead, as a
// first version did at 4096, put a major GC's thousands of frees right back
// on it: listAllDomains(500) in a loop kept the loop busy 1000 us per call
// instead of 580.)
#pragma once

#include <cstddef>

namespace lvn {
namespace reaper {

using FreeFn = void (*)(void*);

constexpr size_t kWakeAt = 256;

// Any thread. `fn(p)` runs later on an executor thread.
void Defer(FreeFn fn, void* p);
// Frees everything deferred so far, waiting for a drain in progress on
// another thread. Not for the JavaScript thread when much may be pending.
void Drain();
// Frees what is pending unless another thread is already at it.
void TryDrain();
// Pointers waiting now (tests).
size_t Pending();

}  // namespace reaper
}  // namespace lvn
