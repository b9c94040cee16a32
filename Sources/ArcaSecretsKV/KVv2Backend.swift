import ArcaSDK
import ArcaWire
import FoundationEssentials

/// KV version 2: versioned secrets with check-and-set, soft delete, undelete and destroy.
struct KVv2Backend: Sendable {
    let now: @Sendable () -> Date
    /// One writer per key: a write reads the metadata and writes the next version, so two
    /// concurrent writes must not both become version N+1 (nor both pass the same check-and-set).
    let locks = KeyedLock()
    /// Metadata already parsed (not secret data: versions are parsed on every read).
    let decodedMetadata = DecodedCache<KVMetadata>(limit: 4096)

    enum Fields {
        static let maxVersions = Field<Int>("max_versions", description: "Versions to keep per key (0: 10).")
        static let casRequired = Field<Bool>("cas_required", description: "Require check-and-set on every write.")
        static let deleteVersionAfter = Field<Int>(
            "delete_version_after", .durationSeconds, description: "Soft-delete versions this long after writing.")
        /// The mount's default, which OpenBao lets be negative (no soft-delete, as 0).
        static let defaultDeleteVersionAfter = Field<Int>(
            "delete_version_after", .signedDurationSeconds, description: "Soft-delete versions this long after writing.")
        static let customMetadata = Field<[String: JSONValue]>("custom_metadata", description: "String pairs kept with the key.")
        static let data = Field<[String: JSONValue]>("data", description: "The secret's key/value pairs.")
        static let options = Field<[String: JSONValue]>("options", description: "Write options, such as cas.")
        static let version = Field<Int>("version", description: "The version to read (0: latest).")
        static let versions = Field<[String]>("versions", description: "Versions to act on.")
        static let depth = Field<Int>("depth", description: "How deep subkeys descends (0: all).")
    }

    var router: PathRouter {
        PathRouter(
            paths: [
                Path(
                    "config", fields: [Fields.maxVersions.spec, Fields.casRequired.spec, Fields.defaultDeleteVersionAfter.spec],
                    operations: [.read: readConfig, .update: writeConfig], synopsis: "Configure the mount's defaults."),
                Path(
                    "data/{path*}", fields: [Fields.data.spec, Fields.options.spec, Fields.version.spec],
                    operations: [.read: readData, .create: writeData, .update: writeData, .patch: patchData, .delete: deleteLatest],
                    existenceCheck: exists, synopsis: "Read and write versions of a secret."),
                Path(
                    "delete/{path*}", fields: [Fields.versions.spec], operations: [.update: softDelete],
                    synopsis: "Soft-delete versions."),
                Path(
                    "undelete/{path*}", fields: [Fields.versions.spec], operations: [.update: undelete],
                    synopsis: "Restore soft-deleted versions."),
                Path(
                    "destroy/{path*}", fields: [Fields.versions.spec], operations: [.update: destroy],
                    synopsis: "Permanently remove versions' data."),
                Path(
                    "metadata/{path*}",
                    fields: [
                        Fields.maxVersions.spec, Fields.casRequired.spec, Fields.deleteVersionAfter.spec,
                        Fields.customMetadata.spec,
                    ] + ListPage.fields,
                    operations: [
                        .read: readMetadata, .create: writeMetadata, .update: writeMetadata, .patch: writeMetadata,
                        .delete: deleteMetadata, .list: listMetadata,
                    ],
                    existenceCheck: exists, synopsis: "Key metadata and settings; list keys."),
                Path(
                    "subkeys/{path*}", fields: [Fields.version.spec, Fields.depth.spec], operations: [.read: subkeys],
                    synopsis: "A secret's structure with values replaced by null."),
            ],
            cleanup: { [decodedMetadata] in decodedMetadata.removeAll() },
            releaseCaches: { [decodedMetadata] in decodedMetadata.removeAll() },
            help: "KV version 2 keeps versions of each secret, with check-and-set, soft delete and destroy.")
    }

    func store(_ req: LogicalRequest) -> KVStore { KVStore(storage: req.storage, decoded: decodedMetadata) }
    func timestamp() -> String { now().rfc3339Nano }

    static func key(_ f: FieldData) throws -> String {
        let key = (f.raw["path"]?.stringValue ?? "")
        guard !key.isEmpty else { throw LogicalError.invalidRequest("missing path") }
        return key
    }

    @Sendable func exists(_ req: LogicalRequest, _ f: FieldData) async throws -> Bool {
        try await store(req).metadata(f.raw["path"]?.stringValue ?? "") != nil
    }

    // MARK: config

    @Sendable func readConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        .data(try await store(req).config().wireJSON.objectValue ?? [:])
    }

    @Sendable func writeConfig(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var c = try await store(req).config()
        if let v = try f.ifPresent(Fields.maxVersions) { c.maxVersions = v }
        if let v = try f.ifPresent(Fields.casRequired) { c.casRequired = v }
        if let v = try f.ifPresent(Fields.defaultDeleteVersionAfter) { c.deleteVersionAfter = v }
        try await store(req).putConfig(c)
        return nil
    }

    // MARK: data

    func versionMetadata(_ m: KVMetadata, _ n: Int) -> [String: JSONValue] {
        let v = m.versions[n] ?? KVVersion(createdTime: "")
        return [
            "created_time": .string(v.createdTime), "deletion_time": .string(v.deletionTime),
            "destroyed": .bool(v.destroyed), "version": .int(n),
            "custom_metadata": m.customMetadata.isEmpty ? .null : .object(m.customMetadata.mapValues(JSONValue.string)),
        ]
    }

    @Sendable func readData(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        guard let m = try await store(req).metadata(key) else { return nil }
        let requested = try f[Fields.version]
        // As in OpenBao, zero or a negative version reads the latest.
        let n = requested <= 0 ? m.currentVersion : requested
        guard let v = m.versions[n] else { return nil }
        let meta = versionMetadata(m, n)
        if v.destroyed || v.isDeleted(now: timestamp()) {
            // Vault answers 404 but still shows the version's metadata.
            var response = LogicalResponse.data(["data": .null, "metadata": .object(meta)])
            response.status = 404
            return response
        }
        guard let data = try await store(req).version(key, n) else { return nil }
        return .data(["data": data, "metadata": .object(meta)])
    }

    @Sendable func writeData(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        guard let data = try f.ifPresent(Fields.data) else {
            throw LogicalError.invalidRequest("no data provided")
        }
        let options = try f[Fields.options]
        return try await locks.withLock(key) { try await writeVersion(req, key: key, data: data, options: options) }
    }

    func writeVersion(_ req: LogicalRequest, key: String, data: [String: JSONValue], options: [String: JSONValue])
        async throws -> LogicalResponse
    {
        let kv = store(req)
        let config = try await kv.config()
        let time = timestamp()
        var m = try await kv.metadata(key) ?? KVMetadata(createdTime: time)
        let cas = try Self.checkAndSet(options)
        if config.casRequired || m.casRequired, cas == nil {
            throw LogicalError.invalidRequest("check-and-set parameter required for this call")
        }
        if let cas, cas != m.currentVersion {
            throw LogicalError.invalidRequest("check-and-set parameter did not match the current version")
        }
        let n = m.currentVersion + 1
        m.currentVersion = n
        m.updatedTime = time
        var version = KVVersion(createdTime: time)
        let after = m.deleteVersionAfter > 0 ? m.deleteVersionAfter : config.deleteVersionAfter
        if after > 0 { version.deletionTime = now().addingTimeInterval(Double(after)).rfc3339Nano }
        m.versions[n] = version
        var writes = [kv.versionWrite(key, n, .object(data))]
        writes += trim(kv, key, &m, config: config)
        writes.append(kv.metadataWrite(key, m))
        try await kv.commit(writes, keeping: m)
        return .data(versionMetadata(m, n))
    }

    /// The `cas` write option: absent (or null) is none; anything but an integer is refused, as
    /// OpenBao refuses it, rather than being read as no check at all.
    static func checkAndSet(_ options: [String: JSONValue]) throws -> Int? {
        guard let raw = options["cas"], raw != .null else { return nil }
        guard let cas = try? Int.coerce(raw, as: .int) else {
            throw LogicalError.invalidRequest("error parsing check-and-set parameter")
        }
        return cas
    }

    /// Drops the oldest versions beyond max_versions (key setting, else mount, else 10), with
    /// Vault's bookkeeping: `oldest_version` stays 0 until the version count first reaches the
    /// limit, then becomes the first version kept (`current - limit + 1`). Returns the deletions.
    func trim(_ kv: KVStore, _ key: String, _ m: inout KVMetadata, config: KVConfig) -> [StorageWrite] {
        let limit = m.maxVersions > 0 ? m.maxVersions : (config.maxVersions > 0 ? config.maxVersions : KVConfig.defaultMaxVersions)
        guard m.currentVersion - m.oldestVersion >= limit else { return [] }
        let cut = m.currentVersion - limit
        var deletions: [StorageWrite] = []
        for n in m.versions.keys.sorted() where n <= cut {
            m.versions[n] = nil
            deletions.append(kv.versionDeletion(key, n))
        }
        m.oldestVersion = cut + 1
        return deletions
    }

    @Sendable func patchData(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        guard let patch = try f.ifPresent(Fields.data) else { throw LogicalError.invalidRequest("no data provided") }
        let options = try f[Fields.options]
        return try await locks.withLock(key) { try await patchVersion(req, key: key, patch: patch, options: options) }
    }

    func patchVersion(_ req: LogicalRequest, key: String, patch: [String: JSONValue], options: [String: JSONValue])
        async throws -> LogicalResponse
    {
        let kv = store(req)
        guard let m = try await kv.metadata(key), let v = m.versions[m.currentVersion], !v.destroyed,
            !v.isDeleted(now: timestamp()), case .object(let current)? = try await kv.version(key, m.currentVersion)
        else { throw LogicalError.coded(status: 404, message: "") }
        var options = options
        let mountRequiresCAS = try await kv.config().casRequired
        if options["cas"] == nil, m.casRequired || mountRequiresCAS {
            throw LogicalError.invalidRequest("check-and-set parameter required for this call")
        }
        if options["cas"] == nil { options["cas"] = .int(m.currentVersion) }
        return try await writeVersion(req, key: key, data: JSONMergePatch.apply(patch, to: current), options: options)
    }

    @Sendable func deleteLatest(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        let kv = store(req)
        try await locks.withLock(key) {
            guard var m = try await kv.metadata(key), m.currentVersion > 0, var v = m.versions[m.currentVersion] else { return }
            if v.deletionTime.isEmpty || !v.isDeleted(now: timestamp()) { v.deletionTime = timestamp() }
            m.versions[m.currentVersion] = v
            try await kv.putMetadata(key, m)
        }
        return nil
    }

    func versionNumbers(_ f: FieldData) throws -> [Int] {
        let raw = try f[Fields.versions]
        guard !raw.isEmpty else { throw LogicalError.invalidRequest("no version number provided") }
        return try raw.map {
            guard let n = Int($0) else { throw LogicalError.invalidRequest("invalid version number '\($0)'") }
            return n
        }
    }

    /// Changes the listed versions' metadata; `change` returns the writes it needs besides the
    /// metadata (destroy's deletions), which land in the same commit, before the metadata.
    func updateVersions(_ req: LogicalRequest, _ f: FieldData, _ change: @escaping @Sendable (inout KVVersion, Int) -> [StorageWrite])
        async throws -> LogicalResponse?
    {
        let key = try Self.key(f)
        let numbers = try versionNumbers(f)
        let kv = store(req)
        try await locks.withLock(key) {
            guard var m = try await kv.metadata(key) else { return }
            var writes: [StorageWrite] = []
            for n in numbers {
                guard var v = m.versions[n] else { continue }
                writes += change(&v, n)
                m.versions[n] = v
            }
            try await kv.commit(writes + [kv.metadataWrite(key, m)], keeping: m)
        }
        return nil
    }

    @Sendable func softDelete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let time = timestamp()
        return try await updateVersions(req, f) { v, _ in
            if !v.destroyed && !v.isDeleted(now: time) { v.deletionTime = time }
            return []
        }
    }

    @Sendable func undelete(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await updateVersions(req, f) { v, _ in
            if !v.destroyed { v.deletionTime = "" }
            return []
        }
    }

    @Sendable func destroy(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        let kv = store(req)
        return try await updateVersions(req, f) { v, n in
            v.destroyed = true
            return [kv.versionDeletion(key, n)]
        }
    }

    // MARK: metadata

    @Sendable func readMetadata(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let m = try await store(req).metadata(try Self.key(f)) else { return nil }
        return .data(m.wireJSON.objectValue ?? [:])
    }

    @Sendable func writeMetadata(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        let kv = store(req)
        let maxVersions = try f.ifPresent(Fields.maxVersions), casRequired = try f.ifPresent(Fields.casRequired)
        let deleteAfter = try f.ifPresent(Fields.deleteVersionAfter), custom = try f.ifPresent(Fields.customMetadata)
        let isPatch = req.operation == .patch
        try await locks.withLock(key) {
            let existing = try await kv.metadata(key)
            if isPatch, existing == nil { throw LogicalError.coded(status: 404, message: "") }
            var m = existing ?? KVMetadata(createdTime: timestamp())
            if let maxVersions { m.maxVersions = maxVersions }
            if let casRequired { m.casRequired = casRequired }
            if let deleteAfter { m.deleteVersionAfter = deleteAfter }
            if let custom {
                let pairs = custom.compactMapValues(\.stringValue)
                m.customMetadata = isPatch ? m.customMetadata.merging(pairs) { $1 } : pairs
            }
            m.updatedTime = timestamp()
            m.currentMetadataVersion += 1
            // As in Vault, a lower max_versions takes effect at the next data write.
            try await kv.putMetadata(key, m)
        }
        return nil
    }

    @Sendable func deleteMetadata(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        let key = try Self.key(f)
        let kv = store(req)
        try await locks.withLock(key) {
            if let m = try await kv.metadata(key) { try await kv.deleteAll(key, m) }
        }
        return nil
    }

    @Sendable func listMetadata(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        var prefix = f.raw["path"]?.stringValue ?? ""
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        // The page is read as such (`after`, `limit`): a seek, not a listing of the whole folder.
        let keys = try await store(req).list(prefix, after: try f[ListPage.after], limit: try f[ListPage.limit])
        return keys.isEmpty ? nil : .list(keys)
    }

    @Sendable func subkeys(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let response = try await readData(req, f), response.status == nil, var data = response.data else { return nil }
        let depth = try f[Fields.depth]
        data["subkeys"] = Self.structure(data["data"] ?? .null, depth: depth == 0 ? Int.max : depth)
        data["data"] = nil
        return .data(data)
    }

    static func structure(_ v: JSONValue, depth: Int) -> JSONValue {
        guard case .object(let o) = v else { return .null }
        return .object(o.mapValues { child in
            if depth > 1, case .object = child { return structure(child, depth: depth - 1) }
            return .null
        })
    }
}

/// RFC 7386 JSON merge patch.
enum JSONMergePatch {
    static func apply(_ patch: [String: JSONValue], to target: [String: JSONValue]) -> [String: JSONValue] {
        var result = target
        for (k, v) in patch {
            if v == .null {
                result[k] = nil
            } else if case .object(let inner) = v, case .object(let existing)? = result[k] {
                result[k] = .object(apply(inner, to: existing))
            } else if case .object(let inner) = v {
                result[k] = .object(apply(inner, to: [:]))
            } else {
                result[k] = v
            }
        }
        return result
    }
}
