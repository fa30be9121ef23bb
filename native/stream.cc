// virStream: recv on a worker, and the callback-driven transfers
// (virStreamRecvAll, virStreamSendAll and their sparse variants) on a thread
// of their own, whose handlers are JavaScript functions. The thread hands
// each chunk (or request for data) to JS through a thread-safe function and
// waits until the handler, which may return a Promise, settles: that wait is
// the backpressure. A transfer never occupies a libuv pool thread, so a
// console that stays silent for hours blocks nothing else.
// src/stream.ts builds Node Readable/Writable streams on these.
#include "convert.h"
#include "hand.h"
#include "stream_io.h"

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <thread>

namespace lvn {

using StreamH = Handle<virStreamPtr>;

// recv(nbytes): Buffer (empty at end of stream), or -2 when a non-blocking
// stream has no data now. recvFlags(nbytes, flags): as recv; -3 when
// VIR_STREAM_RECV_STOP_AT_HOLE stops at a hole (read its size with recvHole()).
static Napi::Value RecvImpl(const Napi::CallbackInfo& info, bool withFlags) {
  Napi::Env env = info.Env();
  uint32_t nbytes = ArgUInt32(info, 0, "nbytes", false);
  if (nbytes == 0 || nbytes > 16 * 1024 * 1024) ThrowRange(env, "1..16777216", "nbytes", info[0]);
  unsigned int flags = withFlags ? ArgUInt32(info, 1, "flags", true) : 0;
  struct R { std::vector<char> buf; int n = 0; };
  return StartCall<R>(info, Handle<virStreamPtr>::This(info),
      [nbytes, flags, withFlags](virStreamPtr h, R& r) {
        r.buf.resize(nbytes);
        StreamIo io(h);
        r.n = withFlags ? virStreamRecvFlags(h, r.buf.data(), nbytes, flags) : virStreamRecv(h, r.buf.data(), nbytes);
        return r.n >= 0 || r.n == -2 || r.n == -3;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value {
        if (r.n < 0) return Napi::Number::New(env, r.n);
        return Napi::Buffer<char>::Copy(env, r.buf.data(), r.n);
      });
}
// wraps: virStreamRecv
static Napi::Value Recv(const Napi::CallbackInfo& info) { return RecvImpl(info, false); }
// wraps: virStreamRecvFlags
static Napi::Value RecvFlags(const Napi::CallbackInfo& info) { return RecvImpl(info, true); }

// Streams with a finish() or abort() running: one at a time per stream (see
// End), and a failed transfer's abort counts as one (see TransferFailed).
static std::mutex gEndingMu;
static std::unordered_set<virStreamPtr> gEnding;  // streams with finish() or abort() running
static void Unmark(virStreamPtr st) {
  std::lock_guard<std::mutex> lock(gEndingMu);
  gEnding.erase(st);
}

// --- transfers with JS handlers ------------------------------------------------
enum ReqKind { REQ_SINK, REQ_SINK_HOLE, REQ_SOURCE, REQ_SOURCE_HOLE, REQ_SOURCE_SKIP, REQ_DONE };

struct Transfer;
// One handler call: made on the transfer thread, answered on the JS thread.
struct Req {
  ReqKind kind;
  std::string data;        // in: chunk (sink); out: data (source)
  uint64_t number = 0;     // in: nbytes (source), hole/skip length
  bool answered = false;
  // JS thread only: a thenable's resolve or reject has been taken. Once it
  // is, the transfer goes on and may end (the Transfer deleted): a thenable
  // that calls back again must touch neither.
  bool taken = false;
  int rc = 0;              // handler result: 0 ok, -1 failed
  int inData = 0;          // source hole handler
  long long section = 0;   // source hole handler
};

struct Transfer {
  virStreamPtr st = nullptr;
  napi_threadsafe_function tsfn = nullptr;
  Napi::Promise::Deferred deferred;
  Napi::FunctionReference handler, holeHandler, skipHandler;
  Napi::Reference<Napi::Value> handlerError;  // what a handler threw
  bool hasHandlerError = false;
  Napi::ObjectReference keepThis;  // the Stream wrapper
  std::mutex m;
  std::condition_variable cv;
  bool ok = false;
  VirErr err;
  explicit Transfer(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
};

static void Answer(Transfer* t, const std::shared_ptr<Req>& req, int rc) {
  std::lock_guard<std::mutex> lock(t->m);
  req->rc = rc;
  req->answered = true;
  t->cv.notify_all();
}

static void HandlerFailed(Transfer* t, const std::shared_ptr<Req>& req, Napi::Value e) {
  if (!t->hasHandlerError) {
    t->handlerError = Napi::Persistent(e);
    t->hasHandlerError = true;
  }
  Answer(t, req, -1);
}

// Reads a handler's (settled) result into the request; throws on bad values.
static void TakeResult(Napi::Env env, Transfer* t, const std::shared_ptr<Req>& req, Napi::Value v) {
  switch (req->kind) {
    case REQ_SOURCE: {
      if (IsAbsent(v)) { req->data.clear(); break; }
      if (v.IsString()) req->data = v.As<Napi::String>().Utf8Value();
      else if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array) {
        Napi::Uint8Array a = v.As<Napi::Uint8Array>();
        req->data.assign(reinterpret_cast<const char*>(a.Data()), a.ByteLength());
      } else {
        ThrowType(env, "Buffer, string or null from the source handler", "handler result", v);
      }
      if (req->data.size() > req->number)
        throw Napi::RangeError::New(env, "Expected at most " + std::to_string(req->number) +
                                             " bytes from the source handler but received " +
                                             std::to_string(req->data.size()));
      break;
    }
    case REQ_SOURCE_HOLE: {
      // [inData: boolean, sectionLen: number | bigint]
      if (!v.IsArray() || v.As<Napi::Array>().Length() != 2)
        ThrowType(env, "[inData, sectionLength] from the hole handler", "handler result", v);
      Napi::Array a = v.As<Napi::Array>();
      Napi::Value len = a.Get(1u);
      req->inData = a.Get(0u).ToBoolean().Value() ? 1 : 0;
      if (len.IsBigInt()) {
        bool lossless = false;
        req->section = len.As<Napi::BigInt>().Int64Value(&lossless);
      } else if (len.IsNumber()) {
        req->section = static_cast<long long>(len.As<Napi::Number>().DoubleValue());
      } else {
        ThrowType(env, "number or bigint", "sectionLength", len);
      }
      break;
    }
    default:
      break;
  }
}

// Runs on the JS thread for each request of the transfer thread.
static void CallJs(Napi::Env env, Napi::Function, Transfer* t, std::shared_ptr<Req>* holder) {
  std::shared_ptr<Req> req = *holder;
  delete holder;
  if (env == nullptr) {  // environment going away: fail the transfer
    Answer(t, req, -1);
    return;
  }
  Napi::HandleScope scope(env);
  if (req->kind == REQ_DONE) {
    if (t->hasHandlerError) t->deferred.Reject(t->handlerError.Value());
    else if (!t->ok) t->deferred.Reject(MakeLibvirtError(env, t->err, Napi::Object()));
    else t->deferred.Resolve(env.Undefined());
    napi_release_threadsafe_function(t->tsfn, napi_tsfn_release);
    delete t;
    return;
  }
  Napi::Function fn;
  std::vector<napi_value> args;
  switch (req->kind) {
    case REQ_SINK:
      fn = t->handler.Value();
      args.push_back(Napi::Buffer<char>::Copy(env, req->data.data(), req->data.size()));
      break;
    case REQ_SINK_HOLE:
    case REQ_SOURCE_SKIP:
      fn = (req->kind == REQ_SINK_HOLE ? t->holeHandler : t->skipHandler).Value();
      args.push_back(BigInt(env, static_cast<int64_t>(req->number)));
      break;
    case REQ_SOURCE:
      fn = t->handler.Value();
      args.push_back(Napi::Number::New(env, static_cast<double>(req->number)));
      break;
    case REQ_SOURCE_HOLE:
      fn = t->holeHandler.Value();
      break;
    default:
      break;
  }
  try {
    Napi::Value v = fn.Call(args);
    bool thenable = v.IsObject() && v.As<Napi::Object>().Get("then").IsFunction();
    if (!thenable) {
      TakeResult(env, t, req, v);
      Answer(t, req, 0);
      return;
    }
    auto onOk = Napi::Function::New(env, [t, req](const Napi::CallbackInfo& ci) -> Napi::Value {
      if (req->taken) return ci.Env().Undefined();
      req->taken = true;
      try {
        TakeResult(ci.Env(), t, req, ci.Length() > 0 ? ci[0] : ci.Env().Undefined());
        Answer(t, req, 0);
      } catch (const Napi::Error& e) {
        HandlerFailed(t, req, e.Value());
      }
      return ci.Env().Undefined();
    });
    auto onErr = Napi::Function::New(env, [t, req](const Napi::CallbackInfo& ci) -> Napi::Value {
      if (req->taken) return ci.Env().Undefined();
      req->taken = true;
      HandlerFailed(t, req, ci.Length() > 0 ? ci[0] : ci.Env().Undefined());
      return ci.Env().Undefined();
    });
    v.As<Napi::Object>().Get("then").As<Napi::Function>().Call(v, {onOk, onErr});
  } catch (const Napi::Error& e) {
    HandlerFailed(t, req, e.Value());
  }
}
using TransferTsfn = Napi::TypedThreadSafeFunction<Transfer, std::shared_ptr<Req>, CallJs>;

// On the transfer thread: asks the handler and waits for its answer (rc -1: it failed).
static std::shared_ptr<Req> Ask(Transfer* t, ReqKind kind, uint64_t number = 0, std::string data = {}) {
  auto req = std::make_shared<Req>();
  req->kind = kind;
  req->number = number;
  req->data = std::move(data);
  auto* holder = new std::shared_ptr<Req>(req);
  napi_status s = napi_call_threadsafe_function(t->tsfn, holder, napi_tsfn_blocking);
  if (s != napi_ok) {
    delete holder;
    req->rc = -1;
    return req;
  }
  std::unique_lock<std::mutex> lock(t->m);
  t->cv.wait(lock, [&] { return req->answered; });
  return req;
}

// The handler calls of the loops below, as libvirt's loops make them.
static int Sink(Transfer* t, const char* data, size_t n) {
  return Ask(t, REQ_SINK, 0, std::string(data, n))->rc < 0 ? -1 : static_cast<int>(n);
}
static int Source(Transfer* t, char* data, size_t n) {
  auto req = Ask(t, REQ_SOURCE, n);
  if (req->rc < 0) return -1;
  memcpy(data, req->data.data(), req->data.size());
  return static_cast<int>(req->data.size());
}
static int SourceHole(Transfer* t, int* inData, long long* length) {
  auto req = Ask(t, REQ_SOURCE_HOLE);
  if (req->rc < 0) return -1;
  *inData = req->inData;
  *length = req->section;
  return 0;
}
// holeHandler(length) of sparseRecvAll, skipHandler(length) of sparseSendAll
static int Hole(Transfer* t, ReqKind kind, long long length) {
  return Ask(t, kind, static_cast<uint64_t>(length))->rc < 0 ? -1 : 0;
}

enum TransferKind { T_RECV_ALL, T_SEND_ALL, T_SPARSE_RECV_ALL, T_SPARSE_SEND_ALL };

// The loops of virStreamRecvAll, virStreamSendAll and their sparse variants,
// written here instead of called: on failure libvirt's own abort the stream
// from inside, where nothing can keep that abort from running at the same
// time as a finish() or abort() of the same stream, or as another transfer's
// (in libvirt's test driver that crashed the process in virStreamAbort or
// virStreamFinish: g_object_unref on freed memory). Here a failed transfer
// aborts the stream as one of those calls (see TransferFailed).
static constexpr size_t kChunk = 256 * 1024;

// The transfer failed: aborts the stream as libvirt's loops do, marked as a
// finish()/abort() would be. When one is running, it ends the stream, and
// this abort is left out. `libvirtFailed`: take libvirt's error first (a
// handler's own error is kept by HandlerFailed).
static int TransferFailed(Transfer* t, bool libvirtFailed) {
  // (nor set when a handler could not be asked: the environment is going away)
  if (libvirtFailed || !t->err.set) t->err = CaptureLastError("stream transfer");
  {
    std::lock_guard<std::mutex> lock(gEndingMu);
    if (!gEnding.insert(t->st).second) return -1;
  }
  {
    StreamIo io(t->st, StreamIo::END);
    virStreamAbort(t->st);
  }
  virResetLastError();
  Unmark(t->st);
  return -1;
}

// -2 from a non-blocking stream (refused before this in src/classes.ts)
static int TransferWouldBlock(Transfer* t) {
  t->err = VirErr{};
  t->err.set = true;
  t->err.code = VIR_ERR_OPERATION_INVALID;
  t->err.domain = VIR_FROM_STREAMS;
  t->err.level = VIR_ERR_ERROR;
  t->err.message = "stream transfers need a blocking stream (this one was made with VIR_STREAM_NONBLOCK)";
  return TransferFailed(t, false);
}

// uses: virStreamRecv virStreamRecvFlags virStreamRecvHole
static int RecvLoop(Transfer* t, bool sparse) {
  std::vector<char> buf(kChunk);
  for (;;) {
    int got;
    {
      StreamIo io(t->st);
      got = sparse ? virStreamRecvFlags(t->st, buf.data(), buf.size(), VIR_STREAM_RECV_STOP_AT_HOLE)
                   : virStreamRecv(t->st, buf.data(), buf.size());
    }
    if (got == -3 && sparse) {
      long long length = 0;
      int rc;
      {
        StreamIo io(t->st);
        rc = virStreamRecvHole(t->st, &length, 0);
      }
      if (rc < 0) return TransferFailed(t, true);
      if (Hole(t, REQ_SINK_HOLE, length) < 0) return TransferFailed(t, false);
      continue;
    }
    if (got == -2) return TransferWouldBlock(t);
    if (got < 0) return TransferFailed(t, true);
    if (got == 0) return 0;
    for (int off = 0; off < got;) {
      int done = Sink(t, buf.data() + off, static_cast<size_t>(got - off));
      if (done < 0) return TransferFailed(t, false);
      off += done;
    }
  }
}

// uses: virStreamSend virStreamSendHole
static int SendLoop(Transfer* t, bool sparse) {
  std::vector<char> buf(kChunk);
  long long dataLeft = 0;  // sparse: bytes of the current data section not yet sent
  for (;;) {
    size_t want = buf.size();
    if (sparse) {
      if (dataLeft == 0) {
        int inData = 0;
        long long section = 0;
        if (SourceHole(t, &inData, &section) < 0) return TransferFailed(t, false);
        if (!inData && section > 0) {
          int rc;
          {
            StreamIo io(t->st);
            rc = virStreamSendHole(t->st, section, 0);
          }
          if (rc < 0) return TransferFailed(t, true);
          if (Hole(t, REQ_SOURCE_SKIP, section) < 0) return TransferFailed(t, false);
          continue;
        }
        dataLeft = section;  // 0 at the end: the handler is asked for 0 bytes
      }
      if (dataLeft >= 0 && static_cast<unsigned long long>(dataLeft) < want) want = static_cast<size_t>(dataLeft);
    }
    int got = Source(t, buf.data(), want);
    if (got < 0) return TransferFailed(t, false);
    if (got == 0) return 0;
    for (int off = 0; off < got;) {
      int done;
      {
        StreamIo io(t->st);
        done = virStreamSend(t->st, buf.data() + off, static_cast<size_t>(got - off));
      }
      if (done == -2) return TransferWouldBlock(t);
      if (done < 0) return TransferFailed(t, true);
      off += done;
      if (sparse) dataLeft -= done;
    }
  }
}

// wraps: virStreamRecvAll virStreamSendAll virStreamSparseRecvAll virStreamSparseSendAll
// (their loops, RecvLoop and SendLoop above, on a thread of the transfer's own)
static Napi::Value StartTransfer(const Napi::CallbackInfo& info, TransferKind kind) {
  Napi::Env env = info.Env();
  auto* self = StreamH::This(info);
  Napi::Function handler = ArgFunction(info, 0, "handler");
  Napi::Function hole, skip;
  if (kind == T_SPARSE_RECV_ALL || kind == T_SPARSE_SEND_ALL) hole = ArgFunction(info, 1, "holeHandler");
  if (kind == T_SPARSE_SEND_ALL) skip = ArgFunction(info, 2, "skipHandler");
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  auto* t = new Transfer(env);
  t->handler = Napi::Persistent(handler);
  if (!hole.IsEmpty()) t->holeHandler = Napi::Persistent(hole);
  if (!skip.IsEmpty()) t->skipHandler = Napi::Persistent(skip);
  t->keepThis = Napi::Persistent(info.This().As<Napi::Object>());
  t->tsfn = TransferTsfn::New(env, "libvirt-stream", 0, 1, t);  // converts to napi_threadsafe_function
  Napi::Value promise = t->deferred.Promise();
  t->st = self->Acquire();
  std::thread([t, kind]() {
    virResetLastError();
    bool sparse = kind == T_SPARSE_RECV_ALL || kind == T_SPARSE_SEND_ALL;
    int rc = kind == T_RECV_ALL || kind == T_SPARSE_RECV_ALL ? RecvLoop(t, sparse) : SendLoop(t, sparse);
    t->ok = rc >= 0;
    virStreamFree(t->st);
    t->st = nullptr;
    auto done = std::make_shared<Req>();
    done->kind = REQ_DONE;
    auto* holder = new std::shared_ptr<Req>(done);
    // The JS side settles the promise and deletes t.
    if (napi_call_threadsafe_function(t->tsfn, holder, napi_tsfn_blocking) != napi_ok) delete holder;
  }).detach();
  return promise;
}

// recvAll(handler): calls handler(chunk: Buffer) for all data until the end
// of the stream, waiting for a returned Promise before reading on. Resolves
// at the end (call finish() then); a failing handler aborts the stream.
static Napi::Value RecvAll(const Napi::CallbackInfo& info) { return StartTransfer(info, T_RECV_ALL); }
// sendAll(handler): calls handler(maxBytes) for data (Buffer/string, or
// empty/null at the end), possibly async, and sends it.
static Napi::Value SendAll(const Napi::CallbackInfo& info) { return StartTransfer(info, T_SEND_ALL); }
// sparseRecvAll(handler, holeHandler(length: bigint))
static Napi::Value SparseRecvAll(const Napi::CallbackInfo& info) { return StartTransfer(info, T_SPARSE_RECV_ALL); }
// sparseSendAll(handler, holeHandler() -> [inData, sectionLength], skipHandler(length: bigint))
static Napi::Value SparseSendAll(const Napi::CallbackInfo& info) { return StartTransfer(info, T_SPARSE_SEND_ALL); }

// wraps: virStreamAbort virStreamFinish
// finish() and abort(): one at a time per stream. Two at once on one stream
// (finish and abort, or either twice) left one unsettled in 7-9 of 10 runs on
// test:///default, and libvirt logged "Object ... (<NULL-class>) is not a
// virObjectLockable instance": memory used after it was freed. A second call
// while one runs rejects with ERR_LIBVIRT_STREAM_ENDING. The mark goes as soon
// as libvirt returns (on the executor thread, before the call's reference to
// the stream is dropped, so that no stream made later at the same address
// loses its mark); a call after that runs, and libvirt answers as it does for
// a stream already ended.
static Napi::Value End(const Napi::CallbackInfo& info, bool abort) {
  Napi::Env env = info.Env();
  auto* self = StreamH::This(info);
  if (!self->Usable()) return Rejected(env, self->ReleasedError());
  virStreamPtr st = self->ptr;
  {
    std::lock_guard<std::mutex> lock(gEndingMu);
    if (!gEnding.insert(st).second)
      return Rejected(env, BindingErr{"ERR_LIBVIRT_STREAM_ENDING",
                                      std::string(abort ? "abort()" : "finish()") +
                                          ": finish() or abort() is already running on this stream"});
  }
  struct R { int ret{}; };
  auto ran = std::make_shared<bool>(false);
  return StartCall<R>(info, self,
      [abort, ran](virStreamPtr h, R& r) {
        {
          StreamIo io(h, StreamIo::END);
          r.ret = abort ? virStreamAbort(h) : virStreamFinish(h);
        }
        *ran = true;
        Unmark(h);
        return r.ret >= 0;
      },
      [](Napi::Env env, R& r, const std::vector<Napi::Value>&) -> Napi::Value { return Napi::Number::New(env, r.ret); },
      {},
      [st, ran]() {  // a call that never ran (no thread, or the environment gone)
        if (!*ran) Unmark(st);
      });
}
static Napi::Value Abort(const Napi::CallbackInfo& info) { return End(info, true); }
static Napi::Value Finish(const Napi::CallbackInfo& info) { return End(info, false); }

std::vector<MethodDef> HandMethods_Stream() {
  return {{"abort", Abort},
          {"finish", Finish},
          {"recv", Recv},
          {"recvFlags", RecvFlags},
          {"recvAll", RecvAll},
          {"sendAll", SendAll},
          {"sparseRecvAll", SparseRecvAll},
          {"sparseSendAll", SparseSendAll}};
}

}  // namespace lvn
