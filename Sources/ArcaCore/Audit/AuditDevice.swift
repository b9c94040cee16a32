/// Somewhere audit entries go: a file, a socket, syslog. The broker formats each entry per
/// device (salt, hashing options, format) and hands the device finished lines.
///
/// A device that owns a file descriptor or a connection is an actor, so that one entry is
/// written whole before the next begins.
package protocol AuditDevice: Sendable {
    /// Writes one complete entry: the bytes end with a newline. Throws when the entry could not
    /// be recorded; the broker then counts this device as failed for the entry.
    func write(_ line: [UInt8]) async throws

    /// Closes and reopens the underlying file or connection (SIGHUP, for log rotation).
    func reopen() async throws

    /// Releases the file or connection; called when the device is disabled or the core seals.
    func close() async
}

/// Makes a device from its table entry; throws `LogicalError.invalidRequest` for bad options.
package typealias AuditDeviceMaker = @Sendable (AuditDeviceEntry) async throws -> any AuditDevice
