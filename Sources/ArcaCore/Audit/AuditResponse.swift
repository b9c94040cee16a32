import ArcaSDK
import ArcaWire

/// A backend's answer as an audit entry records it (the `response` object).
package struct AuditResponse: Sendable, Equatable {
    package var mountType = ""
    package var mountAccessor = ""
    package var mountPoint = ""
    package var data: [String: JSONValue] = [:]
    /// The auth block of a login or token creation.
    package var auth: AuditAuth?
    /// The lease of a dynamic secret (`secret.lease_id`).
    package var leaseID = ""
    /// `token`, `accessor`, `ttl`, `creation_time`, `creation_path`, `wrapped_accessor` of a wrapped response.
    package var wrapInfo: [String: JSONValue]?
    package var warnings: [String] = []

    package init() {}

    /// The response of a request routed to `mount` (`nil` response: nothing but the mount).
    package init(_ response: LogicalResponse?, mount: AuditRequest) {
        mountType = mount.mountType
        mountAccessor = mount.mountAccessor
        mountPoint = mount.mountPoint
        guard let response else { return }
        data = response.data ?? [:]
        auth = response.auth.map(AuditAuth.init(wire:))
        warnings = response.warnings
        leaseID = response.secret?.leaseID ?? ""
        wrapInfo = response.wrapInfo
    }
}
