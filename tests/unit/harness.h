/*
 * harness.h: the unit-test harness.  TEST(name) defines and registers a
 * test; main.c runs each one in its own forked process (as libuv does), so
 * a crash or a sanitizer report fails that test alone.
 *
 *   TEST(lexer_reads_hex) { CHECK_INT(lex_one("0x10"), 16); }
 */
#ifndef SM_HARNESS_H
#define SM_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void harness_register(const char *name, const char *file, test_fn fn);
/* Path of ../shared (SHARED in the environment), or NULL when absent. */
const char *harness_shared(void);
/* fn(line, variant) for each variant of line with one byte of line[from..to]
 * replaced by one of `others` (none by itself): for the fast paths that
 * must read any line as their general path does. */
void harness_each_byte(const char *line, size_t from, size_t to, const char *others,
		       void (*fn)(const char *line, const char *variant));

#define TEST(name)                                                            \
	static void test_##name(void);                                        \
	__attribute__((constructor)) static void register_##name(void)         \
	{                                                                      \
		harness_register(#name, __FILE__, test_##name);                 \
	}                                                                      \
	static void test_##name(void)

#define HARNESS_SKIP_STATUS 77

#define SKIP(why)                                                             \
	do {                                                                   \
		printf("skipped: %s\n", why);                                  \
		exit(HARNESS_SKIP_STATUS);                                     \
	} while (0)

#define FAIL(...)                                                             \
	do {                                                                   \
		printf("%s:%d: ", __FILE__, __LINE__);                         \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		exit(1);                                                       \
	} while (0)

#define CHECK(cond)                                                           \
	do {                                                                   \
		if (!(cond))                                                   \
			FAIL("CHECK(%s) failed", #cond);                       \
	} while (0)

#define CHECK_INT(actual, expected)                                          \
	do {                                                                   \
		long long a_ = (long long)(actual), e_ = (long long)(expected);\
		if (a_ != e_)                                                  \
			FAIL("%s is %lld, expected %lld", #actual, a_, e_);    \
	} while (0)

#define CHECK_STR(actual, expected)                                          \
	do {                                                                   \
		const char *a_ = (actual), *e_ = (expected);                   \
		if (!a_ || strcmp(a_, e_) != 0)                                \
			FAIL("%s is\n\"%s\"\nexpected\n\"%s\"", #actual,        \
			     a_ ? a_ : "(null)", e_);                           \
	} while (0)

/* Compare a span (ptr, len) with a C string. */
#define CHECK_SPAN(ptr, len, expected)                                        \
	do {                                                                   \
		const char *e_ = (expected);                                   \
		size_t l_ = (len);                                             \
		if (l_ != strlen(e_) || memcmp((ptr), e_, l_) != 0)            \
			FAIL("%s is \"%.*s\", expected \"%s\"", #ptr, (int)l_,  \
			     (ptr) ? (const char *)(ptr) : "", e_);             \
	} while (0)

#endif
