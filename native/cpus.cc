// See cpus.h.
#include "cpus.h"

#include <sched.h>
#include <cstdlib>
#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace lvn {
namespace cpus {
namespace {

std::atomic<double> gCached{0};
std::atomic<int64_t> gNextCheckNs{0};

int64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int AffinityCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1024;  // unknown: do not limit
  int n = CPU_COUNT(&set);
  return n > 0 ? n : 1;
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream f(path);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

// This process's cgroup path for a v1 controller ("cpu") or v2 ("" : the "0::" line).
bool CgroupPath(const std::string& controller, std::string& path) {
  std::string all;
  if (!ReadFile("/proc/self/cgroup", all)) return false;
  std::istringstream lines(all);
  std::string line;
  while (std::getline(lines, line)) {
    size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    std::string list = line.substr(a + 1, b - a - 1);
    bool match = controller.empty() ? (line.compare(0, a, "0") == 0 && list.empty())
                                    : ("," + list + ",").find("," + controller + ",") != std::string::npos;
    if (match) {
      path = line.substr(b + 1);
      return true;
    }
  }
  return false;
}

// CPUs' worth of a CFS quota on this process's cgroup; 0 when none is set.
double QuotaCpus() {
  std::string p, text;
  if (CgroupPath("", p) && ReadFile("/sys/fs/cgroup" + p + "/cpu.max", text)) {  // v2: "max 100000" or "50000 100000"
    std::istringstream in(text);
    std::string quota;
    double period = 0;
    if (in >> quota >> period && quota != "max" && period > 0) return std::stod(quota) / period;
    return 0;
  }
  if (CgroupPath("cpu", p)) {  // v1
    std::string q, per;
    for (const char* dir : {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"})
      if (ReadFile(std::string(dir) + p + "/cpu.cfs_quota_us", q) && ReadFile(std::string(dir) + p + "/cpu.cfs_period_us", per)) {
        double quota = std::stod(q), period = std::stod(per);
        return quota > 0 && period > 0 ? quota / period : 0;
      }
  }
  return 0;
}

double Measure() {
  double n = AffinityCount();
  try {
    double q = QuotaCpus();
    if (q > 0 && q < n) n = q;
  } catch (...) {  // a file that does not parse: no quota known
  }
  return n < 1 ? 1 : n;
}

// contention: see cpus.h
constexpr int kWindow = 16, kPreemptedMax = 4;
constexpr int64_t kBackoffMaxNs = 3200000000;
// The first pause: LIBVIRT_NAPI_PAUSE_MS at load (default 100; 0: never pause).
int64_t FirstPauseNs() {
  static const int64_t ns = [] {
    const char* v = std::getenv("LIBVIRT_NAPI_PAUSE_MS");
    long ms = v ? std::atol(v) : 100;
    return static_cast<int64_t>(ms >= 0 && ms <= 3200 ? ms : 100) * 1000000;
  }();
  return ns;
}
std::atomic<int> gWaits{0}, gPreempted{0};
std::atomic<int64_t> gQuietUntilNs{0}, gBackoffNs{0};  // 0: FirstPauseNs()
std::atomic<uint64_t> gTotalWaits{0}, gTotalPreempted{0}, gBackoffs{0};

long Involuntary() {
  struct rusage r;
  return getrusage(RUSAGE_THREAD, &r) == 0 ? r.ru_nivcsw : 0;
}

}  // namespace

long BusyWaitStarted() { return Involuntary(); }

void BusyWaitEnded(long mark) {
  bool preempted = Involuntary() != mark;
  gTotalWaits.fetch_add(1, std::memory_order_relaxed);
  if (preempted) gTotalPreempted.fetch_add(1, std::memory_order_relaxed);
  // The window's counts race between threads: at worst a window is decided
  // on a count or two off, which the next window mends.
  int p = preempted ? gPreempted.fetch_add(1, std::memory_order_relaxed) + 1 : gPreempted.load(std::memory_order_relaxed);
  int w = gWaits.fetch_add(1, std::memory_order_relaxed) + 1;
  if (p >= kPreemptedMax) {
    if (FirstPauseNs() == 0) return;
    int64_t backoff = gBackoffNs.load(std::memory_order_relaxed);
    if (backoff == 0) backoff = FirstPauseNs();
    gQuietUntilNs.store(NowNs() + backoff, std::memory_order_relaxed);
    gBackoffNs.store(backoff * 2 > kBackoffMaxNs ? kBackoffMaxNs : backoff * 2, std::memory_order_relaxed);
    gBackoffs.fetch_add(1, std::memory_order_relaxed);
  } else if (w >= kWindow) {
    gBackoffNs.store(0, std::memory_order_relaxed);  // a quiet window: back to the first pause
  } else {
    return;
  }
  gWaits.store(0, std::memory_order_relaxed);
  gPreempted.store(0, std::memory_order_relaxed);
}

bool Contended() { return NowNs() < gQuietUntilNs.load(std::memory_order_relaxed); }

ContentionStats GetContentionStats() {
  return ContentionStats{gTotalWaits.load(), gTotalPreempted.load(), gBackoffs.load()};
}

double Available() {
  int64_t now = NowNs();
  if (now >= gNextCheckNs.load(std::memory_order_relaxed)) {
    gNextCheckNs.store(now + 1000000000, std::memory_order_relaxed);
    gCached.store(Measure(), std::memory_order_relaxed);
  }
  double v = gCached.load(std::memory_order_relaxed);
  return v > 0 ? v : Measure();
}

}  // namespace cpus
}  // namespace lvn
