import NIOCore
import NIOPosix

/// Runs Swift Concurrency's global executor on SwiftNIO's event loops, so a request's async work
/// (pipeline, engines, storage) continues on the loop thread that read it instead of hopping to
/// the cooperative pool and back: on a pinned core each hop was a context switch (a KV read
/// spent about two thirds of its CPU on the pool's threads, measured with `perf`).
///
/// Must run on the main thread before any task starts. `ARCA_NIO_GLOBAL_EXECUTOR=0` keeps the
/// default executor (for comparison in benchmarks).
public enum GlobalExecutor {
    @discardableResult
    public static func installNIOEventLoops(environment: [String: String]) -> Bool {
        guard environment["ARCA_NIO_GLOBAL_EXECUTOR"] != "0" else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
