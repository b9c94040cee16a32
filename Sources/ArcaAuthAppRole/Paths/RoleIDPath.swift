import ArcaSDK
import ArcaWire

extension AppRoleBackend {
    var roleIDPath: Path {
        Path(
            "role/{role_name}/role-id", fields: [RoleFields.roleName.spec, RoleFields.roleID.spec],
            operations: [.read: readRoleID, .update: updateRoleID], synopsis: "Read or set the role's role id.")
    }

    @Sendable func readRoleID(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        guard let role = try await store(req).role(Self.roleName(f)) else { return nil }
        return .data(["role_id": .string(role.roleID)])
    }

    @Sendable func updateRoleID(_ req: LogicalRequest, _ f: FieldData) async throws -> LogicalResponse? {
        try await mutateRole(req, f) { role, _ in
            let id = try f[RoleFields.roleID]
            guard !id.isEmpty else { throw LogicalError.invalidRequest("missing role_id") }
            role.roleID = id
        }
        return nil
    }
}
