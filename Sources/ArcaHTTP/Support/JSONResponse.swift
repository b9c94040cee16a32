import ArcaWire
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds JSON responses with the headers Vault sends.
package enum JSONResponse {
    package static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, includeBody: Bool = true)
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        guard includeBody else { return Response(status: status, headers: headers) }
        return make(encoded: JSONWriter.encode(value), status: status)
    }

    /// A JSON response whose body is already encoded (`bytes`, without the final newline).
    package static func make(encoded bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        var bytes = bytes
        bytes.append(UInt8(ascii: "\n"))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// 204 with no body, as Vault answers writes that return nothing.
    package static func noContent() -> Response {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        return Response(status: .noContent, headers: headers)
    }
}
