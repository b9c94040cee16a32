import CArcaExecutorHook
import NIOCore
import NIOPosix

/// Runs Swift Concurrency's global executor on SwiftNIO's event loops, so a request's async work
/// (pipeline, engines, storage) continues on the loop thread that read it instead of hopping to
/// the cooperative pool and back: on a pinned core each hop was a context switch (a KV read
/// spent about two thirds of its CPU on the pool's threads, measured with `perf`).
///
/// SwiftNIO's own installer finds the runtime's hook with `dlsym`, which fails in a release build
/// (the Swift runtime is linked statically and its symbols are not exported), so the hook is set
/// through a reference resolved at link time instead.
///
/// Must run on the main thread before any task starts. `ARCA_NIO_GLOBAL_EXECUTOR=0` keeps the
/// default executor (for comparison in benchmarks).
public enum GlobalExecutor {
    /// The runtime's hook type: the job, and the default enqueue it replaces.
    private typealias EnqueueHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    @discardableResult
    public static func installNIOEventLoops(environment: [String: String]) -> Bool {
        guard environment["ARCA_NIO_GLOBAL_EXECUTOR"] != "0" else { return false }
        let hook: EnqueueHook = { job, _ in
            // On one of the group's loops `any()` is that loop, so the job stays on its thread.
            // The job runs on the generic executor, as the runtime's pool would run it: the loop's
            // own `enqueue` would run it on the loop's serial executor, and then every call into a
            // nonisolated async function counts as a change of executor and goes back through the
            // loop's task queue (82 enqueues per KV read, counted with uprobes; 2 after).
            MultiThreadedEventLoopGroup.singleton.any().execute {
                arca_run_job_on_generic_executor(unsafeBitCast(job, to: UnsafeMutableRawPointer.self))
            }
        }
        return withUnsafePointer(to: hook) { pointer in
            pointer.withMemoryRebound(to: UnsafeRawPointer.self, capacity: 1) {
                arca_install_enqueue_global_hook($0.pointee)
            }
        }
    }

    /// Whether tasks run on the event loops (a global-enqueue hook is set).
    public static var isInstalled: Bool { arca_enqueue_global_hook_is_set() }
}
