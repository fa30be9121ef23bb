/* Plain C against libvirt over each remote transport: the reference for
 * tools/bench-remote.js. For each URI: the time of virConnectOpenAuth +
 * virConnectClose (OPENS times), then N calls each of virDomainLookupByName
 * (+ virDomainFree) and virDomainGetInfo, one after another. Prints one JSON
 * line per URI with the medians: {"uri", "open_ms", "lookup_us", "info_us"}.
 * SASL credentials come from LVN_SASL_USER and LVN_SASL_PASSWORD.
 *
 * Build: cc -O2 -o bench-remote tools/bench/bench-remote.c $(pkg-config --cflags --libs libvirt)
 * Run:   bench-remote DOMAIN N OPENS URI... */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}
static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static double median(double *v, int n) {
  qsort(v, n, sizeof *v, cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
static int answer(virConnectCredentialPtr cred, unsigned int ncred, void *opaque) {
  (void)opaque;
  for (unsigned int i = 0; i < ncred; i++) {
    const char *v = cred[i].type == VIR_CRED_AUTHNAME ? getenv("LVN_SASL_USER")
                  : cred[i].type == VIR_CRED_PASSPHRASE ? getenv("LVN_SASL_PASSWORD") : cred[i].defresult;
    if (!v) return -1;
    cred[i].result = strdup(v);
    cred[i].resultlen = strlen(v);
  }
  return 0;
}
static int credtypes[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE };
static virConnectAuth auth = { credtypes, 2, answer, NULL };

static void die(const char *what, const char *uri) {
  virErrorPtr e = virGetLastError();
  fprintf(stderr, "bench-remote: %s on %s: %s\n", what, uri, e && e->message ? e->message : "unknown error");
  exit(1);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: bench-remote DOMAIN N OPENS URI...\n");
    return 2;
  }
  const char *name = argv[1];
  int n = atoi(argv[2]), opens = atoi(argv[3]);
  double *t = malloc(sizeof(double) * (n > opens ? n : opens));
  virSetErrorFunc(NULL, NULL);
  for (int u = 4; u < argc; u++) {
    const char *uri = argv[u];
    for (int i = 0; i < opens; i++) {
      double t0 = now_us();
      virConnectPtr c = virConnectOpenAuth(uri, &auth, 0);
      if (!c) die("open", uri);
      virConnectClose(c);
      t[i] = now_us() - t0;
    }
    double open_ms = median(t, opens) / 1000;
    virConnectPtr c = virConnectOpenAuth(uri, &auth, 0);
    if (!c) die("open", uri);
    for (int i = 0; i < n; i++) {
      double t0 = now_us();
      virDomainPtr d = virDomainLookupByName(c, name);
      if (!d) die("lookupByName", uri);
      virDomainFree(d);
      t[i] = now_us() - t0;
    }
    double lookup_us = median(t, n);
    virDomainPtr d = virDomainLookupByName(c, name);
    if (!d) die("lookupByName", uri);
    for (int i = 0; i < n; i++) {
      virDomainInfo info;
      double t0 = now_us();
      if (virDomainGetInfo(d, &info) < 0) die("info", uri);
      t[i] = now_us() - t0;
    }
    double info_us = median(t, n);
    virDomainFree(d);
    virConnectClose(c);
    printf("{\"uri\":\"%s\",\"open_ms\":%.2f,\"lookup_us\":%.1f,\"info_us\":%.1f}\n", uri, open_ms, lookup_us, info_us);
    fflush(stdout);
  }
  free(t);
  return 0;
}
