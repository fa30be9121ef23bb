// Shared by every wrapper: libvirt error capture, argument checks, per-environment state, and StartCall.
#pragma once

#include <napi.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/executor.h"

namespace lvn {

// ---------------------------------------------------------------------------
// libvirt errors, copied on the thread that made the failing call.
struct VirErr {
  bool set = false;
  int code = 0;
  int domain = 0;
  int level = 0;
  std::string message;
  bool hasStr1 = false, hasStr2 = false, hasStr3 = false;
  std::string str1, str2, str3;
  int int1 = 0, int2 = 0;
};

// Copies libvirt's last error of this thread (or a generic one when libvirt
// set none) and resets it.
VirErr CaptureLastError(const char* fallbackWhat = nullptr);

// An error raised by the binding itself (closed connection, freed object,
// bad state): made by MakeBindingError, with a `code` string.
struct BindingErr {
  std::string code;     // e.g. 'ERR_LIBVIRT_CLOSED'
  std::string message;
};

// ---------------------------------------------------------------------------
// Per-environment state (no static globals holding JS values).
struct AddonData {
  Napi::FunctionReference errorFactory;         // (err, fields) => LibvirtError
  Napi::FunctionReference bindingErrorFactory;  // (err, code) => the binding's own error
  Napi::FunctionReference ctor[16];             // wrapper constructors by HandleKind
  void* eventDelivery = nullptr;                // events.cc: the environment's event queue
  void* callLane = nullptr;                     // runtime/executor.cc: where this environment's calls complete
};
AddonData* Data(Napi::Env env);

// Turns a captured libvirt error into a LibvirtError, reusing `pre` (an Error
// created when the call started, so its stack points at the caller).
Napi::Value MakeLibvirtError(Napi::Env env, const VirErr& e, Napi::Object pre);
// Every error the binding raises itself is made here: through the factory
// TypeScript registered (setBindingErrorFactory), else a plain Error with `code`.
Napi::Value MakeBindingError(Napi::Env env, const BindingErr& e, Napi::Object pre = Napi::Object());
// Throws it (JS thread, inside a napi callback).
[[noreturn]] void ThrowBindingError(Napi::Env env, const BindingErr& e);
// A connection closed by close() while a call on it ran.
BindingErr ClosedDuringCall();

// ---------------------------------------------------------------------------
// Argument checks. They throw TypeError/RangeError naming the argument, e.g.
// "Expected string for xml but received number".
std::string Describe(const Napi::Value& v);
[[noreturn]] void ThrowType(Napi::Env env, const std::string& expected, const char* name,
                            const Napi::Value& got);
[[noreturn]] void ThrowRange(Napi::Env env, const std::string& expected, const char* name,
                             const Napi::Value& got);

bool IsAbsent(const Napi::Value& v);  // undefined or null
std::string ArgString(const Napi::CallbackInfo& info, size_t i, const char* name);
// nullable string: absent -> has=false
struct OptStr {
  bool has = false;
  std::string value;
  const char* c_str() const { return has ? value.c_str() : nullptr; }
  static OptStr Of(const char* s) { return s ? OptStr{true, s} : OptStr{}; }
};
OptStr ArgOptString(const Napi::CallbackInfo& info, size_t i, const char* name);
uint32_t ArgUInt32(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional);
int32_t ArgInt32(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional);
uint64_t ArgUInt64(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional);
int64_t ArgInt64(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional);
double ArgDouble(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional);
bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional);
std::vector<std::string> ArgStringArray(const Napi::CallbackInfo& info, size_t i, const char* name);
// 16 raw UUID bytes from a Buffer/Uint8Array
std::string ArgUUIDBytes(const Napi::CallbackInfo& info, size_t i, const char* name);
Napi::Function ArgFunction(const Napi::CallbackInfo& info, size_t i, const char* name);

Napi::Value BigUInt(Napi::Env env, uint64_t v);
Napi::Value BigInt(Napi::Env env, int64_t v);

// ---------------------------------------------------------------------------
// Job: one blocking libvirt call on an executor thread, settling a Promise.
// Made only by StartCall (below, and in handles.h for methods of a wrapper).
//
//  exec    runs on the worker; returns false when libvirt failed (the job then
//          copies libvirt's error on that same thread).
//  done    runs on the JS thread after success and converts the result; it gets
//          the `keep` values back (e.g. the Connection a new handle belongs to).
//  cleanup runs on the worker after exec (drops the references the call took),
//          or on the JS thread if the job never ran.
//  onFail  (JS thread, optional) may return a value to reject with instead
//          of the libvirt error (e.g. the error an auth callback threw).
// The JS objects in `keep` stay alive until the promise settles.
class Job : public exec::Work {
 public:
  using Exec = std::function<bool()>;
  // kept[i] is the i-th value passed in `keep` (undefined if it was not an object)
  using Done = std::function<Napi::Value(Napi::Env, const std::vector<Napi::Value>& kept)>;
  using Cleanup = std::function<void()>;
  using OnFail = std::function<Napi::Value(Napi::Env)>;
  // settled (optional) runs on the JS thread once the promise has settled,
  // whatever the outcome.
  static Napi::Value Start(Napi::Env env, const std::vector<Napi::Value>& keep, Exec exec, Done done,
                           Cleanup cleanup, OnFail onFail, Cleanup settled = nullptr);

  // Sets the libvirt error to reject with from inside exec (e.g. VIR_ERR_NO_SUPPORT
  // for a function the installed libvirt lacks); exec then returns false.
  void FailLibvirt(VirErr e) { err_ = std::move(e); hasPresetErr_ = true; }
  static thread_local Job* current;

 protected:
  void Run() override;
  void Complete(Napi::Env env) override;
  void Abandon() override;

 private:
  Job(Napi::Env env, Exec exec, Done done, Cleanup cleanup);
  ~Job() override;
  void Settle(Napi::Env env);
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference pre_;
  std::vector<Napi::Reference<Napi::Value>> keep_;
  Exec exec_;
  Done done_;
  Cleanup cleanup_;
  OnFail onFail_;
  Cleanup settled_;
  bool ran_ = false;
  bool ok_ = false;
  VirErr err_;
  bool hasBindingErr_ = false;
  bool hasPresetErr_ = false;
  BindingErr bindingErr_;
};

// The one way to make a blocking libvirt call: exec(r) on an executor
// thread, then done(env, r, kept) on the JavaScript thread, sharing a result
// struct R. Methods of a wrapper use the overload in handles.h.
template <typename R, typename Exec, typename Done>
Napi::Value StartCall(Napi::Env env, const std::vector<Napi::Value>& keep, Exec exec, Done done,
                      std::function<void()> cleanup = nullptr, Job::OnFail onFail = nullptr,
                      std::function<void()> settled = nullptr) {
  auto r = std::make_shared<R>();
  return Job::Start(env, keep, [r, exec]() { return exec(*r); },
      [r, done](Napi::Env env, const std::vector<Napi::Value>& kept) -> Napi::Value { return done(env, *r, kept); },
      std::move(cleanup), std::move(onFail), std::move(settled));
}

// VIR_ERR_NO_SUPPORT for a function the loaded libvirt library lacks.
VirErr NoSupportError(const char* function);
// The address of a libvirt function in the loaded library (lib: "libvirt.so.0",
// "libvirt-qemu.so.0"), or null: how wrappers of functions newer than the
// headers (or than the library at run time) are called.
void* LibvirtSymbol(const char* lib, const char* name);

// A promise rejected at once with a binding error (closed connection ...).
Napi::Value Rejected(Napi::Env env, const BindingErr& e);

}  // namespace lvn
