// libvirt's event loop implementation for the binding (virEventRegisterImpl), on epoll; see docs/architecture.md.
// Not libvirt's default (GLib) loop: that one is woken by every remote call's socket hand-back.
#pragma once

namespace lvn {
namespace loop {

// Registers this implementation with libvirt (once per process, before any
// connection opens). With LIBVIRT_NAPI_EVENT_LOOP=glib in the environment,
// libvirt's default implementation is registered instead (to tell a problem
// of this loop from one of libvirt).
void Register();
// True when Register() chose libvirt's default implementation.
bool UsingLibvirtDefault();
// One iteration: waits for a watched fd or a due timeout, dispatches, frees.
// Called in a loop by exactly one thread.
void RunOnce();
// Interrupts a RunOnce() that is waiting (from any thread).
void Wake();

}  // namespace loop
}  // namespace lvn
