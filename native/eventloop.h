// libvirt-napi's event loop implementation (virEventRegisterImpl), on epoll.
//
// Why not libvirt's default (GLib) loop: with an event loop registered, every
// remote call updates the connection's socket watch twice (the calling thread
// takes the socket for the call, then hands it back) and re-arms the keepalive
// timer once per reply. The GLib loop turns each of those into a wake-up of the
// loop thread and a full main-context iteration, which on a small machine adds
// about 20 us to every call. Here a watch update is one epoll_ctl from the
// calling thread (the loop thread is not woken), and a timer is only woken for
// when it becomes due earlier than the loop's planned wake-up.
//
// Semantics follow libvirt's docs for virEventRegisterImpl: a watch with no
// events is not polled at all; timeouts are periodic (-1 disabled, 0 every
// iteration); free callbacks run on the loop thread after the iteration in
// which the watch or timeout was removed, never while its callback runs.
#pragma once

namespace lvn {
namespace loop {

// Registers this implementation with libvirt (once per process, before any
// connection opens). With LIBVIRT_NAPI_EVENT_LOOP=glib in the environment,
// libvirt's default implementation is registered instead (for comparison).
void Register();
// True when Register() chose libvirt's default implementation.
bool UsingLibvirtDefault();
// One iteration: waits for a watched fd or a due timeout, dispatches, frees.
// Called in a loop by exactly one thread.
void RunOnce();
// Interrupts a RunOnce() that is waiting (from any thread).
void Wake();

// Counters since load, for tests and benchmarks (_stats()).
struct Stats {
  unsigned long long iterations;  // RunOnce calls
  unsigned long long dispatches;  // watch callbacks run
  unsigned long long parks;       // watches parked (see eventloop.cc)
  unsigned long long wakes;       // wake-ups written to the loop
  unsigned long long deferrals;   // READABLE updates deferred (see eventloop.cc)
  unsigned long long delayedArms; // deferred updates that took effect
};
Stats GetStats();

}  // namespace loop
}  // namespace lvn
