/// Why a token was refused. The message is what the auth method puts after its own prefix
/// (`error validating token: …`); it never contains key material or the token itself.
package struct JOSEError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
