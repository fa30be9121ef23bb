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
// python's recvAll(handler, opaque) / sendAll(handler, opaque) and the sparse
// ones, sparseRecvAll(handler, holeHandler, opaque) / sparseSendAll(handler,
// holeHandler, skipHandler, opaque): each handler gets the stream first and
// the opaque last, as in python. The python form is recognised by its opaque
// argument (which python requires) or by a data handler declaring two
// parameters or more; otherwise the binding's own form is used, the handlers
// getting only the data (recvAll), the size (sendAll) or the length (holes).
// As in python, a handler returning a negative number fails the transfer
// (which aborts the stream), and hole lengths are numbers.
const PY_ARGS: Record<string, number> = { recvAll: 2, sendAll: 2, sparseRecvAll: 3, sparseSendAll: 4 };
type Fn = (...a: unknown[]) => unknown;
function failIfNegative(ret: unknown, what: string): void {
  if (typeof ret === 'number' && ret < 0) throw new Error(`${what} returned ${ret}`);
}
function pythonHandlers(stream: unknown, name: string, args: unknown[]): unknown[] {
  const handler = args[0];
  const n = PY_ARGS[name];
  if (typeof handler !== 'function' || (args.length < n && handler.length < 2)) return args;
  if (args.slice(0, n - 1).some((h) => typeof h !== 'function')) return args; // the addon names the wrong one
  const [h, hole, skip] = args as Fn[];
  const opaque = args[n - 1];
  switch (name) {
    case 'recvAll':
      return [async (data: Buffer) => failIfNegative(await h(stream, data, opaque), 'recvAll handler')];
    case 'sendAll':
      return [(nbytes: number) => h(stream, nbytes, opaque)];
    case 'sparseRecvAll':
      return [
        async (data: Buffer) => failIfNegative(await h(stream, data, opaque), 'sparseRecvAll handler'),
        async (length: bigint) => failIfNegative(await hole(stream, Number(length), opaque), 'holeHandler handler'),
      ];
    default: // sparseSendAll
      return [
        async (nbytes: number) => {
          const got = await h(stream, nbytes, opaque);
          failIfNegative(got, 'sparseSendAll handler');
          return got;
        },
        () => hole(stream, opaque),
        async (length: bigint) => failIfNegative(await skip(stream, Number(length), opaque), 'skipHandler'),
      ];
  }
}

for (const name of ['recvAll', 'sendAll', 'sparseRecvAll', 'sparseSendAll']) {
  const transfer = streamProto[name];
  Object.defineProperty(streamProto, name, {
    value: {
      [name](this: unknown, ...args: unknown[]) {
        if (typeof this === 'object' && this !== null && nonblocking.has(this))
          return Promise.reject(new BindingError('ERR_LIBVIRT_STREAM_NONBLOCKING', `${name}() needs a blocking stream, and this ` +
            `one was made with VIR_STREAM_NONBLOCK (libvirt refuses it and aborts the stream; use recv()/send() with eventAddCallback)`));
        return transfer.apply(this, pythonHandlers(this, name, args));
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
    /** python's form: handler(stream, data, opaque), holeHandler(stream, length, opaque); a negative return fails the transfer. */
    sparseRecvAll<T>(
      handler: (stream: Stream, data: Buffer, opaque: T) => number | void | Promise<number | void>,
      holeHandler: (stream: Stream, length: number, opaque: T) => number | void | Promise<number | void>,
      opaque: T,
    ): Promise<void>;
    /**
     * python's form: holeHandler(stream, opaque) tells [inData, sectionLength],
     * handler(stream, nbytes, opaque) gives data, skipHandler(stream, length, opaque)
     * moves past a hole; a negative return of handler or skipHandler fails the transfer.
     */
    sparseSendAll<T>(
      handler: (stream: Stream, nbytes: number, opaque: T) => Buffer | Uint8Array | string | null | number | Promise<Buffer | Uint8Array | string | null | number>,
      holeHandler: (stream: Stream, opaque: T) => [boolean, number | bigint] | Promise<[boolean, number | bigint]>,
      skipHandler: (stream: Stream, length: number, opaque: T) => number | void | Promise<number | void>,
      opaque: T,
    ): Promise<void>;
  }
}
