/*
 * kstub.h: a stand-in for the part of the Linux kernel's API that the
 * modules of `specmon gen kmod` use (src/gen/runtime/kmod.c.in and the
 * code kmod.c writes), declared with the kernel's types and signatures
 * (6.1, x86-64), so that `make check` compiles the generated glue with
 * -Wall -Wextra -Werror without a kernel tree.  Declarations only: nothing
 * here runs.  tests/kstub/linux/X.h include this file.
 */
#ifndef KSTUB_H
#define KSTUB_H

#define NULL ((void *)0)
typedef _Bool bool;
#define true 1
#define false 0
typedef unsigned long size_t;
typedef long ssize_t;
typedef signed char s8;
typedef unsigned char u8;
typedef short s16;
typedef unsigned short u16;
typedef int s32;
typedef unsigned int u32;
typedef long long s64;
typedef unsigned long long u64;
typedef u8 uint8_t;
typedef u16 uint16_t;
typedef u32 uint32_t;
typedef u64 uint64_t;
typedef s64 int64_t;
typedef int pid_t;
#define S64_MAX ((s64)(~0ULL >> 1))
#define S64_MIN (-S64_MAX - 1)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __init
#define __exit
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ENOENT 2
#define EINVAL 22

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_err(fmt, ...) printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(pr_fmt(fmt), ##__VA_ARGS__)
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define KBUILD_MODNAME "kstub"

int strcmp(const char *a, const char *b);
void *memset(void *s, int c, size_t n);
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);

struct pt_regs {
	unsigned long di, si, dx, cx, r8, r9, ax, sp, ip;
};
unsigned long regs_get_kernel_argument(struct pt_regs *regs, unsigned int n);
static inline unsigned long regs_return_value(struct pt_regs *regs)
{
	return regs->ax;
}

struct kprobe;
typedef int (*kprobe_pre_handler_t)(struct kprobe *, struct pt_regs *);
struct kprobe {
	void *addr;
	const char *symbol_name;
	kprobe_pre_handler_t pre_handler;
	unsigned long nmissed;
	u32 flags;
};
struct kretprobe_instance {
	char data[0];
};
typedef int (*kretprobe_handler_t)(struct kretprobe_instance *, struct pt_regs *);
struct kretprobe {
	struct kprobe kp;
	kretprobe_handler_t handler, entry_handler;
	int maxactive, nmissed;
	size_t data_size;
};
int register_kprobe(struct kprobe *p);
void unregister_kprobe(struct kprobe *p);
int register_kretprobe(struct kretprobe *rp);
void unregister_kretprobe(struct kretprobe *rp);

typedef struct { int locked; } spinlock_t;
#define DEFINE_SPINLOCK(x) spinlock_t x = {0}
#define spin_lock_irqsave(l, flags) ((flags) = 0, (void)(l))
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
struct mutex { int locked; };
#define DEFINE_MUTEX(x) struct mutex x = {0}
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);

u64 ktime_get_ns(void);
struct task_struct { pid_t pid; };
struct task_struct *get_current(void);
#define current get_current()
int raw_smp_processor_id(void);

extern unsigned long volatile jiffies;
unsigned long msecs_to_jiffies(unsigned int m);
struct timer_list { void (*function)(struct timer_list *); unsigned long expires; };
void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
int mod_timer(struct timer_list *t, unsigned long expires);
int del_timer_sync(struct timer_list *t);

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long action, void *data);
	struct notifier_block *next;
	int priority;
};
#define NOTIFY_DONE 0
enum module_state { MODULE_STATE_LIVE, MODULE_STATE_COMING, MODULE_STATE_GOING,
		    MODULE_STATE_UNFORMED };
struct module { enum module_state state; char name[56]; };
int register_module_notifier(struct notifier_block *nb);
int unregister_module_notifier(struct notifier_block *nb);

/* module_param(name, type, perm): the type names a check of the variable's. */
#define kstub_param_charp(v) ((void)sizeof((v) == (char *)0))
#define kstub_param_uint(v) ((void)sizeof((v) == 0u))
#define kstub_param_bool(v) ((void)sizeof((v) == false))
#define kstub_param_long(v) ((void)sizeof((v) == 0L))
#define module_param(name, type, perm) \
	static inline void kstub_param_##name(void) { kstub_param_##type(name); (void)(perm); }
#define MODULE_PARM_DESC(name, text) static const char kstub_desc_##name[] __attribute__((unused)) = text
int kstub_init(void);
void kstub_exit(void);
#define module_init(fn) int kstub_init(void) { return fn(); }
#define module_exit(fn) void kstub_exit(void) { fn(); }
#define MODULE_LICENSE(s) static const char kstub_license[] __attribute__((unused)) = s
#define MODULE_DESCRIPTION(s) static const char kstub_description[] __attribute__((unused)) = s

#endif
