#include "common.h"
#include "handles.h"

#include <array>
#include <cmath>
#include <system_error>
#include <thread>
#include <cstdlib>
#include <dlfcn.h>

namespace lvn {

// uses: virCopyLastError virResetError virResetLastError
VirErr CaptureLastError(const char* fallbackWhat) {
  VirErr out;
  out.set = true;
  virError e;
  memset(&e, 0, sizeof e);
  if (virCopyLastError(&e) > 0 && e.code != VIR_ERR_OK) {
    out.code = e.code;
    out.domain = e.domain;
    out.level = e.level;
    out.message = e.message ? e.message : "";
    if (e.str1) { out.hasStr1 = true; out.str1 = e.str1; }
    if (e.str2) { out.hasStr2 = true; out.str2 = e.str2; }
    if (e.str3) { out.hasStr3 = true; out.str3 = e.str3; }
    out.int1 = e.int1;
    out.int2 = e.int2;
  } else {
    out.code = VIR_ERR_INTERNAL_ERROR;
    out.domain = VIR_FROM_NONE;
    out.level = VIR_ERR_ERROR;
    out.message = std::string(fallbackWhat ? fallbackWhat : "libvirt call") +
                  " failed without reporting an error";
  }
  virResetError(&e);
  virResetLastError();
  return out;
}

AddonData* Data(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

static Napi::Object Fresh(Napi::Env env, Napi::Object pre) {
  if (!pre.IsEmpty()) return pre;
  return Napi::Error::New(env, "").Value();
}

Napi::Value MakeLibvirtError(Napi::Env env, const VirErr& e, Napi::Object pre) {
  Napi::Object err = Fresh(env, pre);
  Napi::Object f = Napi::Object::New(env);
  f.Set("code", e.code);
  f.Set("domain", e.domain);
  f.Set("level", e.level);
  f.Set("message", e.message);
  f.Set("str1", e.hasStr1 ? Napi::Value(Napi::String::New(env, e.str1)) : env.Null());
  f.Set("str2", e.hasStr2 ? Napi::Value(Napi::String::New(env, e.str2)) : env.Null());
  f.Set("str3", e.hasStr3 ? Napi::Value(Napi::String::New(env, e.str3)) : env.Null());
  f.Set("int1", e.int1);
  f.Set("int2", e.int2);
  AddonData* d = Data(env);
  if (!d->errorFactory.IsEmpty()) {
    return d->errorFactory.Call({err, f});
  }
  err.Set("message", e.message);
  err.Set("code", e.code);
  return err;
}

Napi::Value MakeBindingError(Napi::Env env, const BindingErr& e, Napi::Object pre) {
  Napi::Object err = Fresh(env, pre);
  err.Set("message", e.message);
  err.Set("code", e.code);
  AddonData* d = Data(env);
  if (!d->bindingErrorFactory.IsEmpty())
    return d->bindingErrorFactory.Call({err, Napi::String::New(env, e.code)});
  return err;
}

void ThrowBindingError(Napi::Env env, const BindingErr& e) { throw Napi::Error(env, MakeBindingError(env, e)); }

BindingErr ClosedDuringCall() {
  return {"ERR_LIBVIRT_CLOSED", "Connection was closed while the call was running"};
}

Napi::Value Rejected(Napi::Env env, const BindingErr& e) {
  auto d = Napi::Promise::Deferred::New(env);
  d.Reject(MakeBindingError(env, e, Napi::Object()));
  return d.Promise();
}

// ---------------------------------------------------------------------------
std::string Describe(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return std::string("boolean ") + (v.As<Napi::Boolean>().Value() ? "true" : "false");
    case napi_number: return "number " + v.ToString().Utf8Value();
    case napi_bigint: return "bigint " + v.ToString().Utf8Value() + "n";
    case napi_string: {
      std::string s = v.As<Napi::String>().Utf8Value();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return "string '" + s + "'";
    }
    case napi_symbol: return "symbol";
    case napi_function: return "function";
    case napi_object: {
      if (v.IsArray()) return "array";
      Napi::Value ctor = v.As<Napi::Object>().Get("constructor");
      if (ctor.IsFunction()) {
        std::string n = ctor.As<Napi::Object>().Get("name").ToString().Utf8Value();
        if (!n.empty()) return "object " + n;
      }
      return "object";
    }
    default: return "value";
  }
}

void ThrowType(Napi::Env env, const std::string& expected, const char* name, const Napi::Value& got) {
  throw Napi::TypeError::New(env, "Expected " + expected + " for " + name + " but received " + Describe(got));
}
void ThrowRange(Napi::Env env, const std::string& expected, const char* name, const Napi::Value& got) {
  throw Napi::RangeError::New(env, "Expected " + expected + " for " + name + " but received " + Describe(got));
}

bool IsAbsent(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

static Napi::Value At(const Napi::CallbackInfo& info, size_t i) {
  return i < info.Length() ? info[i] : info.Env().Undefined();
}

std::string ArgString(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = At(info, i);
  if (!v.IsString()) ThrowType(info.Env(), "string", name, v);
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) ThrowType(info.Env(), "string without NUL characters", name, v);
  return s;
}

OptStr ArgOptString(const Napi::CallbackInfo& info, size_t i, const char* name) {
  OptStr o;
  Napi::Value v = At(info, i);
  if (IsAbsent(v)) return o;
  if (!v.IsString()) ThrowType(info.Env(), "string or null", name, v);
  o.has = true;
  o.value = v.As<Napi::String>().Utf8Value();
  if (o.value.find('\0') != std::string::npos)
    ThrowType(info.Env(), "string without NUL characters", name, v);
  return o;
}

// A number that is an integer in [lo, hi]; `what` names the expected kind in the errors.
static double IntegerIn(Napi::Env env, const Napi::Value& v, const char* name, double lo, double hi, const char* what) {
  if (!v.IsNumber()) ThrowType(env, what, name, v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::floor(d) != d || d < lo || d > hi) ThrowRange(env, what, name, v);
  return d;
}

uint32_t ArgUInt32(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional) {
  Napi::Value v = At(info, i);
  if (optional && v.IsUndefined()) return 0;
  return static_cast<uint32_t>(IntegerIn(info.Env(), v, name, 0, 4294967295.0, "unsigned 32-bit integer"));
}

int32_t ArgInt32(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional) {
  Napi::Value v = At(info, i);
  if (optional && v.IsUndefined()) return 0;
  return static_cast<int32_t>(IntegerIn(info.Env(), v, name, -2147483648.0, 2147483647.0, "32-bit integer"));
}

uint64_t ArgUInt64(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional) {
  Napi::Value v = At(info, i);
  if (optional && v.IsUndefined()) return 0;
  if (!v.IsNumber() && !v.IsBigInt()) ThrowType(info.Env(), "unsigned integer (number or bigint)", name, v);
  if (v.IsBigInt()) {
    bool lossless = false;
    uint64_t x = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) ThrowRange(info.Env(), "unsigned 64-bit integer", name, v);
    return x;
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::floor(d) != d || d < 0 || d > 9007199254740991.0)
    ThrowRange(info.Env(), "unsigned safe integer (use a bigint above 2^53)", name, v);
  return static_cast<uint64_t>(d);
}

int64_t ArgInt64(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional) {
  Napi::Value v = At(info, i);
  if (optional && v.IsUndefined()) return 0;
  if (!v.IsNumber() && !v.IsBigInt()) ThrowType(info.Env(), "integer (number or bigint)", name, v);
  if (v.IsBigInt()) {
    bool lossless = false;
    int64_t x = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) ThrowRange(info.Env(), "signed 64-bit integer", name, v);
    return x;
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740991.0)
    ThrowRange(info.Env(), "safe integer (use a bigint beyond 2^53)", name, v);
  return static_cast<int64_t>(d);
}

double ArgDouble(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional) {
  Napi::Value v = At(info, i);
  if (optional && v.IsUndefined()) return 0;
  if (!v.IsNumber()) ThrowType(info.Env(), "number", name, v);
  return v.As<Napi::Number>().DoubleValue();
}

bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* name, bool optional) {
  Napi::Value v = At(info, i);
  if (optional && v.IsUndefined()) return false;
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (d == 0 || d == 1) return d == 1;
  }
  ThrowType(info.Env(), "boolean", name, v);
}

std::vector<std::string> ArgStringArray(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = At(info, i);
  if (!v.IsArray()) ThrowType(info.Env(), "array of strings", name, v);
  Napi::Array a = v.As<Napi::Array>();
  std::vector<std::string> out;
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value e = a.Get(k);
    if (!e.IsString()) {
      std::string n = std::string(name) + "[" + std::to_string(k) + "]";
      ThrowType(info.Env(), "string", n.c_str(), e);
    }
    out.push_back(e.As<Napi::String>().Utf8Value());
  }
  return out;
}

std::string ArgUUIDBytes(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = At(info, i);
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    ThrowType(info.Env(), "Uint8Array or Buffer of 16 bytes", name, v);
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  if (a.ByteLength() != VIR_UUID_BUFLEN) ThrowRange(info.Env(), "16 bytes", name, v);
  return std::string(reinterpret_cast<const char*>(a.Data()), a.ByteLength());
}

Napi::Function ArgFunction(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = At(info, i);
  if (!v.IsFunction()) ThrowType(info.Env(), "function", name, v);
  return v.As<Napi::Function>();
}

Napi::Value BigUInt(Napi::Env env, uint64_t v) { return Napi::BigInt::New(env, v); }
Napi::Value BigInt(Napi::Env env, int64_t v) { return Napi::BigInt::New(env, v); }

// ---------------------------------------------------------------------------
thread_local Job* Job::current = nullptr;

Job::Job(Napi::Env env, Exec exec, Done done, Cleanup cleanup)
    : deferred_(Napi::Promise::Deferred::New(env)),
      exec_(std::move(exec)),
      done_(std::move(done)),
      cleanup_(std::move(cleanup)) {
  // Captured now, so a rejection's stack shows the caller's line.
  pre_ = Napi::Persistent(Napi::Error::New(env, "").Value());
}

Job::~Job() {
  if (!ran_ && cleanup_) cleanup_();
}

Napi::Value Job::Start(Napi::Env env, const std::vector<Napi::Value>& keep, Exec exec, Done done,
                       Cleanup cleanup, OnFail onFail, Cleanup settled) {
  Job* job = new Job(env, std::move(exec), std::move(done), std::move(cleanup));
  job->onFail_ = std::move(onFail);
  job->settled_ = std::move(settled);
  for (const auto& v : keep)
    job->keep_.push_back(v.IsObject() ? Napi::Persistent(v) : Napi::Reference<Napi::Value>());
  Napi::Value p = job->deferred_.Promise();
  // may complete (on the JS thread) only after this returns
  if (!exec::Submit(env, job)) {
    job->hasBindingErr_ = true;
    job->bindingErr_ = {"ERR_LIBVIRT_NO_THREAD",
                        "no thread could be started to make the libvirt call (the process is at its thread limit)"};
    job->Complete(env);
    delete job;
  }
  return p;
}

void Job::Run() {
  ran_ = true;
  current = this;
  virResetLastError();
  ok_ = exec_();
  if (!ok_ && !hasBindingErr_ && !hasPresetErr_) err_ = CaptureLastError();
  current = nullptr;
  if (cleanup_) {
    cleanup_();
    cleanup_ = nullptr;
  }
}

void Job::Abandon() {
  // The environment is gone, and with it what the references pointed to.
  if (cleanup_) {
    cleanup_();
    cleanup_ = nullptr;
  }
}

void Job::Complete(Napi::Env env) {
  Napi::HandleScope scope(env);
  struct AtEnd {  // settled_ runs even if rejecting throws (JS cannot run)
    Cleanup& f;
    ~AtEnd() {
      if (f) f();
    }
  } atEnd{settled_};
  try {
    Settle(env);
  } catch (const Napi::Error& e) {
    deferred_.Reject(e.Value());  // may throw again if JS cannot run: the executor catches it
  }
}

void Job::Settle(Napi::Env env) {
  if (hasBindingErr_) {
    deferred_.Reject(MakeBindingError(env, bindingErr_, pre_.Value()));
    return;
  }
  if (!ok_) {
    if (onFail_) {
      Napi::Value custom = onFail_(env);
      if (!custom.IsEmpty() && !custom.IsUndefined()) {
        deferred_.Reject(custom);
        return;
      }
    }
    deferred_.Reject(MakeLibvirtError(env, err_, pre_.Value()));
    return;
  }
  std::vector<Napi::Value> kept;
  kept.reserve(keep_.size());
  for (auto& r : keep_) kept.push_back(r.IsEmpty() ? env.Undefined() : r.Value());
  deferred_.Resolve(done_ ? done_(env, kept) : env.Undefined());
}

// ---------------------------------------------------------------------------
// One type tag per handle kind: "libvirt\0" and "NAPI" followed by the kind.
static const std::array<napi_type_tag, K_COUNT> kTags = [] {
  std::array<napi_type_tag, K_COUNT> t{};
  for (int i = 0; i < K_COUNT; i++) t[i] = {0x6c69627669727400ULL, 0x4e41504900000000ULL + i};
  return t;
}();
const napi_type_tag* TagFor(HandleKind k) { return &kTags[k]; }

int64_t HandleBase::live = 0;

void CloseConnectionOffThread(virConnectPtr conn) {
  try {
    std::thread([conn] { virConnectClose(conn); }).detach();
  } catch (const std::system_error&) {
    virConnectClose(conn);  // no thread to be had: close here rather than leak
  }
}

thread_local bool Constructing::internal = false;
thread_local HandleBase* Constructing::constructed = nullptr;

VirErr NoSupportError(const char* function) {
  VirErr e;
  e.set = true;
  e.code = VIR_ERR_NO_SUPPORT;
  e.domain = VIR_FROM_NONE;
  e.level = VIR_ERR_ERROR;
  e.message = std::string("this function is not supported by the installed libvirt: ") + function;
  e.hasStr1 = true;
  e.str1 = function;
  e.int1 = -1;
  e.int2 = -1;
  return e;
}

void* LibvirtSymbol(const char* lib, const char* name) {
  void* h = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD);
  if (!h) h = dlopen(lib, RTLD_LAZY);
  return h ? dlsym(h, name) : nullptr;  // the handle stays open: libvirt stays loaded
}

Napi::Value TakeString(Napi::Env env, char* s) {
  Napi::String out = Napi::String::New(env, s ? s : "");
  free(s);
  return out;
}

}  // namespace lvn
