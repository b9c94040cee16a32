public import ArcaSDK
public import FoundationEssentials

/// The transit secrets engine: encryption, signing and HMAC as a service, with keys that never
/// leave the server unless marked exportable.
public enum TransitEngine {
    public static func make(now: @escaping @Sendable () -> Date) -> any Backend {
        PathRouter(paths: [], help: "The transit engine encrypts, signs and computes HMACs with named keys.")
    }
}
