#ifndef CHERALD_SUPPORT_H
#define CHERALD_SUPPORT_H

/// Atomically exchanges two existing paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. ENOSYS, EINVAL on filesystems without support).
int herald_exchange_paths(const char *first, const char *second);

/// Limits glibc's malloc to `count` arenas (mallopt M_ARENA_MAX, not in Swift's Glibc module); returns
/// 1 on success, 0 where it cannot be set.
int herald_limit_malloc_arenas(int count);

#endif
