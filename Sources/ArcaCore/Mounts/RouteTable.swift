import ArcaSDK

/// An immutable snapshot of the mounted backends, matched by longest mount-path prefix.
package struct RouteTable: Sendable {
    package struct Route: Sendable {
        package var entry: MountEntry
        package var backend: any Backend
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
