#ifndef ARCA_EXECUTOR_HOOK_H
#define ARCA_EXECUTOR_HOOK_H

#include <stdbool.h>

/// Sets the Swift runtime's global-enqueue hook to `hook` if no hook is set yet; returns whether
/// it did. The hook is referenced at link time, so this works when the Swift runtime is linked
/// statically and its symbols are not exported (dlsym cannot find them there).
bool arca_install_enqueue_global_hook(const void *_Nonnull hook);

/// Whether any global-enqueue hook is set.
bool arca_enqueue_global_hook_is_set(void);

/// Runs `job` (a Swift concurrency job taken from the global-enqueue hook) on the current thread
/// as the runtime's own thread pool would: on the generic executor, with no task executor. A job
/// run this way may call nonisolated async functions without hopping: SwiftNIO's
/// `SelectableEventLoop` runs enqueued jobs on the loop's serial executor instead, so every such
/// call (the runtime sees a change of executor) went back through the loop's task queue.
void arca_run_job_on_generic_executor(void *_Nonnull job);

#endif
