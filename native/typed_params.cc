#include "typed_params.h"

#include <cmath>
#include <cstdlib>

namespace lvn {

// uses: virTypedParamsFree virTypedParamsClear
TPList::~TPList() {
  if (!p) return;
  if (calloced) {  // filled by libvirt in an array the binding allocated
    virTypedParamsClear(p, n);
    free(p);
  } else {
    virTypedParamsFree(p, n);
  }
}

Napi::Object TypedParamsToObject(Napi::Env env, const virTypedParameter* p, int n) {
  Napi::Object o = Napi::Object::New(env);
  for (int i = 0; i < n; i++) {
    const virTypedParameter& t = p[i];
    Napi::Value v;
    switch (t.type) {
      case VIR_TYPED_PARAM_INT: v = Napi::Number::New(env, t.value.i); break;
      case VIR_TYPED_PARAM_UINT: v = Napi::Number::New(env, t.value.ui); break;
      case VIR_TYPED_PARAM_LLONG: v = BigInt(env, t.value.l); break;
      case VIR_TYPED_PARAM_ULLONG: v = BigUInt(env, t.value.ul); break;
      case VIR_TYPED_PARAM_DOUBLE: v = Napi::Number::New(env, t.value.d); break;
      case VIR_TYPED_PARAM_BOOLEAN: v = Napi::Boolean::New(env, t.value.b != 0); break;
      case VIR_TYPED_PARAM_STRING: v = Napi::String::New(env, t.value.s ? t.value.s : ""); break;
      default: continue;
    }
    if (o.HasOwnProperty(t.field)) {
      Napi::Value prev = o.Get(t.field);
      Napi::Array a;
      if (prev.IsArray()) a = prev.As<Napi::Array>();
      else {
        a = Napi::Array::New(env);
        a.Set(0u, prev);
      }
      a.Set(a.Length(), v);
      o.Set(t.field, a);
    } else {
      o.Set(t.field, v);
    }
  }
  return o;
}

static const char* TypeName(int t) {
  switch (t) {
    case VIR_TYPED_PARAM_INT: return "32-bit integer";
    case VIR_TYPED_PARAM_UINT: return "unsigned 32-bit integer";
    case VIR_TYPED_PARAM_LLONG: return "64-bit integer (number or bigint)";
    case VIR_TYPED_PARAM_ULLONG: return "unsigned 64-bit integer (number or bigint)";
    case VIR_TYPED_PARAM_DOUBLE: return "number";
    case VIR_TYPED_PARAM_BOOLEAN: return "boolean";
    case VIR_TYPED_PARAM_STRING: return "string";
  }
  return "typed parameter value";
}

static void AddFailed(Napi::Env env, const std::string& what) {
  VirErr e = CaptureLastError("virTypedParamsAdd");
  throw Napi::TypeError::New(env, "Invalid typed parameter " + what + ": " + e.message);
}

// uses: virTypedParamsAddInt virTypedParamsAddUInt virTypedParamsAddLLong virTypedParamsAddULLong
// uses: virTypedParamsAddDouble virTypedParamsAddBoolean virTypedParamsAddString
// uses: virTypedParamsAddStringList virTypedParamsAddFromString
static void AddOne(Napi::Env env, TPList& l, const std::string& field, int type, const Napi::Value& v,
                   const std::string& argName) {
  const char* f = field.c_str();
  const char* an = argName.c_str();
  int rc = 0;
  if (v.IsString() && type != VIR_TYPED_PARAM_STRING) {
    std::string s = v.As<Napi::String>().Utf8Value();
    rc = virTypedParamsAddFromString(&l.p, &l.n, &l.max, f, type, s.c_str());
    if (rc < 0) AddFailed(env, argName);
    return;
  }
  switch (type) {
    case VIR_TYPED_PARAM_INT:
    case VIR_TYPED_PARAM_UINT: {
      if (!v.IsNumber()) ThrowType(env, TypeName(type), an, v);
      double d = v.As<Napi::Number>().DoubleValue();
      bool u = type == VIR_TYPED_PARAM_UINT;
      if (!std::isfinite(d) || std::floor(d) != d || d < (u ? 0 : -2147483648.0) ||
          d > (u ? 4294967295.0 : 2147483647.0))
        ThrowRange(env, TypeName(type), an, v);
      rc = u ? virTypedParamsAddUInt(&l.p, &l.n, &l.max, f, static_cast<unsigned int>(d))
             : virTypedParamsAddInt(&l.p, &l.n, &l.max, f, static_cast<int>(d));
      break;
    }
    case VIR_TYPED_PARAM_LLONG:
    case VIR_TYPED_PARAM_ULLONG: {
      bool u = type == VIR_TYPED_PARAM_ULLONG;
      uint64_t uv = 0;
      int64_t sv = 0;
      if (v.IsBigInt()) {
        bool lossless = false;
        if (u) uv = v.As<Napi::BigInt>().Uint64Value(&lossless);
        else sv = v.As<Napi::BigInt>().Int64Value(&lossless);
        if (!lossless) ThrowRange(env, TypeName(type), an, v);
      } else if (v.IsNumber()) {
        double d = v.As<Napi::Number>().DoubleValue();
        if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740991.0 || (u && d < 0))
          ThrowRange(env, std::string(TypeName(type)) + ", safe when a number", an, v);
        uv = static_cast<uint64_t>(d);
        sv = static_cast<int64_t>(d);
      } else {
        ThrowType(env, TypeName(type), an, v);
      }
      rc = u ? virTypedParamsAddULLong(&l.p, &l.n, &l.max, f, uv)
             : virTypedParamsAddLLong(&l.p, &l.n, &l.max, f, sv);
      break;
    }
    case VIR_TYPED_PARAM_DOUBLE:
      if (!v.IsNumber()) ThrowType(env, TypeName(type), an, v);
      rc = virTypedParamsAddDouble(&l.p, &l.n, &l.max, f, v.As<Napi::Number>().DoubleValue());
      break;
    case VIR_TYPED_PARAM_BOOLEAN:
      if (!v.IsBoolean()) ThrowType(env, TypeName(type), an, v);
      rc = virTypedParamsAddBoolean(&l.p, &l.n, &l.max, f, v.As<Napi::Boolean>().Value() ? 1 : 0);
      break;
    case VIR_TYPED_PARAM_STRING: {
      if (v.IsArray()) {
        Napi::Array a = v.As<Napi::Array>();
        std::vector<std::string> vals;
        for (uint32_t k = 0; k < a.Length(); k++) {
          Napi::Value e = a.Get(k);
          if (!e.IsString()) ThrowType(env, "string", (argName + "[" + std::to_string(k) + "]").c_str(), e);
          vals.push_back(e.As<Napi::String>().Utf8Value());
        }
        std::vector<const char*> ptrs;
        for (auto& s : vals) ptrs.push_back(s.c_str());
        ptrs.push_back(nullptr);
        rc = virTypedParamsAddStringList(&l.p, &l.n, &l.max, f, ptrs.data());
        break;
      }
      if (!v.IsString()) ThrowType(env, "string or array of strings", an, v);
      std::string s = v.As<Napi::String>().Utf8Value();
      rc = virTypedParamsAddString(&l.p, &l.n, &l.max, f, s.c_str());
      break;
    }
    default:
      ThrowRange(env, "VIR_TYPED_PARAM_* type", (argName + ".type").c_str(), Napi::Number::New(env, type));
  }
  if (rc < 0) AddFailed(env, argName);
}

static int InferType(const Napi::Value& v) {
  if (v.IsBoolean()) return VIR_TYPED_PARAM_BOOLEAN;
  if (v.IsString() || v.IsArray()) return VIR_TYPED_PARAM_STRING;
  if (v.IsBigInt()) {
    bool lossless = false;
    int64_t s = v.As<Napi::BigInt>().Int64Value(&lossless);
    return s < 0 ? VIR_TYPED_PARAM_LLONG : VIR_TYPED_PARAM_ULLONG;
  }
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::isfinite(d) && std::floor(d) == d) {
      if (d >= 0 && d <= 4294967295.0) return VIR_TYPED_PARAM_UINT;
      if (d < 0 && d >= -2147483648.0) return VIR_TYPED_PARAM_INT;
      return d < 0 ? VIR_TYPED_PARAM_LLONG : VIR_TYPED_PARAM_ULLONG;
    }
    return VIR_TYPED_PARAM_DOUBLE;
  }
  return -1;
}

std::shared_ptr<TPList> ArgTypedParams(const Napi::CallbackInfo& info, size_t i, const char* name,
                                       bool optional) {
  Napi::Env env = info.Env();
  auto l = std::make_shared<TPList>();
  Napi::Value v = i < info.Length() ? info[i] : env.Undefined();
  if (optional && IsAbsent(v)) return l;
  if (!v.IsObject() || v.IsArray() || v.IsFunction())
    ThrowType(env, "object of typed parameters", name, v);
  Napi::Object o = v.As<Napi::Object>();
  Napi::Array keys = o.GetPropertyNames();
  for (uint32_t k = 0; k < keys.Length(); k++) {
    std::string field = keys.Get(k).ToString().Utf8Value();
    // libvirt's field names are shorter than VIR_TYPED_PARAM_FIELD_LENGTH
    // bytes: refused here, and not echoed whole (a 1 MB key made a 2 MB message)
    if (field.size() >= VIR_TYPED_PARAM_FIELD_LENGTH)
      ThrowRange(env, "a field name of at most " + std::to_string(VIR_TYPED_PARAM_FIELD_LENGTH - 1) + " bytes",
                 (std::string(name) + " key").c_str(), keys.Get(k));
    std::string argName = std::string(name) + "." + field;
    Napi::Value val = o.Get(field);
    if (val.IsUndefined()) continue;
    int type = -1;
    if (val.IsObject() && !val.IsArray() && val.As<Napi::Object>().Has("type") &&
        val.As<Napi::Object>().Has("value")) {
      Napi::Value t = val.As<Napi::Object>().Get("type");
      if (!t.IsNumber()) ThrowType(env, "VIR_TYPED_PARAM_* number", (argName + ".type").c_str(), t);
      type = t.As<Napi::Number>().Int32Value();
      val = val.As<Napi::Object>().Get("value");
    } else {
      type = DocumentedParamType(field);
      if (type < 0) type = InferType(val);
    }
    if (type < 0) ThrowType(env, "number, bigint, boolean, string or string[]", argName.c_str(), val);
    AddOne(env, *l, field, type, val, argName);
  }
  return l;
}

}  // namespace lvn
