/*
 * tracefs.h: `specmon watch`'s session in tracefs: its own instance
 * (instances/specmon-PID), the spec's kprobes defined in kprobe_events and
 * enabled in that instance only, its trace_pipe, and the undoing of all
 * of it.  A folder that is not tracefs (no TRACEFS_MAGIC: the tests' stand-
 * in, plain files) gets the instance's files made as plain files and its
 * trace_pipe as a FIFO, which the test writes.
 */
#ifndef SM_CLI_TRACEFS_H
#define SM_CLI_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

struct tfs {
	char *root;      /* the tracefs folder */
	char *instance;  /* root/instances/specmon-PID, once made */
	bool standin;    /* not a real tracefs */
	bool quiet;      /* --quiet: the probe lines' notes are not shown */
	char **kprobes;  /* "GROUP/NAME" defined by us, to remove */
	size_t nkprobes;
	char **enabled;  /* enable files we wrote 1 to */
	size_t nenabled;
	char **made;     /* stand-in files we made, to remove */
	size_t nmade;
};

/* Find tracefs: dir (NULL: $SPECMON_TRACEFS, then /sys/kernel/tracing,
 * then /sys/kernel/debug/tracing).  False after saying why on stderr. */
bool tfs_open(struct tfs *t, const char *dir);

/* Make the instance, define and enable the probes of `lines` (what
 * sm_spec_probes wrote).  False after saying why (what was done is undone
 * by tfs_close). */
bool tfs_arm(struct tfs *t, const char *lines);

/* The instance's trace_pipe, opened for reading (a FIFO waits for its
 * writer; a signal ends the wait: -1, errno EINTR).  -1 after saying why. */
int tfs_pipe(struct tfs *t);

/* Disable, remove the kprobes and the instance; say what could not be. */
void tfs_close(struct tfs *t);

#endif
