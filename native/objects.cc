// The wrapper classes whose methods are all generated for now (networks,
// storage, node devices, secrets, filters, snapshots, checkpoints, streams).
#include "handles.h"
#include "generated/gen.h"
#include "hand.h"

namespace lvn {

// wraps: virNetworkFree virNetworkPortFree virInterfaceFree virStoragePoolFree
// wraps: virStorageVolFree virNodeDeviceFree virSecretFree virNWFilterFree
// wraps: virNWFilterBindingFree virDomainSnapshotFree virDomainCheckpointFree virStreamFree
// wraps: virNetworkGetConnect virInterfaceGetConnect virStoragePoolGetConnect virStorageVolGetConnect
// wraps: virSecretGetConnect virDomainSnapshotGetConnect virDomainCheckpointGetConnect
// (connect() returns the Connection wrapper the object was obtained from.)
template <typename P>
static void DefineSimple(Napi::Env env, Napi::Object exports, const std::vector<MethodDef>& gen,
                         const std::vector<MethodDef>& hand = {}) {
  exports.Set(Traits<P>::name, Handle<P>::Define(env, {gen, CommonMethods<P>(), hand}));
}

void InitOtherHandles(Napi::Env env, Napi::Object exports) {
  DefineSimple<virNetworkPtr>(env, exports, GenMethods_Network(), HandMethods_Network());
  DefineSimple<virNetworkPortPtr>(env, exports, GenMethods_NetworkPort());
  DefineSimple<virInterfacePtr>(env, exports, GenMethods_Interface());
  DefineSimple<virStoragePoolPtr>(env, exports, GenMethods_StoragePool());
  DefineSimple<virStorageVolPtr>(env, exports, GenMethods_StorageVol());
  DefineSimple<virNodeDevicePtr>(env, exports, GenMethods_NodeDevice());
  DefineSimple<virSecretPtr>(env, exports, GenMethods_Secret(), HandMethods_Secret());
  DefineSimple<virNWFilterPtr>(env, exports, GenMethods_NWFilter());
  DefineSimple<virNWFilterBindingPtr>(env, exports, GenMethods_NWFilterBinding());
  DefineSimple<virDomainSnapshotPtr>(env, exports, GenMethods_DomainSnapshot());
  DefineSimple<virDomainCheckpointPtr>(env, exports, GenMethods_DomainCheckpoint());
  // stream event callbacks (events.cc) with the hand-written methods
  exports.Set("Stream", Handle<virStreamPtr>::Define(
      env, {GenMethods_Stream(), CommonMethods<virStreamPtr>(), HandMethods_Stream(), StreamEventMethods()}));
}

}  // namespace lvn
