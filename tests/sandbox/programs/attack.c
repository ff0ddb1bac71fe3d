/* Hostile programs for the sandbox's attack suite: `attack CASE`. Each case tries one escape
 * or exhaustion and prints what it managed; the tests check the verdict and the host. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <dirent.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

static int report(const char* what, int rc) {
  printf("%s: %s\n", what, rc == 0 ? "ALLOWED" : strerror(errno));
  return rc;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* c = argv[1];
  if (!strcmp(c, "fork-bomb")) {
    for (;;) fork();
  } else if (!strcmp(c, "memory-bomb")) {
    for (size_t total = 0;; total += 1 << 20) {
      char* p = malloc(1 << 20);
      if (!p) { printf("malloc failed after %zu MB\n", total >> 20); return 1; }
      memset(p, 1, 1 << 20);
    }
  } else if (!strcmp(c, "cpu-spin")) {
    volatile unsigned long n = 0;
    for (;;) n++;
  } else if (!strcmp(c, "threads-spin")) {
    for (int i = 0; i < 3; ++i) if (fork() == 0) break;
    volatile unsigned long n = 0;
    for (;;) n++;
  } else if (!strcmp(c, "sleep")) {
    sleep(60);
  } else if (!strcmp(c, "output-flood")) {
    static char line[4096];
    memset(line, 'x', sizeof line);
    for (;;) fwrite(line, 1, sizeof line, stdout);
  } else if (!strcmp(c, "huge-file")) {
    int fd = open("big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    static char block[1 << 16];
    for (;;) if (write(fd, block, sizeof block) < 0) { perror("write"); return 1; }
  } else if (!strcmp(c, "tcp")) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    return report("tcp connect", connect(s, (struct sockaddr*)&a, sizeof a)) == 0 ? 0 : 1;
  } else if (!strcmp(c, "dns")) {
    struct addrinfo* res = NULL;
    int rc = getaddrinfo("debian.org", "80", NULL, &res);
    printf("dns: %s\n", rc == 0 ? "ALLOWED" : gai_strerror(rc));
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(53)};
    inet_pton(AF_INET, "8.8.8.8", &a.sin_addr);
    ssize_t n = sendto(s, "x", 1, 0, (struct sockaddr*)&a, sizeof a);
    printf("udp send: %s\n", n == 1 ? "ALLOWED" : strerror(errno));
    return rc == 0 || n == 1 ? 0 : 1;
  } else if (!strcmp(c, "read")) {
    int fd = open(argv[2], O_RDONLY);
    printf("read %s: %s\n", argv[2], fd >= 0 ? "ALLOWED" : strerror(errno));
    return fd >= 0 ? 0 : 1;
  } else if (!strcmp(c, "proc")) {
    DIR* d = opendir("/proc");
    int pids = 0;
    for (struct dirent* e; d && (e = readdir(d));) if (e->d_name[0] >= '0' && e->d_name[0] <= '9') pids++;
    printf("pids visible: %d\n", pids);
    int fd = open("/proc/1/environ", O_RDONLY);
    printf("init environ: %s\n", fd >= 0 ? "ALLOWED" : strerror(errno));
    printf("my pid: %d\n", getpid());
    return 0;
  } else if (!strcmp(c, "write")) {
    int fd = open(argv[2], O_WRONLY | O_CREAT, 0644);
    printf("write %s: %s\n", argv[2], fd >= 0 ? "ALLOWED" : strerror(errno));
    return fd >= 0 ? 0 : 1;
  } else if (!strcmp(c, "links")) {
    report("symlink to /etc/passwd", symlink("/etc/passwd", "out"));
    report("symlink to host var", symlink(argv[2], "var"));
    FILE* f = fopen("a", "w"); fputs("data", f); fclose(f);
    report("hard link inside box", link("a", "b"));
    report("hard link to a toolchain file", link("/usr/bin/env", "env"));
    return 0;
  } else if (!strcmp(c, "tiocsti")) {
    char ch = 'x';
    report("TIOCSTI on stdin", ioctl(0, TIOCSTI, &ch));
    report("open /dev/tty", open("/dev/tty", O_RDWR) >= 0 ? 0 : -1);
    return 0;
  } else if (!strcmp(c, "ptrace")) {
    report("ptrace traceme", ptrace(PTRACE_TRACEME, 0, 0, 0) == 0 ? 0 : -1);
    pid_t child = fork();
    if (child == 0) { sleep(5); _exit(0); }
    report("ptrace attach", ptrace(PTRACE_ATTACH, child, 0, 0) == 0 ? 0 : -1);
    kill(child, SIGKILL);
    return 0;
  } else if (!strcmp(c, "kill-all")) {
    report("kill(-1, SIGKILL) from a child", 0);
    fflush(stdout);
    if (fork() == 0) { kill(-1, SIGKILL); _exit(0); }
    wait(NULL);
    return 0;
  } else if (!strcmp(c, "setuid")) {
    report("setuid(0)", setuid(0));
    report("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER));
    report("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, NULL));
    struct statvfs v;
    statvfs("/usr", &v);
    printf("/usr nosuid: %s\n", (v.f_flag & ST_NOSUID) ? "yes" : "no");
    fflush(stdout);
    execl("/usr/bin/su", "su", "-c", "id", (char*)NULL);
    printf("exec su: %s\n", strerror(errno));
    return 0;
  } else if (!strcmp(c, "daemon")) {
    if (fork() == 0) { setsid(); if (fork() == 0) { sleep(30); _exit(0); } _exit(0); }
    wait(NULL);
    printf("daemon left behind\n");
    return 0;
  } else if (!strcmp(c, "fds")) {
    int open_fds = 0;
    for (int fd = 3; fd < 1024; ++fd) if (fcntl(fd, F_GETFD) >= 0) { printf("open fd %d\n", fd); open_fds++; }
    printf("inherited fds: %d\n", open_fds);
    return 0;
  }
  fprintf(stderr, "unknown case %s\n", c);
  return 2;
}
