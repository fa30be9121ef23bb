// virTypedParameter <-> plain JavaScript objects.
//
// Out: { name: value } with value a number (int, uint, double), bigint
// (llong, ullong), boolean or string; a name libvirt repeats (string lists)
// becomes an array of its values.
// In: { name: value } where the parameter type comes from, in order: an
// explicit { type: VIR_TYPED_PARAM_*, value } object; the type libvirt's API
// documentation gives the field (table generated from libvirt-api.xml);
// the JS value (boolean, string, string[] list, bigint -> ullong/llong,
// integer number -> uint/int, fractional -> double). A string given for a
// numeric field is parsed by libvirt (virTypedParamsAddFromString).
#pragma once

#include "common.h"

namespace lvn {

// An owned array of typed parameters (freed with virTypedParamsFree).
struct TPList {
  virTypedParameterPtr p = nullptr;
  int n = 0;
  int max = 0;  // allocated slots when built by virTypedParamsAdd*
  bool calloced = false;  // array allocated by the binding, filled by libvirt
  TPList() = default;
  TPList(const TPList&) = delete;
  TPList& operator=(const TPList&) = delete;
  ~TPList();
};

Napi::Object TypedParamsToObject(Napi::Env env, const virTypedParameter* p, int n);
// Converts argument i (an object; absent -> empty when optional).
std::shared_ptr<TPList> ArgTypedParams(const Napi::CallbackInfo& info, size_t i, const char* name,
                                       bool optional);
// The documented type of a typed-parameter field (VIR_TYPED_PARAM_*), or -1.
int DocumentedParamType(const std::string& field);

}  // namespace lvn
