import ArcaSDK
import ArcaWire

extension LogicalResponse {
    /// The response as Vault's envelope shows it. A wrapped response carries only `wrap_info`
    /// and, as in Vault, an empty request id.
    package func envelope(requestID: String) -> ResponseEnvelope {
        ResponseEnvelope(
            requestID: wrapInfo == nil ? requestID : "", leaseID: secret?.leaseID ?? "",
            renewable: secret?.renewable ?? false, leaseDuration: secret?.ttl ?? 0,
            data: data.map(JSONValue.object) ?? .null, wrapInfo: wrapInfo.map(JSONValue.object) ?? .null,
            warnings: warnings.isEmpty ? nil : warnings, auth: auth.map(JSONValue.object) ?? .null)
    }

    /// A response rebuilt from a stored envelope (an unwrapped response).
    package init(envelope: ResponseEnvelope) {
        self.init(
            data: envelope.data.objectValue, warnings: envelope.warnings ?? [], auth: envelope.auth.objectValue)
        if !envelope.leaseID.isEmpty || envelope.leaseDuration > 0 {
            var lease = SecretLease(type: "", ttl: envelope.leaseDuration, renewable: envelope.renewable)
            lease.leaseID = envelope.leaseID
            secret = lease
        }
    }
}
