import ArcaCrypto
import ArcaSDK
import ArcaWire
import FoundationEssentials
import Logging
import Synchronization

/// Owns the audit devices: the audit table in the barrier (`core/audit`), each device's salt
/// (`audit/<uuid>/salt`), and the open devices. Mutations are serialised by the actor; the
/// request path reads an immutable snapshot and never waits for them.
///
/// Devices come from the server config (`AuditSettings.declared`, created at unseal) and, only
/// when the config allows it, from `sys/audit/<path>`, as in OpenBao 2.x.
///
/// Fail closed: while any device is enabled, an entry counts as recorded when at least one
/// device wrote it, and an entry no device could write fails the request (`AuditError`).
package actor AuditBroker {
    static let tablePath = "core/audit"
    static func saltPath(_ uuid: String) -> String { "audit/\(uuid)/salt" }

    /// An enabled device with the formatter (salt, options) its entries go through.
    struct Active: Sendable {
        let entry: AuditDeviceEntry
        let device: any AuditDevice
        let formatter: AuditFormatter
    }

    let storage: any Storage
    let entropy: any EntropySource
    private let clock: any WallClock
    let logger: Logger
    private var makers: [String: AuditDeviceMaker] = AuditBroker.builtinTypes(AuditFileGuard())
    var settings = AuditSettings()
    var entries: [AuditDeviceEntry] = []
    private nonisolated let published = Mutex<[Active]>([])

    package init(storage: any Storage, entropy: any EntropySource, clock: any WallClock, logger: Logger) {
        self.storage = storage
        self.entropy = entropy
        self.clock = clock
        self.logger = logger
    }

    /// `file`, `socket` and `syslog`; file devices write only what `fileGuard` allows.
    static func builtinTypes(_ fileGuard: AuditFileGuard) -> [String: AuditDeviceMaker] {
        [
            "file": { entry in try FileAuditDevice(options: entry.options, guard: fileGuard) },
            "socket": { entry in try SocketAuditDevice(options: entry.options) },
            "syslog": { entry in try SyslogAuditDevice(options: entry.options) },
        ]
    }

    /// Takes the server config's audit settings; they apply from the next unseal (call before
    /// the first one). The composition root calls it once, before serving.
    package func configure(_ settings: AuditSettings) {
        self.settings = settings
        makers["file"] = Self.builtinTypes(settings.fileGuard)["file"]
    }

    /// Adds a device type (tests use this for devices that fail on demand).
    package func register(type: String, make: @escaping AuditDeviceMaker) { makers[type] = make }

    /// Whether any device is enabled, i.e. whether requests are audited at all.
    package nonisolated var isEnabled: Bool { published.withLock { !$0.isEmpty } }

    /// The audit table, in the order devices were enabled.
    package func list() -> [AuditDeviceEntry] { entries }

    static func normalise(_ path: String) -> String {
        var p = path
        while p.hasPrefix("/") { p.removeFirst() }
        if !p.hasSuffix("/") { p += "/" }
        return p
    }

    // MARK: - Table

    /// `sys/audit/<path>` enabling a device: refused, with OpenBao's text, unless the config sets
    /// `unsafe_allow_api_audit_creation` (dev mode does); a `prefix` needs `allow_audit_log_prefixing`.
    package func enableFromAPI(
        path: String, type: String, description: String, options: [String: String], local: Bool
    ) async throws {
        guard settings.allowAPICreation else {
            throw LogicalError.invalidRequest(
                "cannot enable audit device via API; use declarative, config-based audit device management instead")
        }
        if !settings.allowPrefixing, !(options["prefix"] ?? "").isEmpty {
            throw LogicalError.invalidRequest(Self.prefixRefusal)
        }
        try await enable(path: path, type: type, description: description, options: options, local: local)
    }

    /// OpenBao's answer to a `prefix` without `allow_audit_log_prefixing`.
    package static let prefixRefusal = "audit log prefixing is not allowed"

    /// `sys/audit/<path>` disabling a device: a device the config declares stays (OpenBao's text).
    package func disableFromAPI(path rawPath: String) async throws {
        if entries.contains(where: { $0.path == Self.normalise(rawPath) && $0.declared }) {
            throw LogicalError.invalidRequest("cannot disable configuration-managed audit device")
        }
        try await disable(path: rawPath)
    }

    /// Enables a device: checks its options, opens it, writes a test entry through it, then
    /// persists it. Nothing is persisted unless the device accepted the test entry.
    package func enable(path rawPath: String, type: String, description: String, options: [String: String], local: Bool)
        async throws
    {
        let path = Self.normalise(rawPath)
        guard path != "/" else { throw LogicalError.invalidRequest("audit path cannot be empty") }
        guard !type.isEmpty else { throw LogicalError.invalidRequest("backend type must be specified") }
        if entries.contains(where: { path.hasPrefix($0.path) || $0.path.hasPrefix(path) }) {
            throw LogicalError.invalidRequest("path already in use")
        }
        guard let make = makers[type] else { throw LogicalError.invalidRequest("unknown backend type: \"\(type)\"") }
        let entry = AuditDeviceEntry(
            path: path, type: type, description: description, options: options, local: local,
            uuid: UUIDString.random(entropy))
        let formatOptions = try AuditFormatOptions(options: options)
        let saltBytes = entropy.bytes(32)
        let salt = SecretBytes(saltBytes)
        let formatter = AuditFormatter(options: formatOptions, hasher: AuditHasher(salt: salt))
        let device = try await Self.open(entry, make)
        do {
            try await device.write(testLine(formatter))
        } catch {
            await device.close()
            throw LogicalError.invalidRequest("audit backend failed test message: \(error)")
        }
        do {
            try await storage.put(StorageEntry(key: Self.saltPath(entry.uuid), value: saltBytes))
            try await persist(entries + [entry])
        } catch {
            await device.close()
            try? await storage.delete(Self.saltPath(entry.uuid))
            throw error
        }
        published.withLock { $0.append(Active(entry: entry, device: device, formatter: formatter)) }
    }

    /// Disables the device at `path` (nothing happens when there is none) and forgets its salt.
    package func disable(path rawPath: String) async throws {
        let path = Self.normalise(rawPath)
        guard let entry = entries.first(where: { $0.path == path }) else { return }
        try await persist(entries.filter { $0.path != path })
        let removed = published.withLock { active -> Active? in
            guard let i = active.firstIndex(where: { $0.entry.path == path }) else { return nil }
            return active.remove(at: i)
        }
        if let removed {
            await removed.device.close()
            removed.formatter.hasher.zeroize()
        }
        try await storage.delete(Self.saltPath(entry.uuid))
    }

    func persist(_ candidate: [AuditDeviceEntry]) async throws {
        try await storage.putJSON(Self.tablePath, .array(candidate.map(\.json)))
        entries = candidate
    }

    /// A device from its entry, with its options errors as 400s.
    private static func open(_ entry: AuditDeviceEntry, _ make: AuditDeviceMaker) async throws -> any AuditDevice {
        do {
            return try await make(entry)
        } catch let error as LogicalError {
            throw error
        } catch {
            throw LogicalError.invalidRequest("sys/audit: failed to set up the \(entry.type) device: \(error)")
        }
    }

    /// The entry a device must accept before it is enabled (the same shape as Vault's).
    func testLine(_ formatter: AuditFormatter) -> [UInt8] {
        let request = AuditRequest(id: UUIDString.random(entropy), operation: .update, path: "sys/audit/test")
        return formatter.line(formatter.requestEntry(auth: AuditAuth(), request: request, error: nil, time: clock.now()))
    }

    // MARK: - Lifecycle

    /// Brings the table in line with the config's declared devices, then opens every device in
    /// it (after unseal). A device that cannot be set up is logged and skipped; if the table lists
    /// devices and none can be set up, unseal fails, since requests could not be audited.
    package func load() async throws {
        await unload()
        let stored = try await storage.getJSON(Self.tablePath)?.arrayValue ?? []
        entries = try stored.map(AuditDeviceEntry.init(json:))
        let created = try await reconcileDeclared()
        var active: [Active] = []
        var failures: [String] = []
        for entry in entries {
            do {
                guard let make = makers[entry.type] else { throw LogicalError.invalidRequest("unknown backend type") }
                let formatter = AuditFormatter(
                    options: try AuditFormatOptions(options: entry.options), hasher: AuditHasher(salt: try await salt(for: entry)))
                active.append(Active(entry: entry, device: try await make(entry), formatter: formatter))
            } catch {
                failures.append("\(entry.path): \(error)")
                logger.error("audit device could not be set up", metadata: ["path": "\(entry.path)", "error": "\(error)"])
            }
        }
        // A device the config declared for the first time gets the test entry enabling writes.
        for a in active where created.contains(a.entry.uuid) {
            do {
                try await a.device.write(testLine(a.formatter))
            } catch {
                logger.error("audit device failed its test entry", metadata: ["path": "\(a.entry.path)", "error": "\(error)"])
            }
        }
        published.withLock { $0 = active }
        if !entries.isEmpty, active.isEmpty { throw AuditError.noDeviceLoaded(failures: failures) }
    }

    private func salt(for entry: AuditDeviceEntry) async throws -> SecretBytes {
        if let stored = try await storage.get(Self.saltPath(entry.uuid)) { return SecretBytes(stored.value) }
        let fresh = entropy.bytes(32)
        try await storage.put(StorageEntry(key: Self.saltPath(entry.uuid), value: fresh))
        return SecretBytes(fresh)
    }

    /// Closes every device and drops the salts from memory (before seal).
    package func unload() async {
        let active = published.withLock { active -> [Active] in
            defer { active = [] }
            return active
        }
        for a in active {
            await a.device.close()
            a.formatter.hasher.zeroize()
        }
        entries = []
    }

    /// Reopens every device's file or connection (SIGHUP), so rotated logs continue at their
    /// configured paths. Returns the failures, which are also logged; a device that could not
    /// reopen fails its writes until it can.
    @discardableResult
    package func reload() async -> [String] {
        var failures: [String] = []
        for a in published.withLock({ $0 }) {
            do {
                try await a.device.reopen()
            } catch {
                failures.append("\(a.entry.path): \(error)")
                logger.error("audit device could not reopen", metadata: ["path": "\(a.entry.path)", "error": "\(error)"])
            }
        }
        return failures
    }

    // MARK: - Request path

    /// `input` hashed as the device at `path` hashes (`sys/audit-hash`).
    package nonisolated func hash(path rawPath: String, input: String) throws -> String {
        let path = Self.normalise(rawPath)
        guard let device = published.withLock({ $0.first(where: { $0.entry.path == path }) }) else {
            throw LogicalError.invalidRequest("unknown audit backend \"\(path)\"")
        }
        return device.formatter.hasher.hash(input)
    }

    /// Records a request entry on every device. Throws when devices are enabled and none wrote it.
    package nonisolated func logRequest(auth: AuditAuth, request: AuditRequest, error: String?) async throws {
        let failures = try await record { f, time in f.requestEntry(auth: auth, request: request, error: error, time: time) }
        if let failures { throw AuditError.requestNotRecorded(failures: failures) }
    }

    /// Records a response entry on every device. Throws when devices are enabled and none wrote it.
    package nonisolated func logResponse(
        auth: AuditAuth, request: AuditRequest, response: AuditResponse, error: String?
    ) async throws {
        let failures = try await record { f, time in
            f.responseEntry(auth: auth, request: request, response: response, error: error, time: time)
        }
        if let failures { throw AuditError.responseNotRecorded(failures: failures) }
    }

    /// Writes one entry to every device; the failures when none succeeded, else `nil`.
    private nonisolated func record(_ entry: (AuditFormatter, Date) -> JSONValue) async throws -> [String]? {
        let devices = published.withLock { $0 }
        guard !devices.isEmpty else { return nil }
        let time = clock.now()
        var failures: [String] = []
        for d in devices {
            do {
                try await d.device.write(d.formatter.line(entry(d.formatter, time)))
            } catch {
                failures.append("\(d.entry.path): \(error)")
                logger.error("audit device failed to record an entry", metadata: ["path": "\(d.entry.path)", "error": "\(error)"])
            }
        }
        return failures.count == devices.count ? failures : nil
    }
}
