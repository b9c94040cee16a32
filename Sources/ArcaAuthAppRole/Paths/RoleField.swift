import ArcaSDK
import ArcaWire

/// One `role/<name>/<segment>` path that reads, sets and resets a single setting of a role.
/// The whole family is the table in `RoleField+Table.swift`; `roleFieldPaths` turns each row
/// into a path with Vault's read/update/delete semantics.
struct RoleField: Sendable {
    /// The URL segment after the role name (`secret-id-ttl`).
    let segment: String
    /// Fields the update takes (besides `role_name`).
    let fields: [FieldSpec]
    /// What a read shows.
    let read: @Sendable (Role) -> [String: JSONValue]
    /// Applies an update; throws `missing …` when the field is absent. `nil`: read-only.
    let update: (@Sendable (inout Role, FieldData) throws -> Void)?
    /// Puts the setting back to its default on delete. `nil`: no delete.
    let reset: (@Sendable (inout Role) -> Void)?
    /// Warnings every read carries (deprecated names).
    var readWarnings: [String] = []

    /// A field's value, or Vault's `missing <name>` error when absent.
    static func required<T: FieldValue>(_ field: Field<T>, _ f: FieldData, missing: String? = nil) throws -> T {
        guard let v = try f.ifPresent(field) else { throw LogicalError.invalidRequest("missing \(missing ?? field.name)") }
        return v
    }
}

extension AppRoleBackend {
    /// One path per row of `RoleField.table`.
    var roleFieldPaths: [Path] {
        RoleField.table.map { row in
            var operations: [ArcaSDK.Operation: Path.Handler] = [
                .read: { req, f in
                    guard let role = try await store(req).role(Self.roleName(f)) else { return nil }
                    return LogicalResponse(data: row.read(role), warnings: row.readWarnings)
                }
            ]
            if let update = row.update {
                operations[.update] = { req, f in
                    try await mutateRole(req, f) { role, _ in try update(&role, f) }
                    return nil
                }
            }
            if let reset = row.reset {
                operations[.delete] = { req, f in
                    do {
                        try await mutateRole(req, f) { role, _ in reset(&role) }
                    } catch LogicalError.unsupportedPath {
                        // Deleting a setting of a role that does not exist succeeds quietly.
                    }
                    return nil
                }
            }
            return Path(
                "role/{role_name}/\(row.segment)", fields: [RoleFields.roleName.spec] + row.fields, operations: operations,
                synopsis: "Read, set or reset the role's \(row.segment.split(separator: "-").joined(separator: " ")).")
        }
    }
}
