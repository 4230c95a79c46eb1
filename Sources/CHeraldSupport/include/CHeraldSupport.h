#ifndef CHERALD_SUPPORT_H
#define CHERALD_SUPPORT_H

// fts(3), for walking an output tree without a stat per entry (not in Swift's Glibc module).
#include <sys/types.h>
#include <sys/stat.h>
#include <fts.h>

/// Atomically exchanges two existing paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. ENOSYS, EINVAL on filesystems without support).
int herald_exchange_paths(const char *first, const char *second);

#endif
