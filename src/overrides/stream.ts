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
// python's recvAll(handler, opaque) / sendAll(handler, opaque): the handler
// gets (stream, data, opaque) / (stream, nbytes, opaque). The python form is
// recognised by a second argument (the opaque, which python requires) or a
// handler declaring two parameters or more; otherwise the handler gets only
// the data (recvAll) or the size (sendAll). As python, a recvAll handler
// returning a negative number fails the transfer (and aborts the stream).
function pythonHandler(stream: unknown, name: string, args: unknown[]): unknown[] {
  const [handler, opaque] = args;
  if (typeof handler !== 'function' || (args.length < 2 && handler.length < 2)) return args;
  if (name === 'sendAll') return [(nbytes: number) => handler(stream, nbytes, opaque)];
  return [
    async (data: Buffer) => {
      const ret = await handler(stream, data, opaque);
      if (typeof ret === 'number' && ret < 0) throw new Error(`recvAll handler returned ${ret}`);
    },
  ];
}

for (const name of ['recvAll', 'sendAll', 'sparseRecvAll', 'sparseSendAll']) {
  const transfer = streamProto[name];
  Object.defineProperty(streamProto, name, {
    value: {
      [name](this: unknown, ...args: unknown[]) {
        if (typeof this === 'object' && this !== null && nonblocking.has(this))
          return Promise.reject(new BindingError('ERR_LIBVIRT_STREAM_NONBLOCKING', `${name}() needs a blocking stream, and this ` +
            `one was made with VIR_STREAM_NONBLOCK (libvirt refuses it and aborts the stream; use recv()/send() with eventAddCallback)`));
        if (name === 'recvAll' || name === 'sendAll') return transfer.apply(this, pythonHandler(this, name, args));
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

// The python forms of recvAll and sendAll, beside the ones in classes.ts.
declare module '../classes' {
  interface Stream {
    /**
     * python's form: handler(stream, data, opaque) for each piece, returning the
     * bytes consumed (a negative number fails the transfer and aborts the stream).
     */
    recvAll<T>(handler: (stream: Stream, data: Buffer, opaque: T) => number | void | Promise<number | void>, opaque: T): Promise<void>;
    /** python's form: handler(stream, nbytes, opaque) returns the next data (empty or null at the end). */
    sendAll<T>(
      handler: (stream: Stream, nbytes: number, opaque: T) => Buffer | Uint8Array | string | null | Promise<Buffer | Uint8Array | string | null>,
      opaque: T,
    ): Promise<void>;
  }
}
