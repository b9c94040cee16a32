import ArcaSDK
import ArcaWire

/// A request as an audit entry records it (the `request` object). Plain values filled by the
/// pipeline; nothing here is hashed yet and nothing depends on HTTP.
package struct AuditRequest: Sendable, Equatable {
    package var id: String
    package var operation: Operation
    /// The full request path, mount point included (`secret/data/app`).
    package var path: String
    /// The request's data as the client sent it.
    package var data: [String: JSONValue]
    package var clientToken = ""
    package var clientTokenAccessor = ""
    /// Empty until the request is routed.
    package var mountType = ""
    package var mountAccessor = ""
    package var mountPoint = ""
    package var remoteAddress = ""
    package var remotePort = 0
    /// The response-wrapping TTL the client asked for, seconds (0: none).
    package var wrapTTL: Int64 = 0
    /// Request headers chosen for auditing, by lower-case name.
    package var headers: [String: [String]] = [:]

    package init(id: String, operation: Operation, path: String, data: [String: JSONValue] = [:]) {
        self.id = id
        self.operation = operation
        self.path = path
        self.data = data
    }

    /// Records where the request was routed.
    package mutating func route(to mount: MountInfo) {
        mountType = mount.type
        mountAccessor = mount.accessor
        mountPoint = mount.path
    }
}
