#ifndef ARCA_EXECUTOR_HOOK_H
#define ARCA_EXECUTOR_HOOK_H

#include <stdbool.h>

/// Sets the Swift runtime's global-enqueue hook to `hook` if no hook is set yet; returns whether
/// it did. The hook is referenced at link time, so this works when the Swift runtime is linked
/// statically and its symbols are not exported (dlsym cannot find them there).
bool arca_install_enqueue_global_hook(const void *_Nonnull hook);

/// Whether any global-enqueue hook is set.
bool arca_enqueue_global_hook_is_set(void);

#endif
