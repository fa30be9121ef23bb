// Hand-written methods of the classes defined in objects.cc, one file per
// libvirt object (network.cc, secret.cc, stream.cc), and the QEMU/LXC
// methods added to Domain and Connection (qemu.cc, lxc.cc).
#pragma once

#include "handles.h"

namespace lvn {
std::vector<MethodDef> HandMethods_Network();
std::vector<MethodDef> HandMethods_Secret();
std::vector<MethodDef> HandMethods_Stream();
std::vector<MethodDef> QemuDomainMethods();
std::vector<MethodDef> QemuConnectionMethods();
std::vector<MethodDef> LxcDomainMethods();
}  // namespace lvn
