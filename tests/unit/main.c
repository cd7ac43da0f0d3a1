/*
 * main.c: runs every registered unit test in a forked child and prints one
 * line per test and a closing "unit: N passed, N failed, N skipped".
 * An argument runs only the tests whose name contains it.
 */
#include "harness.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct test {
	const char *name, *file;
	test_fn fn;
};

static struct test tests[1024];
static int ntests;

void harness_register(const char *name, const char *file, test_fn fn)
{
	if (ntests == (int)(sizeof tests / sizeof tests[0])) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[ntests++] = (struct test){name, file, fn};
}

const char *harness_shared(void)
{
	const char *dir = getenv("SHARED");
	struct stat st;
	if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

void harness_each_byte(const char *line, size_t from, size_t to, const char *others,
		       void (*fn)(const char *line, const char *variant))
{
	char *variant = strdup(line);
	for (size_t at = from; at <= to && variant; at++) {
		for (const char *o = others; *o; o++) {
			if (line[at] == *o)
				continue;
			variant[at] = *o;
			fn(line, variant);
		}
		variant[at] = line[at];
	}
	free(variant);
}

static int cmp_test(const void *a, const void *b)
{
	const struct test *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : strcmp(x->name, y->name);
}

/* Run one test in a child; its output goes to a pipe we print on failure. */
static int run_one(const struct test *t, char *out, size_t outcap)
{
	int fds[2];
	if (pipe(fds) != 0)
		return 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		t->fn();
		exit(0); /* not _exit: LeakSanitizer runs at exit */
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t n;
	while ((n = read(fds[0], out + len, outcap - 1 - len)) > 0)
		if ((len += (size_t)n) == outcap - 1)
			break;
	out[len] = '\0';
	char sink[4096];
	while (read(fds[0], sink, sizeof sink) > 0)
		;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	snprintf(out + len, outcap - len, "killed by signal %d\n", WTERMSIG(status));
	return 1;
}

int main(int argc, char **argv)
{
	qsort(tests, (size_t)ntests, sizeof tests[0], cmp_test);
	int passed = 0, failed = 0, skipped = 0;
	static char out[1 << 16];
	for (int k = 0; k < ntests; k++) {
		if (argc > 1 && !strstr(tests[k].name, argv[1]))
			continue;
		int rc = run_one(&tests[k], out, sizeof out);
		if (rc == 0) {
			passed++;
		} else if (rc == HARNESS_SKIP_STATUS) {
			skipped++;
			printf("skip %s: %s", tests[k].name, out);
		} else {
			failed++;
			printf("FAIL %s (%s)\n%s", tests[k].name, tests[k].file, out);
		}
	}
	printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
