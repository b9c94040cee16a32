import ArcaStorage

/// Opens the physical backend a `storage` stanza names.
package enum StorageFactory {
    package static func open(_ config: StorageConfig) async throws -> any PhysicalBackend {
        switch config.type {
        case "inmem":
            return InMemoryBackend()
        case "sqlite":
            guard let path = config.path, !path.isEmpty else {
                throw ConfigError(message: "storage \"sqlite\": 'path' is required")
            }
            return try await SQLiteBackend.open(path: path)
        default:
            throw ConfigError(message: "unknown storage type '\(config.type)' (supported: sqlite, inmem)")
        }
    }
}
