import ArcaSDK
import ArcaWire
import HTTPTypes
import Hummingbird
import NIOCore

extension HTTPField.Name {
    static let vaultToken = HTTPField.Name("X-Vault-Token")!
    static let vaultWrapTTL = HTTPField.Name("X-Vault-Wrap-TTL")!
    static let arcaOriginalMethod = HTTPField.Name(RequestLineRewriter.markerHeader)!
}

extension Request {
    /// The client token from `X-Vault-Token`, or from `Authorization: Bearer`.
    package var clientToken: String? {
        if let t = headers[.vaultToken], !t.isEmpty { return t }
        if let auth = headers[.authorization], auth.lowercased().hasPrefix("bearer ") {
            let t = String(auth.dropFirst(7)).trimmingCharacters()
            return t.isEmpty ? nil : t
        }
        return nil
    }

    /// The method as the client sent it. `LIST` and `SCAN` arrive as `GET` with a marker header
    /// set by `MethodRewriteHandler`, which strips any marker a client sent; only a marker on a
    /// `GET` counts.
    package var vaultMethod: String {
        if method == .get, let original = headers[.arcaOriginalMethod], RequestLineRewriter.rewritten.contains(original) {
            return original
        }
        return method.rawValue
    }

    /// The whole body, refusing more than the request size limit with 413.
    package mutating func limitedBody(context: ArcaRequestContext) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: context.maxUploadSize)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw LogicalError.requestTooLarge
        } catch is NIOTooManyBytesError {
            throw LogicalError.requestTooLarge
        }
    }

    /// The body as a JSON object; an empty body reads as `{}`. Over 32 MiB → 413.
    package mutating func jsonBody(context: ArcaRequestContext) async throws -> JSONValue {
        let buffer = try await limitedBody(context: context)
        if buffer.readableBytes == 0 { return .object([:]) }
        let value = try JSONParser.parse(buffer.readableBytesView)
        return value
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
