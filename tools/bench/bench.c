/* The same operations as tools/bench.js, in plain C against libvirt: the
 * reference for per-call latency (one call after another) and, with
 * LVN_BENCH_THREADS=8, for 8 calls in flight (8 threads sharing the one
 * connection, op names suffixed @8 as in bench.js).
 *
 * LVN_BENCH_EVENT_LOOP picks the event loop running on a thread beside the calls:
 *   unset   none (plain C)
 *   glib    libvirt's default implementation (what a C program that wants
 *           events or keepalive usually runs)
 *   lvn     libvirt-napi's epoll implementation (native/runtime/eventloop.cc; only when
 *           built with -DLVN_EVENT_LOOP and linked with that file)
 * LVN_BENCH_HANDOFF=1: one thread hands the calls to LVN_BENCH_THREADS others
 *   (1 unless set) and takes each completion back before it hands on the next,
 *   as a binding for an event loop must (impl suffixed +handoff; see below).
 *   With one other thread it is the shape of libvirt-napi's one-at-a-time
 *   calls: two hand-overs per call, nothing of Node's.
 * LVN_BENCH_OPS=a,b: only these ops. LVN_BENCH_LIST_DEFINED=1: list the 500
 *   domains the caller defined instead of defining 500 (bench.js --interleave).
 *
 * cpu_us_per_op is the process's CPU time (getrusage: all threads) over the block.
 *
 * Build: cc -O2 -o bench-c tools/bench/bench.c $(pkg-config --cflags --libs libvirt) -lpthread
 * Run:   bench-c URI N DOMAIN_XML_TEMPLATE_FILE */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/resource.h>

#ifdef LVN_EVENT_LOOP
void lvn_event_loop_register(void);
void lvn_event_loop_run_once(void);
#endif

static int use_lvn_loop = 0;
static void *event_loop(void *arg) {
  (void)arg;
  for (;;) {
#ifdef LVN_EVENT_LOOP
    if (use_lvn_loop) {
      lvn_event_loop_run_once();
      continue;
    }
#endif
    virEventRunDefaultImpl();
  }
  return NULL;
}

static double cpu_now(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}
static double cpu_start;
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}
static const char *impl = "c";
static const char *uri;
static void report(const char *op, int threads, int n, double secs) {
  char name[128];
  if (threads > 1) snprintf(name, sizeof name, "%s@%d", op, threads);
  else snprintf(name, sizeof name, "%s", op);
  double cpu = cpu_now() - cpu_start;
  printf("{\"impl\":\"%s\",\"uri\":\"%s\",\"op\":\"%s\",\"n\":%d,\"ops_per_s\":%.1f,\"us_per_op\":%.2f,\"cpu_us_per_op\":%.2f}\n",
         impl, uri, name, n, n / secs, secs * 1e6 / n, cpu * 1e6 / n);
  fflush(stdout);
}
static virConnectPtr conn;
static virDomainPtr dom;
static virDomainPtr many[500]; /* for listAllDomains(500) */
static int nmany;

/* Fails the run, undefining the domains it defined: nothing is left behind. */
static void die(const char *what) {
  virErrorPtr e = virGetLastError();
  fprintf(stderr, "%s: %s\n", what, e && e->message ? e->message : "?");
  for (int i = 0; i < nmany; i++) virDomainUndefine(many[i]);
  if (dom) virDomainUndefine(dom);
  exit(1);
}
static char tmpl[65536];
static char *xml_for(const char *name) {
  size_t len = strlen(tmpl) + strlen(name) + 1;
  char *out = malloc(len);
  const char *at = strstr(tmpl, "@NAME@");
  snprintf(out, len, "%.*s%s%s", (int)(at - tmpl), tmpl, name, at + 6);
  return out;
}

static char name[128];

typedef void (*op_fn)(int thread, int i);

static void op_libversion(int th, int i) {
  unsigned long v;
  (void)th; (void)i;
  if (virConnectGetLibVersion(conn, &v) < 0) die("getLibVersion");
}
static void op_caps(int th, int i) {
  (void)th; (void)i;
  char *s = virConnectGetCapabilities(conn);
  if (!s) die("caps");
  free(s);
}
static void op_lookup(int th, int i) {
  (void)th; (void)i;
  virDomainPtr d = virDomainLookupByName(conn, name);
  if (!d) die("lookup");
  virDomainFree(d);
}
static void op_info(int th, int i) {
  virDomainInfo inf;
  (void)th; (void)i;
  if (virDomainGetInfo(dom, &inf) < 0) die("info");
}
static void op_xml(int th, int i) {
  (void)th; (void)i;
  char *s = virDomainGetXMLDesc(dom, 0);
  if (!s) die("xml");
  free(s);
}
static void op_define(int th, int i) {
  char nm[192];
  snprintf(nm, sizeof nm, "%s-d%d-%d", name, th, i);
  char *x = xml_for(nm);
  virDomainPtr d = virDomainDefineXML(conn, x);
  if (!d || virDomainUndefine(d) < 0) die("define+undefine");
  virDomainFree(d);
  free(x);
}
static void op_list(int th, int i) {
  virDomainPtr *list;
  (void)th; (void)i;
  int cnt = virConnectListAllDomains(conn, &list, 0);
  if (cnt < 500) die("list");
  for (int j = 0; j < cnt; j++) virDomainFree(list[j]);
  free(list);
}

struct work {
  op_fn fn;
  int thread;
  int count;
};
static void *run_work(void *arg) {
  struct work *w = arg;
  for (int i = 0; i < w->count; i++) w->fn(w->thread, i);
  return NULL;
}
/* LVN_BENCH_OPS: only these ops (names as printed, comma-separated); all when unset */
static const char *only_ops;
static int selected(const char *op) {
  if (!only_ops) return 1;
  size_t len = strlen(op);
  for (const char *p = only_ops; (p = strstr(p, op)) != NULL; p += len)
    if ((p == only_ops || p[-1] == ',') && (p[len] == 0 || p[len] == ',')) return 1;
  return 0;
}

/* LVN_BENCH_HANDOFF (with LVN_BENCH_THREADS=k): what the hop of a binding
   costs, in plain C with nothing of Node's. One thread keeps k calls in
   flight, as a program does with k promises: it hands each call to a pool of
   k threads and takes each completion back through an eventfd before it
   hands on the next. Every binding for an event loop has this shape: its
   program sees a result before it makes the next call. */
static int handoff = 0;
static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int pending;  /* calls handed over that no pool thread has taken yet */
  int next;     /* the number of the next call, for op_define's names */
  int sleeping; /* pool threads waiting for a call */
  int done;     /* completions not yet taken back */
  int stop;
  int efd;
  op_fn fn;
} ho = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, -1, NULL};

static void *handoff_thread(void *arg) {
  int th = (int)(intptr_t)arg;
  pthread_mutex_lock(&ho.mu);
  for (;;) {
    while (!ho.pending && !ho.stop) {
      ho.sleeping++;
      pthread_cond_wait(&ho.cv, &ho.mu);
      ho.sleeping--;
    }
    if (ho.stop) break;
    ho.pending--;
    int i = ho.next++;
    pthread_mutex_unlock(&ho.mu);
    ho.fn(th, i);
    pthread_mutex_lock(&ho.mu);
    if (ho.done++ == 0) {
      uint64_t one = 1;
      if (write(ho.efd, &one, sizeof one) != sizeof one) die("eventfd");
    }
  }
  pthread_mutex_unlock(&ho.mu);
  return NULL;
}

static void handoff_submit(int k) {
  pthread_mutex_lock(&ho.mu);
  ho.pending += k;
  int wake = ho.sleeping < k ? ho.sleeping : k;
  pthread_mutex_unlock(&ho.mu);
  while (wake-- > 0) pthread_cond_signal(&ho.cv);
}

static void timed_handoff(const char *op, op_fn fn, int n, int threads) {
  pthread_t t[64];
  ho.fn = fn;
  ho.pending = ho.next = ho.done = ho.stop = 0;
  ho.efd = eventfd(0, EFD_CLOEXEC);
  if (ho.efd < 0) die("eventfd");
  for (int k = 0; k < threads; k++) pthread_create(&t[k], NULL, handoff_thread, (void *)(intptr_t)k);
  cpu_start = cpu_now();
  double start = now();
  int sent = threads < n ? threads : n, got = 0;
  handoff_submit(sent);
  while (got < n) {
    uint64_t v;
    if (read(ho.efd, &v, sizeof v) != sizeof v) die("eventfd");
    pthread_mutex_lock(&ho.mu);
    int d = ho.done;
    ho.done = 0;
    pthread_mutex_unlock(&ho.mu);
    got += d;
    int more = n - sent < d ? n - sent : d;
    sent += more;
    if (more) handoff_submit(more);
  }
  report(op, threads, n, now() - start);
  pthread_mutex_lock(&ho.mu);
  ho.stop = 1;
  pthread_cond_broadcast(&ho.cv);
  pthread_mutex_unlock(&ho.mu);
  for (int k = 0; k < threads; k++) pthread_join(t[k], NULL);
  close(ho.efd);
}

/* n calls in all, spread over `threads` threads */
static void timed(const char *op, op_fn fn, int n, int threads) {
  if (!selected(op)) return;
  if (handoff) {
    timed_handoff(op, fn, n, threads);
    return;
  }
  pthread_t t[64];
  struct work w[64];
  cpu_start = cpu_now();
  double start = now();
  if (threads <= 1) {
    for (int i = 0; i < n; i++) fn(0, i);
  } else {
    for (int k = 0; k < threads; k++) {
      w[k].fn = fn;
      w[k].thread = k;
      w[k].count = n / threads + (k < n % threads ? 1 : 0);
      pthread_create(&t[k], NULL, run_work, &w[k]);
    }
    for (int k = 0; k < threads; k++) pthread_join(t[k], NULL);
  }
  report(op, threads, n, now() - start);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench-c URI N TEMPLATE\n");
    return 2;
  }
  uri = argv[1];
  int n = atoi(argv[2]);
  FILE *f = fopen(argv[3], "r");
  if (!f) die("template");
  size_t got = fread(tmpl, 1, sizeof tmpl - 1, f);
  tmpl[got] = 0;
  fclose(f);
  const char *th = getenv("LVN_BENCH_THREADS");
  int threads = th ? atoi(th) : 1;
  if (threads < 1 || threads > 64) threads = 1;
  only_ops = getenv("LVN_BENCH_OPS");
  virSetErrorFunc(NULL, NULL);
  const char *loop = getenv("LVN_BENCH_EVENT_LOOP");
  if (loop && *loop) {
    pthread_t t;
#ifdef LVN_EVENT_LOOP
    if (strcmp(loop, "lvn") == 0) {
      use_lvn_loop = 1;
      lvn_event_loop_register();
      impl = "c+lvn-eventloop";
    } else
#endif
    {
      virEventRegisterDefaultImpl();
      impl = "c+eventloop";
    }
    pthread_create(&t, NULL, event_loop, NULL);
  }
  const char *ho_env = getenv("LVN_BENCH_HANDOFF");
  if (ho_env && *ho_env) {
    static char handoff_impl[64];
    handoff = 1;
    snprintf(handoff_impl, sizeof handoff_impl, "%s+handoff", impl);
    impl = handoff_impl;
  }
  conn = virConnectOpen(uri);
  if (!conn) die("open");
  snprintf(name, sizeof name, "lvn-bench-c-%d", (int)getpid());
  char *xml = xml_for(name);
  dom = virDomainDefineXML(conn, xml);
  if (!dom) die("define");

  timed("getLibVersion", op_libversion, n, threads);
  timed("getCapabilities", op_caps, n, threads);
  timed("lookupByName", op_lookup, n, threads);
  timed("domain.info", op_info, n, threads);
  timed("domain.XMLDesc", op_xml, n, threads);
  timed("defineXML+undefine", op_define, n / 10 > 0 ? n / 10 : 1, threads);

  /* listAllDomains with 500 defined domains; LVN_BENCH_LIST_DEFINED: the
     caller has defined them already (bench.js --interleave) */
  if (!selected("listAllDomains(500)")) goto done;
  if (getenv("LVN_BENCH_LIST_DEFINED")) {
    timed("listAllDomains(500)", op_list, n / 20 > 0 ? n / 20 : 1, threads);
    goto done;
  }
  for (int i = 0; i < 500; i++) {
    char nm[192];
    snprintf(nm, sizeof nm, "%s-l%d", name, i);
    char *x = xml_for(nm);
    many[i] = virDomainDefineXML(conn, x);
    if (!many[i]) die("define 500");
    nmany++;
    free(x);
  }
  timed("listAllDomains(500)", op_list, n / 20 > 0 ? n / 20 : 1, threads);
  for (int i = 0; i < nmany; i++) {
    virDomainUndefine(many[i]);
    virDomainFree(many[i]);
  }
  nmany = 0;

done:
  virDomainUndefine(dom);
  virDomainFree(dom);
  free(xml);
  virConnectClose(conn);
  return 0;
}
