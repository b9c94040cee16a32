import HCL

/// The `audit` stanzas (see `AuditStanza`).
extension ConfigDecoder {
    func audit(_ block: HCLBlock, after earlier: [AuditStanza]) throws -> [AuditStanza] {
        var stanzas: [AuditStanza] = []
        switch block.labels.count {
        case 2:
            stanzas.append(
                try device(type: block.labels[0], path: block.labels[1], block.body, at: block.position, openBaoForm: true))
        case 0:
            if let attribute = block.body.attributes.first {
                throw fail(
                    attribute.position,
                    "unexpected key '\(attribute.name)' in audit: name a device type, as in audit { file { path = \"...\" } }")
            }
            for nested in block.body.blocks {
                guard nested.labels.isEmpty else {
                    throw fail(
                        nested.position, "write audit \"\(nested.type)\" \"\(nested.labels[0])\" { ... } at the top level instead")
                }
                stanzas.append(try device(type: nested.type, path: nested.type, nested.body, at: nested.position, openBaoForm: false))
            }
        default:
            throw fail(
                block.position,
                "audit stanza needs a type and a path, as in audit \"file\" \"my-log\" { options { file_path = \"...\" } }")
        }
        var seen = earlier
        for stanza in stanzas {
            if seen.contains(where: { $0.path == stanza.path }) {
                throw fail(block.position, "two audit stanzas declare the path '\(stanza.path)'")
            }
            seen.append(stanza)
        }
        return stanzas
    }

    /// One device. In OpenBao's form the options are in an `options` block or map; in the short
    /// form every setting but `description` and `local` is an option.
    private func device(type: String, path rawPath: String, _ body: HCLBody, at position: SourcePosition, openBaoForm: Bool)
        throws -> AuditStanza
    {
        guard AuditStanza.types.contains(type) else {
            throw fail(position, "unknown audit device type '\(type)' (supported: file, socket, syslog)")
        }
        let path = String(rawPath.drop { $0 == "/" }.reversed().drop { $0 == "/" }.reversed())
        guard !path.isEmpty else { throw fail(position, "an audit device needs a non-empty path") }
        var stanza = AuditStanza(type: type, path: path)
        for attribute in body.attributes {
            let v = Value(attribute: attribute, decoder: self)
            switch attribute.name {
            case "description": stanza.description = try v.string()
            case "local": stanza.local = try v.bool()
            case "options" where openBaoForm:
                guard case .object(let inner) = attribute.value else { throw fail(attribute.valuePosition, "'options' must be a map") }
                try addOptions(inner, to: &stanza)
            default:
                guard !openBaoForm else {
                    throw fail(attribute.position, "unknown audit key '\(attribute.name)' (options go in an options block)")
                }
                stanza.options[attribute.name] = try v.scalarText()
            }
        }
        for nested in body.blocks {
            guard openBaoForm, nested.type == "options", nested.labels.isEmpty else {
                throw fail(nested.position, "unexpected stanza '\(nested.type)' in audit")
            }
            try addOptions(nested.body, to: &stanza)
        }
        if type == "file", (stanza.options["file_path"] ?? stanza.options["path"] ?? "").isEmpty {
            throw fail(position, "audit \"file\" \"\(path)\" needs a file_path option")
        }
        return stanza
    }

    private func addOptions(_ body: HCLBody, to stanza: inout AuditStanza) throws {
        for attribute in body.attributes {
            stanza.options[attribute.name] = try Value(attribute: attribute, decoder: self).scalarText()
        }
        if let nested = body.blocks.first { throw fail(nested.position, "audit options are plain settings") }
    }
}
