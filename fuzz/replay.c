/*
 * replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer, so `make check` replays the checked-in corpora with whatever
 * compiler and sanitizers the suite uses.  Arguments: files or directories.
 * Prints "replay NAME: N inputs" and exits non-zero only by crashing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, len = 0, n;
	uint8_t *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		return -1;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 1;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	DIR *dir = opendir(path);
	if (!dir)
		return -1;
	int count = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		int n = replay_path(sub);
		if (n < 0) {
			closedir(dir);
			return -1;
		}
		count += n;
	}
	closedir(dir);
	return count;
}

int main(int argc, char **argv)
{
	int total = 0;
	for (int k = 1; k < argc; k++) {
		int n = replay_path(argv[k]);
		if (n < 0)
			return 2;
		total += n;
	}
	printf("replayed %d inputs\n", total);
	return 0;
}
