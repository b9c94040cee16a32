import ArcaSDK
import Logging
import Synchronization

/// Calls every mounted backend's `periodic` about once a second while the core is unsealed, one
/// mount after the other, so a backend never runs two passes at once.
package final class PeriodicRunner: Sendable {
    static let interval = Duration.seconds(1)

    private let mounts: MountManager
    private let barrier: Barrier
    private let configuration: CoreConfiguration
    private let task = RepeatingTask(every: PeriodicRunner.interval, waitFirst: false)

    init(mounts: MountManager, barrier: Barrier, configuration: CoreConfiguration) {
        self.mounts = mounts
        self.barrier = barrier
        self.configuration = configuration
    }

    package func start() { task.start { [self] in await runOnce() } }

    package func stop() { task.stop() }

    /// One pass over every mount (tests call it directly).
    package func runOnce() async {
        for route in mounts.table.routes {
            if Task.isCancelled || barrier.isSealed { return }
            var request = LogicalRequest(
                id: "periodic", operation: .rollback, path: "", storage: barrier.view(route.entry.storagePrefix),
                mount: configuration.mountInfo(route.entry))
            request.passwords = PasswordPolicyStore(storage: barrier)
            do {
                try await route.backend.periodic(request)
            } catch {
                configuration.logger.warning(
                    "periodic function failed", metadata: ["mount": "\(route.entry.path)", "error": "\(error)"])
            }
        }
    }
}
