import ArcaCore
import ArcaCrypto
import ArcaSDK
import ArcaSeals

#if canImport(Glibc)
import Glibc
#endif

/// Turns the `seal` stanzas of the config into the seal in use and, for a migration, the seal the
/// stored root key is still wrapped with (`disabled = "true"`). No enabled stanza means Shamir.
enum SealSelection {
    struct Seals {
        var active: any Seal
        var previous: (any Seal)?
    }

    static func validate(_ stanzas: [SealStanza]) throws {
        if stanzas.filter({ !$0.disabled }).count > 1 {
            throw ConfigError(message: "only one seal stanza may be in use; mark the old one disabled = \"true\" to migrate")
        }
        if stanzas.filter(\.disabled).count > 1 {
            throw ConfigError(message: "only one seal stanza may be disabled (the seal to migrate from)")
        }
    }

    static func make(
        _ stanzas: [SealStanza], entropy: any EntropySource, http: any OutboundHTTPClient, environment: [String: String]
    ) throws -> Seals {
        try validate(stanzas)
        func build(_ stanza: SealStanza) throws -> any Seal {
            if stanza.type == ShamirSeal.typeName { return ShamirSeal(entropy: entropy) }
            do {
                return try SealCatalog.make(
                    type: stanza.type, settings: stanza.settings, environment: environment, http: http)
            } catch {
                throw ConfigError(message: "error configuring seal \"\(stanza.type)\": \(error)")
            }
        }
        let active = try stanzas.first(where: { !$0.disabled }).map(build) ?? ShamirSeal(entropy: entropy)
        let previous = try stanzas.first(where: \.disabled).map(build)
        return Seals(active: active, previous: previous)
    }

    /// The banner's "Seal" row: types only, never settings (they may hold credentials).
    static func describe(_ stanzas: [SealStanza]) -> String {
        let active = stanzas.first(where: { !$0.disabled })?.type ?? ShamirSeal.typeName
        guard let old = stanzas.first(where: \.disabled) else { return active }
        return "\(active) (migrating from \(old.type))"
    }
}

/// The process environment as a dictionary (seal settings fall back to it, as in Vault).
enum ProcessEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer = pointer.advanced(by: 1)
        }
        return result
    }
}
