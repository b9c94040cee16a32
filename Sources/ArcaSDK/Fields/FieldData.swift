public import ArcaWire

/// A request's fields, read through typed `Field` keys.
public struct FieldData: Sendable {
    /// The merged request data (body, query, URL captures).
    public let raw: [String: JSONValue]
    let specs: [String: FieldSpec]

    public init(raw: [String: JSONValue], specs: [FieldSpec]) {
        self.init(raw: raw, specsByName: Self.byName(specs))
    }

    /// `specs` keyed by name; of a repeated name, the first.
    static func byName(_ specs: [FieldSpec]) -> [String: FieldSpec] {
        Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// With the specs already keyed by name (a `Path` keeps them so, built once).
    init(raw: [String: JSONValue], specsByName: [String: FieldSpec]) {
        self.raw = raw
        self.specs = specsByName
    }

    /// The field's value: given, else its default, else the type's zero value.
    public subscript<T: FieldValue>(field: Field<T>) -> T {
        get throws {
            if let v = try ifPresent(field) { return v }
            if let d = field.spec.defaultValue { return try coerce(d, field) }
            return T.zero
        }
    }

    /// The field's value only when the request gave it (≈ Vault's `GetOk`).
    public func ifPresent<T: FieldValue>(_ field: Field<T>) throws -> T? {
        guard let v = raw[field.name], v != .null else { return nil }
        return try coerce(v, field)
    }

    private func coerce<T: FieldValue>(_ v: JSONValue, _ field: Field<T>) throws -> T {
        do {
            return try T.coerce(v, as: field.spec.type)
        } catch {
            throw LogicalError.invalidRequest("error converting input for field \"\(field.name)\": \(error.message)")
        }
    }

    /// Checks every given field against its type (Vault's `Validate`), before the handler runs so
    /// that a refused request changes nothing. OpenBao words the refusal "Field validation failed:
    /// error converting input …", except on a create or update of a path with an existence check
    /// (roles, users, KV metadata), where its handler's own read refuses the field, without the
    /// prefix: `prefixed` says which wording this request gets.
    func validate(prefixed: Bool = true) throws {
        for (name, value) in raw where value != .null {
            guard let spec = specs[name] else { continue }
            do {
                try spec.validate(value)
            } catch let e as FieldCoercionError {
                let message = "error converting input for field \"\(name)\": \(e.message)"
                throw LogicalError.invalidRequest(prefixed ? "Field validation failed: " + message : message)
            }
        }
    }
}
