/* The same operations as scripts/bench.js, in plain C against libvirt, one
 * call after another: the reference for per-call latency.
 * Build: cc -O2 -o bench-c scripts/bench/bench.c $(pkg-config --cflags --libs libvirt)
 * Run:   bench-c URI N DOMAIN_XML_TEMPLATE_FILE */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>

/* With LVN_BENCH_EVENT_LOOP=1: libvirt's default event loop on a thread, as
 * libvirt-napi (and any C program that wants events or keepalive) runs it. */
static void *event_loop(void *arg) {
  (void)arg;
  for (;;) virEventRunDefaultImpl();
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}
static const char *impl = "c";
static void report(const char *uri, const char *op, int n, double secs) {
  printf("{\"impl\":\"%s\",\"uri\":\"%s\",\"op\":\"%s\",\"n\":%d,\"ops_per_s\":%.1f,\"us_per_op\":%.2f}\n", impl, uri, op, n,
         n / secs, secs * 1e6 / n);
  fflush(stdout);
}
static void die(const char *what) {
  virErrorPtr e = virGetLastError();
  fprintf(stderr, "%s: %s\n", what, e && e->message ? e->message : "?");
  exit(1);
}
static char *xml_for(const char *tmpl, const char *name) {
  size_t len = strlen(tmpl) + strlen(name) + 1;
  char *out = malloc(len);
  const char *at = strstr(tmpl, "@NAME@");
  snprintf(out, len, "%.*s%s%s", (int)(at - tmpl), tmpl, name, at + 6);
  return out;
}

int main(int argc, char **argv) {
  const char *uri = argv[1];
  int n = atoi(argv[2]);
  FILE *f = fopen(argv[3], "r");
  static char tmpl[65536];
  size_t got = fread(tmpl, 1, sizeof tmpl - 1, f);
  tmpl[got] = 0;
  fclose(f);
  virSetErrorFunc(NULL, NULL);
  if (getenv("LVN_BENCH_EVENT_LOOP")) {
    pthread_t t;
    virEventRegisterDefaultImpl();
    pthread_create(&t, NULL, event_loop, NULL);
    impl = "c+eventloop";
  }
  virConnectPtr c = virConnectOpen(uri);
  if (!c) die("open");
  char name[128];
  snprintf(name, sizeof name, "lvn-bench-c-%d", (int)getpid());
  char *xml = xml_for(tmpl, name);
  virDomainPtr dom = virDomainDefineXML(c, xml);
  if (!dom) die("define");
  double t;
  unsigned long v;

  t = now();
  for (int i = 0; i < n; i++) if (virConnectGetLibVersion(c, &v) < 0) die("getLibVersion");
  report(uri, "getLibVersion", n, now() - t);

  t = now();
  for (int i = 0; i < n; i++) { char *s = virConnectGetCapabilities(c); if (!s) die("caps"); free(s); }
  report(uri, "getCapabilities", n, now() - t);

  t = now();
  for (int i = 0; i < n; i++) { virDomainPtr d = virDomainLookupByName(c, name); if (!d) die("lookup"); virDomainFree(d); }
  report(uri, "lookupByName", n, now() - t);

  t = now();
  for (int i = 0; i < n; i++) { virDomainInfo inf; if (virDomainGetInfo(dom, &inf) < 0) die("info"); }
  report(uri, "domain.info", n, now() - t);

  t = now();
  for (int i = 0; i < n; i++) { char *s = virDomainGetXMLDesc(dom, 0); if (!s) die("xml"); free(s); }
  report(uri, "domain.XMLDesc", n, now() - t);

  int m = n / 10 > 0 ? n / 10 : 1;
  t = now();
  for (int i = 0; i < m; i++) {
    char nm[160];
    snprintf(nm, sizeof nm, "%s-d%d", name, i);
    char *x = xml_for(tmpl, nm);
    virDomainPtr d = virDomainDefineXML(c, x);
    if (!d || virDomainUndefine(d) < 0) die("define+undefine");
    virDomainFree(d);
    free(x);
  }
  report(uri, "defineXML+undefine", m, now() - t);

  /* listAllDomains with 500 defined domains */
  virDomainPtr many[500];
  for (int i = 0; i < 500; i++) {
    char nm[160];
    snprintf(nm, sizeof nm, "%s-l%d", name, i);
    char *x = xml_for(tmpl, nm);
    many[i] = virDomainDefineXML(c, x);
    if (!many[i]) die("define 500");
    free(x);
  }
  int k = n / 20 > 0 ? n / 20 : 1;
  t = now();
  for (int i = 0; i < k; i++) {
    virDomainPtr *list;
    int cnt = virConnectListAllDomains(c, &list, 0);
    if (cnt < 500) die("list");
    for (int j = 0; j < cnt; j++) virDomainFree(list[j]);
    free(list);
  }
  report(uri, "listAllDomains(500)", k, now() - t);
  for (int i = 0; i < 500; i++) { virDomainUndefine(many[i]); virDomainFree(many[i]); }

  virDomainUndefine(dom);
  virDomainFree(dom);
  free(xml);
  virConnectClose(c);
  return 0;
}
