/// Why an auto-unseal seal could not be set up or could not wrap or unwrap the root key. The
/// message names the service, the operation and the service's own error; it never contains key
/// material, tokens or secret keys.
package struct AutoSealError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
