import ArcaFuzzing

/// Every fuzz target, by name: the runner (`arca-fuzz`, `scripts/fuzz`) and the CI-sized
/// suite (`ArcaFuzzTests`) take them from here. The SQL statement templates are fuzzed in
/// `ArcaSecretsDatabaseTests` (their entry points are internal to the engine).
package enum FuzzTargets {
    package static let all: [FuzzTarget] = [
        JSONFuzz.target, HCLFuzz.target, RequestLineFuzz.target, PathPatternFuzz.target, PathRouterFuzz.target,
        FieldCoercionFuzz.target, PolicyFuzz.target, ACLFuzz.target, JWSFuzz.target, ShamirFuzz.target,
    ]

    package static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
