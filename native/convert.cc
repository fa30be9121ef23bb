#include "convert.h"

#include <cmath>

namespace lvn {

std::vector<int> ArgIntArray(const Napi::CallbackInfo& info, size_t i, const char* name, bool isUnsigned) {
  Napi::Env env = info.Env();
  Napi::Value v = i < info.Length() ? info[i] : env.Undefined();
  if (!v.IsArray()) ThrowType(env, isUnsigned ? "array of unsigned integers" : "array of integers", name, v);
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int> out;
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value e = a.Get(k);
    std::string n = std::string(name) + "[" + std::to_string(k) + "]";
    if (!e.IsNumber()) ThrowType(env, "integer", n.c_str(), e);
    double d = e.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || std::floor(d) != d || d < (isUnsigned ? 0 : -2147483648.0) ||
        d > (isUnsigned ? 4294967295.0 : 2147483647.0))
      ThrowRange(env, isUnsigned ? "unsigned 32-bit integer" : "32-bit integer", n.c_str(), e);
    out.push_back(static_cast<int>(isUnsigned ? static_cast<int>(static_cast<unsigned int>(d)) : d));
  }
  return out;
}

std::string ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Env env = info.Env();
  Napi::Value v = i < info.Length() ? info[i] : env.Undefined();
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
    Napi::Uint8Array a = v.As<Napi::Uint8Array>();
    return std::string(reinterpret_cast<const char*>(a.Data()), a.ByteLength());
  }
  ThrowType(env, "Buffer, Uint8Array or string", name, v);
}

std::vector<unsigned char> ArgCpuMap(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Env env = info.Env();
  Napi::Value v = i < info.Length() ? info[i] : env.Undefined();
  if (!v.IsArray()) ThrowType(env, "array of booleans (one per host CPU)", name, v);
  Napi::Array a = v.As<Napi::Array>();
  if (a.Length() == 0) ThrowRange(env, "non-empty array of booleans", name, v);
  std::vector<unsigned char> map((a.Length() + 7) / 8, 0);
  for (uint32_t k = 0; k < a.Length(); k++) {
    Napi::Value e = a.Get(k);
    if (!e.IsBoolean()) ThrowType(env, "boolean", (std::string(name) + "[" + std::to_string(k) + "]").c_str(), e);
    if (e.As<Napi::Boolean>().Value()) map[k / 8] |= static_cast<unsigned char>(1u << (k % 8));
  }
  return map;
}

Napi::Array CpuMapToJS(Napi::Env env, const unsigned char* map, int maplen, int ncpus) {
  Napi::Array out = Napi::Array::New(env, ncpus);
  for (int k = 0; k < ncpus; k++)
    out.Set(static_cast<uint32_t>(k), Napi::Boolean::New(env, k / 8 < maplen && (map[k / 8] >> (k % 8)) & 1));
  return out;
}

}  // namespace lvn
