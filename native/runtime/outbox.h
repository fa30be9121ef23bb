// Outbox: a thread-safe function that threads post to, closed once when its environment ends.
// Never freed by its users: a thread may still post while the environment
// goes; `closed` (under mu) turns those posts into failures.
#pragma once

#include <napi.h>

#include <mutex>

namespace lvn {

template <typename Tsfn, typename Item>
struct Outbox {
  Tsfn tsfn;
  std::mutex mu;
  bool closed = false;
  // False when the environment is gone (the item was not taken).
  bool Post(Item* item) {
    std::lock_guard<std::mutex> lock(mu);
    return !closed && tsfn.NonBlockingCall(item) == napi_ok;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu);
    if (closed) return;
    closed = true;
    tsfn.Release();
  }
  // For napi_add_env_cleanup_hook.
  static void CloseHook(void* self) { static_cast<Outbox*>(self)->Close(); }
};

}  // namespace lvn
