import ArcaSDK

/// An immutable snapshot of the mounted backends, matched by longest mount-path prefix.
package struct RouteTable: Sendable {
    /// One mounted backend. A class, so matching a request hands out a reference instead of
    /// copying (and retaining every string of) the mount entry.
    package final class Route: Sendable {
        package let entry: MountEntry
        package let backend: any Backend
        /// `entry.storagePrefix`, computed once.
        package let storagePrefix: String

        package init(entry: MountEntry, backend: any Backend) {
            self.entry = entry
            self.backend = backend
            self.storagePrefix = entry.storagePrefix
        }
    }

    /// Sorted longest path first, so the first prefix hit is the longest.
    package let routes: [Route]

    package init(_ routes: [Route]) {
        self.routes = routes.sorted { $0.entry.path.count > $1.entry.path.count }
    }

    package static let empty = RouteTable([])

    /// The route for `path` and the path relative to its mount. `secret` matches `secret/`.
    package func match(_ path: String) -> (Route, String)? {
        for route in routes {
            let mount = route.entry.path
            if path.hasPrefix(mount) { return (route, String(path.dropFirst(mount.count))) }
            if path + "/" == mount { return (route, "") }
        }
        return nil
    }
}
