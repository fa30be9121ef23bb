// Module entry: libvirt initialisation, open/openReadOnly/openAuth,
// getVersion, and the hook through which TypeScript supplies LibvirtError.
#include "convert.h"
#include "runtime/eventloop.h"
#include "runtime/executor.h"

#include <condition_variable>
#include <dlfcn.h>
#include <cstring>
#include <mutex>

namespace lvn {

// libvirt prints every error to stderr unless an error function is set.
static void SilentErrorFunc(void*, virErrorPtr) {}

// setErrorFactory: (err, fields) => LibvirtError. setBindingErrorFactory:
// (err, code) => the error to raise for a failure of the binding itself (an
// Error whose message is set; see MakeBindingError).
template <Napi::FunctionReference AddonData::*Factory>
static Napi::Value SetFactory(const Napi::CallbackInfo& info) {
  Data(info.Env())->*Factory = Napi::Persistent(ArgFunction(info, 0, "factory"));
  return info.Env().Undefined();
}

static Napi::Value OpenWith(const Napi::CallbackInfo& info, bool readOnly) {
  Napi::Env env = info.Env();
  OptStr uri = ArgOptString(info, 0, "uri");
  unsigned int flags = readOnly ? 0 : ArgUInt32(info, 1, "flags", true);
  return StartCall<virConnectPtr>(env, {},
      [uri, flags, readOnly](virConnectPtr& r) {
        r = readOnly ? virConnectOpenReadOnly(uri.c_str()) : virConnectOpenAuth(uri.c_str(), nullptr, flags);
        return r != nullptr;
      },
      [](Napi::Env env, virConnectPtr& r, const std::vector<Napi::Value>&) -> Napi::Value {
        return Connection::New(env, r, env.Undefined());
      });
}

// wraps: virConnectOpen
static Napi::Value Open(const Napi::CallbackInfo& info) { return OpenWith(info, false); }
// wraps: virConnectOpenReadOnly
static Napi::Value OpenReadOnly(const Napi::CallbackInfo& info) { return OpenWith(info, true); }

// --- openAuth ----------------------------------------------------------------
// libvirt calls the auth callback on the worker thread running
// virConnectOpenAuth. It hands the credentials to JavaScript through a
// thread-safe function and waits for the JS callback (sync or async) to
// settle; the JS side is a TypeScript wrapper that always returns a Promise
// of the results array.
struct CredIn {
  int type;
  std::string prompt;
  OptStr challenge, defresult;
};
struct AuthRequest {
  std::vector<CredIn> creds;
  std::vector<std::pair<bool, std::string>> results;
  bool done = false, failed = false;
  std::mutex m;
  std::condition_variable cv;
  void Finish(bool ok) {
    std::lock_guard<std::mutex> lock(m);
    failed = !ok;
    done = true;
    cv.notify_all();
  }
};
struct AuthContext;
static void CallAuthJs(Napi::Env env, Napi::Function fn, AuthContext* ctx,
                       std::shared_ptr<AuthRequest>* holder);
using AuthTsfn = Napi::TypedThreadSafeFunction<AuthContext, std::shared_ptr<AuthRequest>, CallAuthJs>;
struct AuthContext {
  AuthTsfn tsfn;
  std::vector<int> credTypes;
  Napi::Reference<Napi::Value> error;  // what the JS callback threw (JS thread only)
  bool hasError = false;
};

// "VIR_CRED_PASSPHRASE" for 5, as in error messages
static std::string CredName(int type) {
  static const char* const names[] = {nullptr, "USERNAME", "AUTHNAME", "LANGUAGE", "CNONCE",
                                      "PASSPHRASE", "ECHOPROMPT", "NOECHOPROMPT", "REALM", "EXTERNAL"};
  if (type > 0 && type < 10) return std::string("VIR_CRED_") + names[type];
  return "of type " + std::to_string(type);
}

static void CallAuthJs(Napi::Env env, Napi::Function fn, AuthContext* ctx,
                       std::shared_ptr<AuthRequest>* holder) {
  std::shared_ptr<AuthRequest> req = *holder;
  delete holder;
  if (env == nullptr) {  // environment going away
    req->Finish(false);
    return;
  }
  Napi::HandleScope scope(env);
  Napi::Array creds = Napi::Array::New(env, req->creds.size());
  for (size_t i = 0; i < req->creds.size(); i++) {
    const CredIn& c = req->creds[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("type", c.type);
    o.Set("prompt", c.prompt);
    o.Set("challenge", StrOrNull(env, c.challenge.c_str()));
    o.Set("defresult", StrOrNull(env, c.defresult.c_str()));
    o.Set("result", env.Null());
    creds.Set(static_cast<uint32_t>(i), o);
  }
  auto fail = [ctx, req](Napi::Value err) {
    if (!ctx->hasError) {
      ctx->error = Napi::Persistent(err);
      ctx->hasError = true;
    }
    req->Finish(false);
  };
  try {
    Napi::Value p = fn.Call({creds});
    if (!p.IsPromise()) throw Napi::Error::New(env, "auth wrapper must return a Promise");
    Napi::Function onOk = Napi::Function::New(env, [req, fail](const Napi::CallbackInfo& info) {
      Napi::Value v = info[0];
      if (!v.IsArray()) {  // the callback declined (returned a negative number)
        req->Finish(false);
        return;
      }
      {
        Napi::Array a = v.As<Napi::Array>();
        for (uint32_t i = 0; i < a.Length() && i < req->results.size(); i++) {
          Napi::Value x = a.Get(i);
          if (!x.IsString()) continue;
          std::string s = x.As<Napi::String>().Utf8Value();
          // libvirt takes a C string: 'pw\0junk' would authenticate as 'pw'
          if (s.find('\0') != std::string::npos) {
            std::string msg = "credential " + CredName(req->creds[i].type) + " result must not contain NUL";
            return fail(Napi::TypeError::New(info.Env(), msg).Value());
          }
          req->results[i] = {true, std::move(s)};
        }
      }
      req->Finish(true);
    });
    Napi::Function onErr = Napi::Function::New(env, [fail](const Napi::CallbackInfo& info) {
      fail(info[0]);
    });
    p.As<Napi::Object>().Get("then").As<Napi::Function>().Call(p, {onOk, onErr});
  } catch (const Napi::Error& e) {
    fail(e.Value());
  }
}

static int AuthCallback(virConnectCredentialPtr cred, unsigned int ncred, void* cbdata) {
  auto* ctx = static_cast<AuthContext*>(cbdata);
  auto req = std::make_shared<AuthRequest>();
  for (unsigned int i = 0; i < ncred; i++)
    req->creds.push_back({cred[i].type, cred[i].prompt ? cred[i].prompt : "", OptStr::Of(cred[i].challenge),
                          OptStr::Of(cred[i].defresult)});
  req->results.resize(ncred);
  auto* holder = new std::shared_ptr<AuthRequest>(req);
  if (ctx->tsfn.BlockingCall(holder) != napi_ok) {
    delete holder;
    return -1;
  }
  {
    std::unique_lock<std::mutex> lock(req->m);
    req->cv.wait(lock, [&] { return req->done; });
  }
  if (req->failed) return -1;
  for (unsigned int i = 0; i < ncred; i++) {
    if (!req->results[i].first) {
      cred[i].result = nullptr;
      cred[i].resultlen = 0;
      continue;
    }
    const std::string& s = req->results[i].second;
    cred[i].result = static_cast<char*>(malloc(s.size() + 1));
    if (!cred[i].result) return -1;
    memcpy(cred[i].result, s.c_str(), s.size() + 1);
    cred[i].resultlen = static_cast<unsigned int>(s.size());
  }
  return 0;
}

// wraps: virConnectOpenAuth
// openAuth(uri, credTypes, wrapper, flags): `wrapper(creds)` returns a Promise
// of the results; TypeScript builds it from the user's { credTypes, callback }.
static Napi::Value OpenAuth(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  OptStr uri = ArgOptString(info, 0, "uri");
  if (!info[1].IsArray()) ThrowType(env, "array of numbers", "auth.credTypes", info[1]);
  Napi::Array types = info[1].As<Napi::Array>();
  auto ctx = std::make_shared<AuthContext>();
  for (uint32_t i = 0; i < types.Length(); i++) {
    Napi::Value t = types.Get(i);
    if (!t.IsNumber()) {
      std::string n = "auth.credTypes[" + std::to_string(i) + "]";
      ThrowType(env, "number", n.c_str(), t);
    }
    ctx->credTypes.push_back(t.As<Napi::Number>().Int32Value());
  }
  Napi::Function fn = ArgFunction(info, 2, "auth.callback");
  unsigned int flags = ArgUInt32(info, 3, "flags", true);
  ctx->tsfn = AuthTsfn::New(env, fn, "libvirt-auth", 0, 1, ctx.get());
  AuthContext* raw = ctx.get();
  return StartCall<virConnectPtr>(env, {fn},
      [uri, flags, raw](virConnectPtr& r) {
        virConnectAuth auth;
        auth.credtype = raw->credTypes.data();
        auth.ncredtype = static_cast<unsigned int>(raw->credTypes.size());
        auth.cb = AuthCallback;
        auth.cbdata = raw;
        r = virConnectOpenAuth(uri.c_str(), &auth, flags);
        raw->tsfn.Release();
        return r != nullptr;
      },
      [ctx](Napi::Env env, virConnectPtr& r, const std::vector<Napi::Value>&) -> Napi::Value {
        ctx->error.Reset();
        return Connection::New(env, r, env.Undefined());
      },
      nullptr,
      [ctx](Napi::Env env) -> Napi::Value {
        if (!ctx->hasError) return Napi::Value();
        Napi::Value e = ctx->error.Value();
        ctx->error.Reset();
        return e;
      });
}

// wraps: virGetVersion
static Napi::Value GetVersion(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  OptStr type = ArgOptString(info, 0, "type");
  struct R { unsigned long lib = 0, hv = 0; };
  return StartCall<R>(env, {},
      [type](R& r) { return virGetVersion(&r.lib, type.c_str(), type.has ? &r.hv : nullptr) == 0; },
      [type](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        if (!type.has) return Napi::Number::New(env, static_cast<double>(r.lib));
        Napi::Array a = Napi::Array::New(env, 2);
        a.Set(0u, static_cast<double>(r.lib));
        a.Set(1u, static_cast<double>(r.hv));
        return a;
      });
}

// Internal state for tests: wrappers that hold a libvirt reference, the
// event loop in use, executor threads started so far.
static Napi::Value Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("liveHandles", static_cast<double>(HandleBase::live));
  o.Set("eventLoop", loop::UsingLibvirtDefault() ? "libvirt-default" : "libvirt-napi-epoll");
  o.Set("threads", exec::Threads());
  return o;
}

// Keeps this library loaded for the life of the process. Node unloads an
// addon (dlclose) when the last worker thread that loaded it ends, but the
// executor threads, the event loop thread and libvirt's registered event
// callbacks are process-wide and run this library's code: unloading it would
// crash the process (seen: a worker that exits with calls in flight).
static void PinLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info self;
    if (dladdr(reinterpret_cast<void*>(&PinLibrary), &self) && self.dli_fname)
      dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);  // never closed, on purpose
  });
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  PinLibrary();
  env.SetInstanceData(new AddonData());
  // uses: virInitialize virSetErrorFunc
  virInitialize();
  virSetErrorFunc(nullptr, SilentErrorFunc);
  InitEvents(env);  // before any connection opens
  exec::Init(env);
  InitConnection(env, exports);
  InitDomain(env, exports);
  InitOtherHandles(env, exports);
  InitLoopCalls(env, exports);
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  exports.Set("openReadOnly", Napi::Function::New(env, OpenReadOnly, "openReadOnly"));
  exports.Set("openAuth", Napi::Function::New(env, OpenAuth, "openAuth"));
  exports.Set("getVersion", Napi::Function::New(env, GetVersion, "getVersion"));
  exports.Set("_stats", Napi::Function::New(env, Stats, "_stats"));
  exports.Set("setErrorFactory", Napi::Function::New(env, SetFactory<&AddonData::errorFactory>, "setErrorFactory"));
  exports.Set("setBindingErrorFactory",
              Napi::Function::New(env, SetFactory<&AddonData::bindingErrorFactory>, "setBindingErrorFactory"));
  return exports;
}

}  // namespace lvn

static Napi::Object InitAll(Napi::Env env, Napi::Object exports) { return lvn::Init(env, exports); }
NODE_API_MODULE(libvirt_napi, InitAll)
