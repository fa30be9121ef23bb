{
  "targets": [
    {
      "target_name": "libvirt_napi",
      "product_name": "libvirt_napi",
      "sources": [
        "native/common.cc",
        "native/module.cc",
        "native/connection.cc",
        "native/domain.cc",
        "native/objects.cc",
        "native/events.cc",
        "native/runtime/eventloop.cc",
        "native/runtime/executor.cc",
        "native/convert.cc",
        "native/typed_params.cc",
        "native/network.cc",
        "native/secret.cc",
        "native/stream.cc",
        "native/qemu.cc",
        "native/lxc.cc",
        "<!@(node -e \"const fs=require('fs');console.log(fs.readdirSync('native/generated').filter(f=>f.endsWith('.cc')).sort().map(f=>'native/generated/'+f).join(' '))\")"
      ],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "VIR_ENUM_SENTINELS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wno-unused-parameter", "<!@(pkg-config --cflags libvirt libvirt-qemu libvirt-lxc)"],
      "libraries": ["<!@(pkg-config --libs libvirt libvirt-qemu libvirt-lxc)"]
    }
  ]
}
