// ceiling — the bare HTTP ceiling of the machine for the side-by-side benchmark.
//
// Usage: ceiling <port> <body-file>
// Listens on 127.0.0.1:<port> and answers GET and POST on any path with 200, the bytes of
// <body-file> (a captured KV v2 read response) as application/json, and no other work.
import Foundation
import Hummingbird

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]),
    let body = FileManager.default.contents(atPath: arguments[2])
else {
    FileHandle.standardError.write(Data("usage: ceiling <port> <body-file>\n".utf8))
    exit(2)
}

let buffer = ByteBuffer(bytes: body)
let headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]

@Sendable func fixed(_ request: Request, _ context: BasicRequestContext) -> Response {
    Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
}

let router = Router()
router.get("**", use: fixed)
router.post("**", use: fixed)

let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "ceiling")
)
try await app.runService()
