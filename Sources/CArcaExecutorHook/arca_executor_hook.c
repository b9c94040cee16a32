#include "arca_executor_hook.h"

// Defined by the Swift concurrency runtime (libswift_Concurrency): when set, every job enqueued
// on the global executor goes to this function instead of the default thread pool.
extern void *swift_task_enqueueGlobal_hook;

bool arca_install_enqueue_global_hook(const void *hook) {
    void *expected = 0;
    return __atomic_compare_exchange_n(&swift_task_enqueueGlobal_hook, &expected, (void *)hook, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

bool arca_enqueue_global_hook_is_set(void) {
    return __atomic_load_n(&swift_task_enqueueGlobal_hook, __ATOMIC_SEQ_CST) != 0;
}
