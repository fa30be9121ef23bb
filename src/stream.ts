// Node streams over virStream. Reading runs virStreamRecvAll on a thread of
// its own (native/stream.cc) that waits for the consumer before reading on
// (backpressure); writing sends each chunk with virStreamSend on a worker,
// calling back when libvirt took it. Nothing blocks the event loop.
import { Duplex, Readable, Writable } from 'stream';
import { Domain, Stream, StorageVol } from './classes';
import { describe, expectInstance } from './describe';
import { BindingError } from './errors';

export interface StreamOptions {
  /** Free the Stream wrapper when the Node stream closes (default true). */
  freeOnClose?: boolean;
  /** Readable side high-water mark in bytes (default 64 KiB). */
  highWaterMark?: number;
}

/** 'read': libvirt sends (download), 'write': libvirt receives (upload), 'duplex': both (console). */
export type StreamMode = 'read' | 'write' | 'duplex';

/**
 * A Node Duplex over a libvirt Stream: read what libvirt sends, write what
 * it should receive. end() finishes the stream (virStreamFinish) once the
 * written data is sent; destroy() aborts it (virStreamAbort).
 */
export class LibvirtStream extends Duplex {
  readonly stream: Stream;
  private reading = false;
  private wake: (() => void) | null = null;
  private done = false;
  private readonly freeOnClose: boolean;
  readonly mode: StreamMode;

  constructor(stream: Stream, mode: StreamMode = 'duplex', opts: StreamOptions = {}) {
    // checked before anything starts: a wrong object here surfaced only
    // later, as an uncaught TypeError from destroy()
    expectInstance(stream, Stream, 'Stream', 'stream');
    if (mode !== 'read' && mode !== 'write' && mode !== 'duplex')
      throw new TypeError(`Expected 'read', 'write' or 'duplex' for mode but received ${JSON.stringify(mode) ?? describe(mode)}`);
    super({ readableHighWaterMark: opts.highWaterMark ?? 65536, allowHalfOpen: true });
    this.stream = stream;
    this.mode = mode;
    this.freeOnClose = opts.freeOnClose ?? true;
    if (mode === 'read') this.end();
    if (mode === 'write') this.push(null);
  }

  _read(): void {
    if (this.wake) {
      const w = this.wake;
      this.wake = null;
      w();
    }
    if (this.reading) return;
    this.reading = true;
    this.stream
      .recvAll((chunk: Buffer) => {
        if (this.destroyed) return Promise.reject(new Error('stream destroyed'));
        if (this.push(chunk)) return undefined;
        return new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      })
      .then(async () => {
        if (this.destroyed) return;
        this.done = true;
        await this.stream.finish();
        this.push(null);
      })
      .catch((e: Error) => {
        if (!this.destroyed) this.destroy(e);
      });
  }

  _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    const sendAll = async (): Promise<void> => {
      let off = 0;
      while (off < chunk.length) {
        const n = await this.stream.send(off === 0 ? chunk : chunk.subarray(off));
        if (n <= 0) throw new Error(`virStreamSend sent ${n} bytes`);
        off += n;
      }
    };
    sendAll().then(() => cb(), cb);
  }

  _final(cb: (e?: Error | null) => void): void {
    // Upload: the receiver needs virStreamFinish to complete. A stream that
    // is read (download, console) is finished when the reading ends.
    if (this.mode !== 'write') return cb();
    this.done = true;
    this.stream.finish().then(() => cb(), cb);
  }

  _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    const release = () => {
      if (this.wake) {
        const w = this.wake;
        this.wake = null;
        w();
      }
      if (this.freeOnClose) {
        // Let a transfer still running drop its own reference first.
        setImmediate(() => this.stream.free());
      }
      cb(err);
    };
    if (this.done) return release();
    this.done = true;
    this.stream.abort().then(release, release);
  }
}

/** Opens a guest console or serial port (devName null: the first one) as a Duplex. (virDomainOpenConsole) */
export async function openConsoleStream(
  dom: Domain,
  devName: string | null = null,
  flags = 0,
  opts?: StreamOptions,
): Promise<LibvirtStream> {
  expectInstance(dom, Domain, 'Domain', 'dom');
  const conn = dom.connect();
  if (!conn) throw new BindingError('ERR_LIBVIRT_FREED', 'Domain was freed');
  const st = await conn.newStream(0);
  try {
    await dom.openConsole(devName, st, flags);
  } catch (e) {
    st.free();
    throw e;
  }
  return new LibvirtStream(st, 'duplex', opts);
}

/** A Readable of a storage volume's content (length 0: to the end). (virStorageVolDownload) */
export async function volumeDownload(
  vol: StorageVol,
  offset: number | bigint = 0,
  length: number | bigint = 0,
  flags = 0,
  opts?: StreamOptions,
): Promise<Readable> {
  expectInstance(vol, StorageVol, 'StorageVol', 'vol');
  const conn = vol.connect();
  if (!conn) throw new BindingError('ERR_LIBVIRT_FREED', 'StorageVol was freed');
  const st = await conn.newStream(0);
  try {
    await vol.download(st, offset, length, flags);
  } catch (e) {
    st.free();
    throw e;
  }
  return new LibvirtStream(st, 'read', opts);
}

/** A Writable into a storage volume (length 0: what is written). (virStorageVolUpload) */
export async function volumeUpload(
  vol: StorageVol,
  offset: number | bigint = 0,
  length: number | bigint = 0,
  flags = 0,
  opts?: StreamOptions,
): Promise<Writable> {
  expectInstance(vol, StorageVol, 'StorageVol', 'vol');
  const conn = vol.connect();
  if (!conn) throw new BindingError('ERR_LIBVIRT_FREED', 'StorageVol was freed');
  const st = await conn.newStream(0);
  try {
    await vol.upload(st, offset, length, flags);
  } catch (e) {
    st.free();
    throw e;
  }
  return new LibvirtStream(st, 'write', opts);
}

/** A screenshot of a guest screen: its MIME type and bytes. (virDomainScreenshot) */
export async function screenshot(dom: Domain, screen = 0, flags = 0): Promise<{ mime: string; data: Buffer }> {
  expectInstance(dom, Domain, 'Domain', 'dom');
  const conn = dom.connect();
  if (!conn) throw new BindingError('ERR_LIBVIRT_FREED', 'Domain was freed');
  const st = await conn.newStream(0);
  const chunks: Buffer[] = [];
  try {
    const mime = await dom.screenshot(st, screen, flags);
    await st.recvAll((c: Buffer) => {
      chunks.push(c);
    });
    await st.finish();
    return { mime, data: Buffer.concat(chunks) };
  } catch (e) {
    await st.abort().catch(() => undefined);
    throw e;
  } finally {
    setImmediate(() => st.free());
  }
}
