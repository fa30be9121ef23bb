// Loads the compiled addon (build/Release/libvirt_napi.node).
import bindings from 'bindings';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const addon: any = bindings('libvirt_napi');
