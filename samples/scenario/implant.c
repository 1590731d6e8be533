/* implant.c - harmless stand-ins for intrusion artefacts, for procsnap's triage scenario (samples/scenario/run.sh).
 * Every mode only arranges its own process so that /proc shows an indicator, then waits until it is killed
 * (or SCENARIO_TTL seconds, default 600, pass). Nothing here touches other processes, files outside the
 * scenario's work directory, or any network interface other than loopback.
 *
 *   implant sleep                  just wait (used for a deleted binary, a hidden-directory binary, ...)
 *   implant rename NAME            prctl(PR_SET_NAME, NAME), then wait
 *   implant memfd-kworker          copy itself into a memfd and fexecve it as "[kworker/0:2]" (comm kworker/0:2)
 *   implant rwx                    map one anonymous page read-write-execute holding an ELF header
 *   implant title TEXT             overwrite argv and environ with TEXT (setproctitle-style), then wait
 *   implant listen ADDR PORTFILE   listen on ADDR (127.0.0.1, or 0.0.0.0 inside a private netns), write the
 *                                  port to PORTFILE, accept connections and hold them
 *   implant trace PIDFILE          fork a child that waits, PTRACE_SEIZE it (TracerPid), write its pid
 *   implant packet                 open an AF_PACKET socket bound to lo (needs CAP_NET_RAW; receives nothing)
 *   implant caps UID               (root) keep all capabilities while switching to UID (full CapEff, uid != 0)
 *   implant patch FILE             map FILE private read-execute, make its first page writable, change one byte
 *                                  and make it read-execute again (a private dirty page in an executable file
 *                                  mapping: code patched in memory; FILE on disk is untouched)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void wait_forever(void) {
  const char* ttl_s = getenv("SCENARIO_TTL");
  long ttl = ttl_s ? atol(ttl_s) : 600;
  if (ttl <= 0) ttl = 600;
  time_t end = time(NULL) + ttl;
  while (time(NULL) < end) sleep(1);
  exit(0);
}

static int die(const char* what) {
  perror(what);
  return 1;
}

static int memfd_kworker(char** envp) {
  int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (in < 0) return die("open /proc/self/exe");
  int fd = (int)syscall(SYS_memfd_create, "kworker", 0);
  if (fd < 0) return die("memfd_create");
  char buf[65536];
  ssize_t n;
  while ((n = read(in, buf, sizeof buf)) > 0) {
    if (write(fd, buf, (size_t)n) != n) return die("write memfd");
  }
  close(in);
  char* argv[] = {"[kworker/0:2]", NULL};
  /* The child finds its mode in the environment so its command line is just the fake name. */
  size_t envc = 0;
  while (envp[envc]) ++envc;
  char** env = calloc(envc + 2, sizeof(char*));
  if (!env) return die("calloc");
  for (size_t i = 0; i < envc; ++i) env[i] = envp[i];
  env[envc] = "SCENARIO_MODE=kworker";
  fexecve(fd, argv, env);
  return die("fexecve");
}

static int title(int argc, char** argv, const char* text_in) {
  /* The argv strings and the environment strings are contiguous; write across both, as setproctitle does,
   * so the kernel's cmdline read runs on past arg_end. */
  extern char** environ;
  char* start = argv[0];
  char* end = argv[argc - 1] + strlen(argv[argc - 1]);
  for (char** e = environ; *e; ++e) {
    if (*e == end + 1) end = *e + strlen(*e);
  }
  char* text = strdup(text_in); /* text_in lives inside the area about to be overwritten */
  if (!text) return die("strdup");
  size_t room = (size_t)(end - start);
  size_t len = strlen(text);
  if (len > room) len = room;
  memset(start, ' ', room);
  memcpy(start, text, len);
  start[room] = ' '; /* no NUL where argv ended */
  prctl(PR_SET_NAME, "sshd", 0, 0, 0);
  wait_forever();
  return 0;
}

static int do_listen(const char* addr, const char* portfile) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return die("socket");
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
  if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) return die("inet_pton");
  if (bind(s, (struct sockaddr*)&sa, sizeof sa) < 0) return die("bind");
  if (listen(s, 8) < 0) return die("listen");
  socklen_t sl = sizeof sa;
  getsockname(s, (struct sockaddr*)&sa, &sl);
  FILE* f = fopen(portfile, "w");
  if (!f) return die("fopen portfile");
  fprintf(f, "%d\n", ntohs(sa.sin_port));
  fclose(f);
  for (;;) {
    int c = accept(s, NULL, NULL); /* held open, never read or written */
    if (c < 0 && errno != EINTR) break;
  }
  wait_forever();
  return 0;
}

static int trace(const char* pidfile) {
  pid_t child = fork();
  if (child < 0) return die("fork");
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    wait_forever();
  }
  if (ptrace(PTRACE_SEIZE, child, NULL, NULL) < 0) return die("PTRACE_SEIZE");
  FILE* f = fopen(pidfile, "w");
  if (!f) return die("fopen pidfile");
  fprintf(f, "%d\n", (int)child);
  fclose(f);
  wait_forever();
  return 0;
}

static int packet(void) {
  int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
  if (s < 0) return die("socket(AF_PACKET)");
  struct sockaddr_ll ll = {
      .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = (int)if_nametoindex("lo")};
  if (bind(s, (struct sockaddr*)&ll, sizeof ll) < 0) return die("bind lo");
  int tiny = 1; /* keep at most a frame or two queued: nothing reads it */
  setsockopt(s, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof tiny);
  wait_forever();
  return 0;
}

static int caps(const char* uid_s) {
  uid_t uid = (uid_t)atol(uid_s);
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return die("PR_SET_KEEPCAPS");
  if (setresgid(uid, uid, uid) < 0) return die("setresgid");
  if (setresuid(uid, uid, uid) < 0) return die("setresuid");
  struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct d[2];
  if (syscall(SYS_capget, &h, d) < 0) return die("capget");
  d[0].effective = d[0].permitted;
  d[1].effective = d[1].permitted;
  if (syscall(SYS_capset, &h, d) < 0) return die("capset");
  wait_forever();
  return 0;
}

static int patch(const char* path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return die("open");
  long page = sysconf(_SC_PAGESIZE);
  unsigned char* p = mmap(NULL, (size_t)page, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return die("mmap");
  if (mprotect(p, (size_t)page, PROT_READ | PROT_WRITE) != 0) return die("mprotect rw");
  p[8] ^= 0x5a; /* EI_ABIVERSION padding of the ELF header: a private copy of the page now differs from FILE */
  if (mprotect(p, (size_t)page, PROT_READ | PROT_EXEC) != 0) return die("mprotect rx");
  wait_forever();
  return 0;
}

int main(int argc, char** argv, char** envp) {
  const char* env_mode = getenv("SCENARIO_MODE");
  if (env_mode && strcmp(env_mode, "kworker") == 0) {
    prctl(PR_SET_NAME, "kworker/0:2", 0, 0, 0);
    wait_forever();
  }
  if (argc < 2) {
    fprintf(stderr, "usage: implant MODE [ARGS] (see the source)\n");
    return 2;
  }
  const char* mode = argv[1];
  if (strcmp(mode, "sleep") == 0) wait_forever();
  if (strcmp(mode, "rename") == 0 && argc > 2) {
    prctl(PR_SET_NAME, argv[2], 0, 0, 0);
    wait_forever();
  }
  if (strcmp(mode, "memfd-kworker") == 0) return memfd_kworker(envp);
  if (strcmp(mode, "rwx") == 0) {
    void* p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return die("mmap rwx");
    /* Looks like a reflectively loaded image: the first 64 bytes of our own executable (its ELF header) at the
       start of the anonymous rwx page (what procsnap's elf-in-anon-memory check looks for with --mem), then a few
       ret instructions. Nothing in the page is ever executed. */
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0 || read(self, p, 64) != 64) return die("read own ELF header");
    close(self);
    memset((char*)p + 64, 0xc3, 16); /* ret: never executed */
    wait_forever();
  }
  if (strcmp(mode, "title") == 0 && argc > 2) return title(argc, argv, argv[2]);
  if (strcmp(mode, "listen") == 0 && argc > 3) return do_listen(argv[2], argv[3]);
  if (strcmp(mode, "trace") == 0 && argc > 2) return trace(argv[2]);
  if (strcmp(mode, "packet") == 0) return packet();
  if (strcmp(mode, "caps") == 0 && argc > 2) return caps(argv[2]);
  if (strcmp(mode, "patch") == 0 && argc > 2) return patch(argv[2]);
  fprintf(stderr, "implant: unknown mode %s\n", mode);
  return 2;
}
