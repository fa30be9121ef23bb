// The JavaScript overrides of Stream, installed on Stream.prototype.
import { addon } from '../native';
import { BindingError } from '../errors';
import { expectInstance } from '../describe';
import { checkCallback, guard, type AnyFn, type Proto } from '../events';

const streamProto = addon.Stream.prototype as Proto;

// recvAll, sendAll and the sparse ones on a stream made with
// VIR_STREAM_NONBLOCK: libvirt refuses them, and aborts the stream as it
// refuses, on the transfer's thread. A finish() or abort() running meanwhile
// on the same stream hung, or crashed the process in virStreamFinish (test
// driver; found by pairs of concurrent stream calls). They are refused here,
// before libvirt, and the stream is left as it was. Connection's newStream
// (src/overrides/connection.ts) marks the non-blocking streams.
const nonblocking = new WeakSet<object>();
export function markNonblocking(stream: object): void {
  nonblocking.add(stream);
}
for (const name of ['recvAll', 'sendAll', 'sparseRecvAll', 'sparseSendAll']) {
  const transfer = streamProto[name];
  Object.defineProperty(streamProto, name, {
    value: {
      [name](this: unknown, ...args: unknown[]) {
        if (typeof this === 'object' && this !== null && nonblocking.has(this))
          return Promise.reject(new BindingError('ERR_LIBVIRT_STREAM_NONBLOCKING', `${name}() needs a blocking stream, and this ` +
            `one was made with VIR_STREAM_NONBLOCK (libvirt refuses it and aborts the stream; use recv()/send() with eventAddCallback)`));
        return transfer.apply(this, args);
      },
    }[name],
    writable: true,
    configurable: true,
  });
}

// Stream event callbacks (non-blocking streams): callback(stream, events, opaque), events
// being VIR_STREAM_EVENT_* bits. Synchronous: they touch only the client's stream state.
streamProto.eventAddCallback = function (this: object, events: number, callback: AnyFn, opaque?: unknown) {
  expectInstance(this, addon.Stream, 'Stream', 'this');
  checkCallback(callback);
  const stream = this;
  return (this as Proto)._eventAddCallback(events, (_at: number, ev: number) => guard(() => callback(stream, ev, opaque)));
};
