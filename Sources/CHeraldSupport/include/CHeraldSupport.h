#ifndef CHERALD_SUPPORT_H
#define CHERALD_SUPPORT_H

/// Atomically exchanges two existing paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. ENOSYS, EINVAL on filesystems without support).
int herald_exchange_paths(const char *first, const char *second);

#endif
