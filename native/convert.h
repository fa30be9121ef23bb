// Conversions shared by generated and hand-written wrappers: lists of new
// handles, lists of strings, C arrays from JS arrays.
#pragma once

#include "handles.h"

#include <cstdlib>

namespace lvn {

// Wraps n new handles (each with a reference of its own) and frees the C
// array. If the connection was closed while the call ran, frees them all
// and throws.
template <typename P>
Napi::Value WrapList(Napi::Env env, P* list, int n, Napi::Value connValue) {
  if (connValue.IsObject() && !Connection::Unwrap(connValue.As<Napi::Object>())->Usable()) {
    for (int i = 0; i < n; i++) Traits<P>::Free(list[i]);
    free(list);
    ThrowBindingError(env, ClosedDuringCall());
  }
  return Handle<P>::NewList(env, list, n > 0 ? n : 0, connValue);
}

// n strings (each freed), the array itself freed when `freeArray`.
inline Napi::Value TakeStrings(Napi::Env env, char** list, int n, bool freeArray) {
  Napi::Array out = Napi::Array::New(env, n > 0 ? n : 0);
  for (int i = 0; i < n; i++) {
    out.Set(static_cast<uint32_t>(i), Napi::String::New(env, list[i] ? list[i] : ""));
    free(list[i]);
    list[i] = nullptr;
  }
  if (freeArray) free(list);
  return out;
}

// Owns a list of strings filled by a libvirt "names" call.
struct NameList {
  std::vector<char*> v;
  int n = 0;
  NameList() = default;
  NameList(const NameList&) = delete;
  ~NameList() { for (char* s : v) free(s); }
  void Reset(int cap) {
    for (char* s : v) free(s);
    v.assign(cap, nullptr);
  }
  Napi::Value ToJS(Napi::Env env) {
    Napi::Array out = Napi::Array::New(env, n);
    for (int i = 0; i < n; i++) out.Set(static_cast<uint32_t>(i), Napi::String::New(env, v[i] ? v[i] : ""));
    return out;
  }
};

// Calls fill(buffer, capacity) with growing capacity until the result fits
// (libvirt's "names/maxnames" calls fill at most capacity entries).
template <typename F>
bool FillNames(NameList& l, F fill) {
  for (int cap = 256;; cap *= 4) {
    l.Reset(cap);
    int n = fill(l.v.data(), cap);
    if (n < 0) return false;
    if (n < cap || cap >= (1 << 20)) {
      l.n = n;
      return true;
    }
  }
}

inline std::vector<const char*> CStringPtrs(const std::vector<std::string>& v) {
  std::vector<const char*> out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(s.c_str());
  return out;
}

std::vector<int> ArgIntArray(const Napi::CallbackInfo& info, size_t i, const char* name, bool isUnsigned);
// Buffer/Uint8Array, or a string (UTF-8).
std::string ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name);
// A CPU map: array of booleans (true = may run on that host CPU).
std::vector<unsigned char> ArgCpuMap(const Napi::CallbackInfo& info, size_t i, const char* name);
Napi::Array CpuMapToJS(Napi::Env env, const unsigned char* map, int maplen, int ncpus);

// Integer variant of FillNames (virConnectListDomains).
template <typename F>
bool FillIds(std::vector<int>& v, int& n, F fill) {
  for (int cap = 256;; cap *= 4) {
    v.assign(cap, 0);
    n = fill(v.data(), cap);
    if (n < 0) return false;
    if (n < cap || cap >= (1 << 20)) return true;
  }
}
inline Napi::Value IdsToJS(Napi::Env env, const std::vector<int>& v, int n) {
  Napi::Array out = Napi::Array::New(env, n);
  for (int i = 0; i < n; i++) out.Set(static_cast<uint32_t>(i), Napi::Number::New(env, v[i]));
  return out;
}

// An array libvirt allocated (virDomainGetFSInfo, virDomainInterfaceAddresses,
// ...): each element freed with FreeFn, then the array itself.
template <typename T, void (*FreeFn)(T)>
struct OwnedArray {
  T* list = nullptr;
  int n = 0;
  OwnedArray() = default;
  OwnedArray(const OwnedArray&) = delete;
  OwnedArray& operator=(const OwnedArray&) = delete;
  ~OwnedArray() {
    for (int i = 0; i < n; i++) FreeFn(list[i]);
    free(list);
  }
};

// Records a libvirt list call's count: false (failure) when negative.
template <typename A>
bool Took(A& r, int n) {
  if (n < 0) return false;
  r.n = n;
  return true;
}

// A C string that may be NULL, as a JS string or null.
inline Napi::Value StrOrNull(Napi::Env env, const char* s) {
  return s ? Napi::Value(Napi::String::New(env, s)) : env.Null();
}

// Whether a function pointer resolved at run time (LibvirtSymbol) is there.
template <typename F>
inline bool Present(F f) { return f != nullptr; }

}  // namespace lvn
