/*
 * btf.c: BTF files through libbpf (btf.h).  Module BTF is split BTF: its
 * type ids continue the base's, so a module's file is read over the very
 * base it was built against; another base gives garbage, which libbpf
 * mostly refuses.
 */
#ifdef SM_HAVE_LIBBPF

#include "btf.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct module {
	char *name, *path;
	struct btf *btf; /* NULL until read (loaded modules are read when needed) */
	bool given;      /* a --btf .ko, not the running kernel's */
};

struct sm__btf {
	struct btf *base;
	char *base_path;
	char *sysfs; /* the loaded modules' folder when the base is the running
		      * kernel's; NULL when a base was given */
	bool scanned; /* sysfs's modules listed */
	struct module *mods;
	size_t nmods, capmods;
};

/* errno after a failed libbpf call: its own codes (LIBBPF_ERRNO__FORMAT...)
 * have their own texts. */
static const char *btf_strerror(int err, char *buf, size_t cap)
{
	if (err < __LIBBPF_ERRNO__START || libbpf_strerror(err, buf, cap) != 0)
		snprintf(buf, cap, "%s", strerror(err));
	else /* "BPF object format invalid": say what was wanted */
		snprintf(buf + strlen(buf), cap - strlen(buf), " (neither raw BTF nor an ELF "
			 "file with a .BTF section)");
	return buf;
}

/* libbpf prints its own complaints on stderr; specmon says what failed. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* "/lib/modules/.../virtio_pci.ko" -> "virtio_pci" (the kernel's module
 * names have '_' where file names may have '-'). */
static char *module_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	if (ends_with(base, ".ko"))
		n -= 3;
	char *name = sm__xstrndup(base, n);
	for (char *c = name; *c; c++)
		if (*c == '-')
			*c = '_';
	return name;
}

static void add_module(struct sm__btf *b, char *name, char *path, bool given)
{
	struct module m = {name, path, NULL, given};
	SM__PUSH(b->mods, b->nmods, b->capmods, m);
}

static bool read_base(struct sm__btf *b, const char *path, bool running, struct sm__buf *err)
{
	b->base_path = sm__xstrndup(path, strlen(path));
	b->base = btf__parse(path, NULL);
	if (b->base)
		return true;
	int e = errno;
	char why[128];
	if (running && e == ENOENT)
		sm__buf_printf(err, "no BTF for the running kernel: %s: %s (a kernel built with "
			       "CONFIG_DEBUG_INFO_BTF has it); give the kernel's BTF with --btf "
			       "FILE (a vmlinux ELF with .BTF, or raw BTF)", path, strerror(e));
	else
		sm__buf_printf(err, "cannot read BTF from %s: %s", path,
			       btf_strerror(e, why, sizeof why));
	return false;
}

static bool read_given_module(struct sm__btf *b, struct module *m, struct sm__buf *err)
{
	m->btf = btf__parse_split(m->path, b->base);
	if (m->btf)
		return true;
	char why[128];
	sm__buf_printf(err, "cannot read module BTF from %s: %s (is it a module of the "
		       "kernel whose BTF is %s?)", m->path, btf_strerror(errno, why, sizeof why),
		       b->base_path);
	return false;
}

struct sm__btf *sm__btf_open(const char *const *paths, size_t n, struct sm__buf *err)
{
	libbpf_set_print(quiet);
	struct sm__btf *b = sm__xcalloc(1, sizeof *b);
	const char *base = NULL;
	for (size_t k = 0; k < n; k++) {
		if (ends_with(paths[k], ".ko")) {
			add_module(b, module_name(paths[k]), sm__xstrndup(paths[k], strlen(paths[k])),
				   true);
		} else if (base) {
			sm__buf_printf(err, "two kernel BTF files: %s and %s (a module's file "
				       "must end in .ko)", base, paths[k]);
			sm__btf_free(b);
			return NULL;
		} else {
			base = paths[k];
		}
	}
	bool ok;
	if (base) {
		ok = read_base(b, base, false, err);
	} else {
		const char *dir = getenv("SPECMON_BTF_DIR");
		dir = dir && *dir ? dir : "/sys/kernel/btf";
		b->sysfs = sm__xstrndup(dir, strlen(dir));
		struct sm__buf path = {0};
		sm__buf_printf(&path, "%s/vmlinux", dir);
		ok = read_base(b, path.data, true, err);
		sm__buf_free(&path);
	}
	for (size_t k = 0; ok && k < b->nmods; k++)
		ok = read_given_module(b, &b->mods[k], err);
	if (!ok) {
		sm__btf_free(b);
		return NULL;
	}
	return b;
}

/* The running kernel's loaded modules, listed once (read when searched). */
static void scan_loaded(struct sm__btf *b)
{
	if (b->scanned || !b->sysfs)
		return;
	b->scanned = true;
	DIR *dir = opendir(b->sysfs);
	if (!dir)
		return;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "vmlinux") == 0)
			continue;
		bool given = false;
		for (size_t k = 0; k < b->nmods; k++)
			given |= b->mods[k].given && strcmp(b->mods[k].name, de->d_name) == 0;
		if (given)
			continue;
		struct sm__buf path = {0};
		sm__buf_printf(&path, "%s/%s", b->sysfs, de->d_name);
		add_module(b, sm__xstrndup(de->d_name, strlen(de->d_name)), path.data, false);
	}
	closedir(dir);
}

bool sm__btf_find_func(struct sm__btf *b, const char *name, struct sm__btf_func *out)
{
	int id = btf__find_by_name_kind(b->base, name, BTF_KIND_FUNC);
	if (id > 0) {
		*out = (struct sm__btf_func){b->base, id, NULL};
		return true;
	}
	scan_loaded(b);
	for (size_t k = 0; k < b->nmods; k++) {
		struct module *m = &b->mods[k];
		/* A loaded module whose BTF cannot be read has no function for us. */
		if (!m->btf && !(m->btf = btf__parse_split(m->path, b->base)))
			continue;
		id = btf__find_by_name_kind(m->btf, name, BTF_KIND_FUNC);
		if (id > 0) {
			*out = (struct sm__btf_func){m->btf, id, m->name};
			return true;
		}
	}
	return false;
}

bool sm__btf_find_struct(struct sm__btf *b, const struct btf *first, const char *name,
			 const struct btf **btf, int *id)
{
	*btf = first;
	*id = btf__find_by_name_kind(first, name, BTF_KIND_STRUCT);
	scan_loaded(b);
	for (size_t k = 0; *id <= 0 && k < b->nmods; k++) {
		struct module *m = &b->mods[k];
		if (!m->btf && !(m->btf = btf__parse_split(m->path, b->base)))
			continue;
		*btf = m->btf;
		*id = btf__find_by_name_kind(m->btf, name, BTF_KIND_STRUCT);
	}
	return *id > 0;
}

void sm__btf_describe(const struct sm__btf *b, struct sm__buf *out)
{
	sm__buf_adds(out, b->base_path);
	size_t loaded = 0;
	for (size_t k = 0; k < b->nmods; k++) {
		if (b->mods[k].given)
			sm__buf_printf(out, ", %s", b->mods[k].path);
		else
			loaded++;
	}
	if (loaded)
		sm__buf_printf(out, " and %zu loaded module%s' (%s)", loaded, loaded == 1 ? "" : "s",
			       b->sysfs);
}

void sm__btf_free(struct sm__btf *b)
{
	if (!b)
		return;
	for (size_t k = 0; k < b->nmods; k++) {
		btf__free(b->mods[k].btf);
		free(b->mods[k].name);
		free(b->mods[k].path);
	}
	free(b->mods);
	btf__free(b->base);
	free(b->base_path);
	free(b->sysfs);
	free(b);
}

#else
/* ISO C wants something in a translation unit. */
typedef int sm__btf_unused;
#endif
