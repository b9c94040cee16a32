import ArcaWire

/// Claims shaped like the OIDC tokens CI systems issue to jobs.
enum CITokens {
    static let githubIssuer = "https://token.actions.githubusercontent.com"
    static let gitlabIssuer = "https://gitlab.example.com"

    /// A GitHub Actions job token for `org/repo` on `main`.
    static func github(now: Double, _ overrides: [String: JSONValue?] = [:]) -> [String: JSONValue] {
        let t = Int(now)
        var c: [String: JSONValue] = [
            "iss": .string(githubIssuer), "aud": "https://github.com/org", "sub": "repo:org/repo:ref:refs/heads/main",
            "jti": "8c8ec2c0-3d2b-4a5e-9d3a-1b2c3d4e5f60", "ref": "refs/heads/main", "ref_type": "branch",
            "sha": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4", "repository": "org/repo", "repository_id": "123456789",
            "repository_owner": "org", "repository_owner_id": "987654", "repository_visibility": "private",
            "run_id": "5012345678", "run_number": "42", "run_attempt": "1", "actor": "octocat", "actor_id": "583231",
            "workflow": "CI", "workflow_ref": "org/repo/.github/workflows/ci.yml@refs/heads/main",
            "job_workflow_ref": "org/repo/.github/workflows/ci.yml@refs/heads/main", "event_name": "push",
            "head_ref": "", "base_ref": "", "runner_environment": "github-hosted",
            "iat": .int(t), "nbf": .int(t), "exp": .int(t + 300),
        ]
        for (k, v) in overrides { c[k] = v }
        return c
    }

    /// A GitLab CI job token for `group/project` on branch `main`.
    static func gitlab(now: Double, _ overrides: [String: JSONValue?] = [:]) -> [String: JSONValue] {
        let t = Int(now)
        var c: [String: JSONValue] = [
            "iss": .string(gitlabIssuer), "aud": "https://arca.example.com",
            "sub": "project_path:group/project:ref_type:branch:ref:main", "jti": "b0a8a2a4-5f3e-4a8a-8d6e-0f1e2d3c4b5a",
            "namespace_id": "72", "namespace_path": "group", "project_id": "20", "project_path": "group/project",
            "user_id": "1", "user_login": "alice", "user_email": "alice@example.com", "user_identities": [],
            "pipeline_id": "574", "pipeline_source": "push", "job_id": "302", "ref": "main", "ref_type": "branch",
            "ref_path": "refs/heads/main", "ref_protected": "true", "runner_id": 1, "runner_environment": "self-hosted",
            "groups_direct": ["group", "group/infra"],
            "iat": .int(t), "nbf": .int(t - 5), "exp": .int(t + 3600),
        ]
        for (k, v) in overrides { c[k] = v }
        return c
    }
}
