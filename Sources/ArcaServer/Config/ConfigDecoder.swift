import ArcaSDK
import HCL

/// Applies one parsed config file to a `ServerConfig`, rejecting unknown keys and wrong types
/// with the file, line and column of the offending item.
struct ConfigDecoder {
    let filename: String

    func fail(_ position: SourcePosition, _ message: String) -> ConfigError {
        ConfigError(message: "\(filename):\(position.line):\(position.column): \(message)")
    }

    func apply(_ body: HCLBody, to config: inout ServerConfig) throws {
        for attribute in body.attributes {
            let v = Value(attribute: attribute, decoder: self)
            switch attribute.name {
            case "api_addr": config.apiAddress = try v.string()
            case "cluster_addr": config.clusterAddress = try v.string()
            case "ui": config.ui = try v.bool()
            case "disable_mlock": config.disableMlock = try v.bool()
            case "disable_core_dump_protection": config.disableCoreDumpProtection = try v.bool()
            case "default_lease_ttl": config.defaultLeaseTTL = try v.duration()
            case "max_lease_ttl": config.maxLeaseTTL = try v.duration()
            case "log_level":
                let level = try v.string()
                guard LogLevelBox.parse(level) != nil else {
                    throw fail(attribute.position, "log_level '\(level)' is not one of trace, debug, info, warn, error")
                }
                config.logLevel = level
            case "cluster_name": config.clusterName = try v.string()
            case "unsafe_allow_api_audit_creation": config.unsafeAllowAPIAuditCreation = try v.bool()
            case "allow_audit_log_prefixing": config.allowAuditLogPrefixing = try v.bool()
            default:
                throw fail(attribute.position, "unknown configuration key '\(attribute.name)'")
            }
        }
        for block in body.blocks {
            switch block.type {
            case "listener": config.listeners.append(try listener(block))
            case "storage", "backend":
                if config.storage != nil {
                    throw fail(block.position, "only one storage stanza may be given")
                }
                config.storage = try storage(block)
            case "seal": config.seals.append(try seal(block))
            case "audit": config.auditDevices += try audit(block, after: config.auditDevices)
            case "user_lockout": try userLockout(block, into: &config)
            default:
                throw fail(block.position, "unknown configuration stanza '\(block.type)'")
            }
        }
    }

    private func label(_ block: HCLBlock) throws -> String {
        guard block.labels.count == 1 else {
            throw fail(block.position, "\(block.type) stanza needs exactly one type label, as in \(block.type) \"TYPE\" { }")
        }
        return block.labels[0]
    }

    private func listener(_ block: HCLBlock) throws -> ListenerConfig {
        let type = try label(block)
        guard type == "tcp" else { throw fail(block.position, "unsupported listener type '\(type)' (supported: tcp)") }
        var l = ListenerConfig()
        for attribute in block.body.attributes {
            let v = Value(attribute: attribute, decoder: self)
            switch attribute.name {
            case "address": l.address = try v.string()
            case "tls_disable": l.tlsDisable = try v.bool()
            case "tls_cert_file": l.tlsCertFile = try v.string()
            case "tls_key_file": l.tlsKeyFile = try v.string()
            case "tls_min_version":
                l.tlsMinVersion = try v.string()
                guard ["tls12", "tls13"].contains(l.tlsMinVersion) else {
                    throw fail(attribute.valuePosition, "tls_min_version must be \"tls12\" or \"tls13\"")
                }
            default:
                guard try applyLimit(attribute, to: &l) else {
                    throw fail(attribute.position, "unknown listener key '\(attribute.name)'")
                }
            }
        }
        do {
            _ = try l.hostAndPort()
        } catch let e as ConfigError {
            throw fail(block.position, e.message)
        }
        if let nested = block.body.blocks.first { throw fail(nested.position, "unexpected stanza in listener") }
        return l
    }

    private func storage(_ block: HCLBlock) throws -> StorageConfig {
        let type = try label(block)
        var s = StorageConfig(type: type, path: nil)
        for attribute in block.body.attributes {
            let v = Value(attribute: attribute, decoder: self)
            switch (type, attribute.name) {
            case ("sqlite", "path"): s.path = try v.string()
            case ("sqlite", _), ("inmem", _):
                throw fail(attribute.position, "unknown key '\(attribute.name)' for storage \"\(type)\"")
            default:
                throw fail(block.position, "unknown storage type '\(type)' (supported: sqlite, inmem)")
            }
        }
        if !["sqlite", "inmem"].contains(type) {
            throw fail(block.position, "unknown storage type '\(type)' (supported: sqlite, inmem)")
        }
        if type == "sqlite", (s.path ?? "").isEmpty { throw fail(block.position, "storage \"sqlite\" needs a 'path'") }
        return s
    }

    private func seal(_ block: HCLBlock) throws -> SealStanza {
        let type = try label(block)
        var settings: [String: String] = [:]
        var disabled = false
        for attribute in block.body.attributes {
            let v = Value(attribute: attribute, decoder: self)
            if attribute.name == "disabled" {
                disabled = try v.bool()
            } else {
                settings[attribute.name] = try v.scalarText()
            }
        }
        return SealStanza(type: type, disabled: disabled, settings: settings)
    }

    /// One attribute's value with typed, positioned reads.
    struct Value {
        let attribute: HCLAttribute
        let decoder: ConfigDecoder

        private func wrongType(_ expected: String) -> ConfigError {
            decoder.fail(attribute.valuePosition, "'\(attribute.name)' must be \(expected)")
        }

        func string() throws -> String {
            guard case .string(let s) = attribute.value else { throw wrongType("a string") }
            return s
        }

        /// Vault accepts `true`, `"true"`, `1` and `"1"` for booleans.
        func bool() throws -> Bool {
            switch attribute.value {
            case .bool(let b): return b
            case .string(let s) where ["true", "1"].contains(s.lowercased()): return true
            case .string(let s) where ["false", "0", ""].contains(s.lowercased()): return false
            case .number(let n) where n.int64 == 0 || n.int64 == 1: return n.int64 == 1
            default: throw wrongType("a boolean")
            }
        }

        /// A duration string (`"768h"`) or a number of seconds.
        func duration() throws -> Int64 {
            switch attribute.value {
            case .number(let n):
                guard let v = n.int64, v >= 0 else { throw wrongType("a duration such as \"768h\"") }
                return v
            case .string(let s):
                guard let v = DurationParser.seconds(s) else { throw wrongType("a duration such as \"768h\"") }
                return v
            default: throw wrongType("a duration such as \"768h\"")
            }
        }

        func scalarText() throws -> String {
            switch attribute.value {
            case .string(let s): return s
            case .bool(let b): return b ? "true" : "false"
            case .number(let n): return n.literal
            default: throw wrongType("a string")
            }
        }
    }
}
