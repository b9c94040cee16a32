#include "arca_executor_hook.h"

// Defined by the Swift concurrency runtime (libswift_Concurrency): when set, every job enqueued
// on the global executor goes to this function instead of the default thread pool.
extern void *swift_task_enqueueGlobal_hook;

// The runtime's executor reference: an identity and an implementation word; both zero is the
// generic executor (no isolation), which is what its default thread pool runs global jobs on.
typedef struct {
    void *identity;
    unsigned long implementation;
} arca_serial_executor_ref;

// Defined by the Swift concurrency runtime; runs one job on the given executor (Swift calling
// convention, which passes the executor reference as its two words).
extern __attribute__((swiftcall)) void swift_job_run(void *job, arca_serial_executor_ref executor);

void arca_run_job_on_generic_executor(void *job) {
    arca_serial_executor_ref generic = {0, 0};
    swift_job_run(job, generic);
}

bool arca_install_enqueue_global_hook(const void *hook) {
    void *expected = 0;
    return __atomic_compare_exchange_n(&swift_task_enqueueGlobal_hook, &expected, (void *)hook, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

bool arca_enqueue_global_hook_is_set(void) {
    return __atomic_load_n(&swift_task_enqueueGlobal_hook, __ATOMIC_SEQ_CST) != 0;
}
