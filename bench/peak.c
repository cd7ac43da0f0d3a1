/*
 * peak.c: runs a command several times and reports its median wall time and
 * its peak resident memory, for `make bench` (bench/run.sh).  It needs no
 * GNU time: fork, exec, then wait4(2), whose rusage gives ru_maxrss.
 *
 *     peak [-n RUNS] [-t SECONDS] [-o OUT] [-e ERR] [-x STATUS] [-m CAP_MB] CMD [ARG...]
 *     peak [options] FEEDER [ARG...] '|' CMD [ARG...]
 *
 * With a '|' argument, FEEDER's standard output is piped into CMD's standard
 * input, anew for each run: a generator or `cat FILE` streams the input, and
 * only CMD is measured (its time from its fork to its exit, its own peak
 * RSS; FEEDER runs on another CPU).
 *
 *   -n RUNS    how many times (default 5); the median time counts
 *   -t SECONDS no new run when the runs so far and one more as long as
 *              the last would pass SECONDS (default: no limit): a slow
 *              command is run fewer times, at least once
 *   -o OUT     CMD's standard output (default /dev/null), the last run's
 *   -e ERR     CMD's standard error (default: peak's own)
 *   -x STATUS  the exit status CMD must end with (default 0)
 *   -m CAP_MB  kill CMD once its resident memory passes CAP_MB (checked
 *              every 10 ms in /proc/PID/statm): a guard for the machine,
 *              so a run that would need more memory than it has stops early
 *
 * It prints one line on standard output:
 *
 *     runs=5 median=0.812345 min=0.80 max=0.83 rss_kb=5120 status=0 times=0.81,...
 *
 * (seconds; rss_kb the largest ru_maxrss of the runs, in KiB as Linux
 * gives it).  Exit status: 0 when every run ended with STATUS and the feeder
 * with 0; 3 when CMD was killed at CAP_MB (the line then says capped=1 and
 * rss_kb is the memory it had reached; no further run is made); 1 when a
 * run failed (another status, a signal, a failing feeder), said on standard
 * error; 2 for a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 100

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: peak [-n RUNS] [-t SECONDS] [-o OUT] [-e ERR] [-x STATUS] [-m CAP_MB] "
			"[FEEDER [ARG...] '|'] CMD [ARG...]\n");
	return 2;
}

/* SIGALRM only interrupts wait4, for the memory check. */
static void on_alarm(int sig)
{
	(void)sig;
}

/* The resident memory of PID in KiB, or -1. */
static long rss_kb(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/statm", (long)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long size, resident;
	int n = fscanf(f, "%ld %ld", &size, &resident);
	fclose(f);
	return n == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

/* In the child: FD onto TARGET (0, 1 or 2), or PATH opened there. */
static void redirect(int fd, const char *path, int flags, int target)
{
	if (path) {
		fd = open(path, flags, 0644);
		if (fd < 0) {
			fprintf(stderr, "peak: %s: %s\n", path, strerror(errno));
			_exit(127);
		}
	}
	if (fd >= 0 && fd != target) {
		if (dup2(fd, target) < 0)
			_exit(127);
		close(fd);
	}
}

static pid_t spawn(char **argv, int in_fd, int out_fd, const char *out, const char *err,
		   int close_fd)
{
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "peak: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		if (close_fd >= 0)
			close(close_fd);
		redirect(in_fd, NULL, 0, 0);
		redirect(out_fd, out, O_WRONLY | O_CREAT | O_TRUNC, 1);
		if (err)
			redirect(-1, err, O_WRONLY | O_CREAT | O_TRUNC, 2);
		execvp(argv[0], argv);
		fprintf(stderr, "peak: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* "exited with 2", "killed by signal 9" */
static const char *describe(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "ended with wait status %#x", (unsigned)status);
	return buf;
}

int main(int argc, char **argv)
{
	int runs = 5, expect = 0, opt;
	long cap_kb = 0;
	double budget = 0;
	const char *out = "/dev/null", *err = NULL;
	while ((opt = getopt(argc, argv, "+n:t:o:e:x:m:")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		case 't': budget = atof(optarg); break;
		case 'o': out = optarg; break;
		case 'e': err = optarg; break;
		case 'x': expect = atoi(optarg); break;
		case 'm': cap_kb = atol(optarg) * 1024; break;
		default: return usage();
		}
	}
	if (runs < 1 || runs > MAX_RUNS || optind >= argc)
		return usage();
	char **feeder = NULL, **cmd = argv + optind;
	for (int k = optind; k < argc; k++) {
		if (strcmp(argv[k], "|") == 0) {
			argv[k] = NULL;
			feeder = argv + optind;
			cmd = argv + k + 1;
			break;
		}
	}
	if (!cmd[0] || (feeder && !feeder[0]))
		return usage();

	/* SIGALRM without SA_RESTART: wait4 returns EINTR every 10 ms. */
	if (cap_kb > 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGALRM, &sa, NULL);
	}
	/* A feeder whose reader died must not take peak with it. */
	signal(SIGPIPE, SIG_IGN);

	double t[MAX_RUNS];
	long max_rss = 0;
	int status = 0, done = 0;
	bool capped = false, failed = false;
	char why[96];
	double spent = 0;
	for (; done < runs && !capped && !failed; done++) {
		if (done > 0 && budget > 0 && spent + t[done - 1] > budget)
			break;
		int fds[2] = {-1, -1};
		pid_t fpid = -1;
		if (feeder) {
			if (pipe(fds) != 0) {
				fprintf(stderr, "peak: pipe: %s\n", strerror(errno));
				return 1;
			}
			fpid = spawn(feeder, -1, fds[1], NULL, NULL, fds[0]);
			close(fds[1]);
		}
		double t0 = now();
		pid_t pid = spawn(cmd, fds[0], -1, out, err, -1);
		if (fds[0] >= 0)
			close(fds[0]);
		if (cap_kb > 0) {
			struct itimerval it = {{0, 10000}, {0, 10000}};
			setitimer(ITIMER_REAL, &it, NULL);
		}
		struct rusage ru;
		pid_t w;
		while ((w = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR) {
			long r = rss_kb(pid);
			if (!capped && r > cap_kb) {
				capped = true;
				kill(pid, SIGKILL);
			}
		}
		t[done] = now() - t0;
		spent += t[done];
		if (cap_kb > 0) {
			struct itimerval off = {{0, 0}, {0, 0}};
			setitimer(ITIMER_REAL, &off, NULL);
		}
		if (w < 0) {
			fprintf(stderr, "peak: wait4: %s\n", strerror(errno));
			return 1;
		}
		if (ru.ru_maxrss > max_rss)
			max_rss = ru.ru_maxrss;
		if (!capped && !(WIFEXITED(status) && WEXITSTATUS(status) == expect)) {
			fprintf(stderr, "peak: %s %s, not %d\n", cmd[0], describe(status, why, sizeof why),
				expect);
			failed = true;
		}
		if (fpid > 0) {
			int fstatus;
			if (capped || failed)
				kill(fpid, SIGTERM);
			while (waitpid(fpid, &fstatus, 0) < 0 && errno == EINTR)
				;
			if (!capped && !failed && !(WIFEXITED(fstatus) && WEXITSTATUS(fstatus) == 0)) {
				fprintf(stderr, "peak: the feeder %s %s\n", feeder[0],
					describe(fstatus, why, sizeof why));
				failed = true;
			}
		}
	}

	double sorted[MAX_RUNS];
	memcpy(sorted, t, (size_t)done * sizeof *t);
	qsort(sorted, (size_t)done, sizeof *sorted, cmp_double);
	double median = done % 2 ? sorted[done / 2] : (sorted[done / 2 - 1] + sorted[done / 2]) / 2;
	printf("runs=%d median=%.6f min=%.6f max=%.6f rss_kb=%ld status=%d%s times=", done, median,
	       sorted[0], sorted[done - 1], max_rss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       capped ? " capped=1" : "");
	for (int k = 0; k < done; k++)
		printf("%s%.3f", k ? "," : "", t[k]);
	putchar('\n');
	return failed ? 1 : capped ? 3 : 0;
}
