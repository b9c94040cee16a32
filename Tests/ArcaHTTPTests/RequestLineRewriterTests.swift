import ArcaHTTP
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@Suite struct RequestLineRewriterTests {
    func rewrite(_ chunks: [String]) -> String {
        var r = RequestLineRewriter()
        return chunks.map { String(decoding: r.consume(Array($0.utf8)), as: UTF8.self) }.joined()
    }

    func byteByByte(_ text: String) -> String {
        var r = RequestLineRewriter()
        var out: [UInt8] = []
        for b in text.utf8 { out += r.consume([b]) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test("LIST and SCAN become GET with a marker")
    func rewritesMethods() {
        #expect(rewrite(["LIST /v1/secret/ HTTP/1.1\r\nHost: x\r\n\r\n"])
            == "GET /v1/secret/ HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\nHost: x\r\n\r\n")
        #expect(rewrite(["SCAN /v1/kv/ HTTP/1.0\r\n\r\n"]) == "GET /v1/kv/ HTTP/1.0\r\nX-Arca-Original-Method: SCAN\r\n\r\n")
    }

    @Test("other requests pass through byte for byte")
    func passThrough() {
        let get = "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n"
        #expect(rewrite([get]) == get)
        let put = "PUT /v1/x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
        #expect(rewrite([put]) == put)
    }

    @Test("pipelined requests, whole or one byte at a time, give the same output")
    func pipelined() {
        let input = "LIST /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nContent-Length: 27\r\n\r\nLIST /evil HTTP/1.1\r\n\r\nxxxx"
            + "LIST /c HTTP/1.1\r\n\r\n"
        let expected = "GET /a HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nContent-Length: 27\r\n\r\nLIST /evil HTTP/1.1\r\n\r\nxxxx"
            + "GET /c HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\n\r\n"
        #expect(rewrite([input]) == expected)
        #expect(byteByByte(input) == expected, "a body that looks like a request line is not rewritten")
    }

    @Test("chunked bodies with extensions and trailers, then a LIST")
    func chunked() {
        let input = "PUT /x HTTP/1.1\r\ntransfer-ENCODING: chunked\r\n\r\n"
            + "5;ext=1\r\nLIST \r\n3\r\nabc\r\n0\r\nTrailer: v\r\n\r\n"
            + "LIST /after HTTP/1.1\r\n\r\n"
        let expected = "PUT /x HTTP/1.1\r\ntransfer-ENCODING: chunked\r\n\r\n"
            + "5;ext=1\r\nLIST \r\n3\r\nabc\r\n0\r\nTrailer: v\r\n\r\n"
            + "GET /after HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\n\r\n"
        #expect(rewrite([input]) == expected)
        #expect(byteByByte(input) == expected)
    }

    @Test("a marker sent by the client is removed, whatever its case")
    func spoofedMarker() {
        #expect(rewrite(["GET /v1/x HTTP/1.1\r\nx-arca-original-method: LIST\r\nHost: y\r\n\r\n"])
            == "GET /v1/x HTTP/1.1\r\nHost: y\r\n\r\n")
        #expect(rewrite(["LIST /v1/x HTTP/1.1\r\nX-Arca-Original-Method: SCAN\r\n\r\n"])
            == "GET /v1/x HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\n\r\n")
    }

    @Test("unframeable input passes through untouched")
    func malformed() {
        let bad = "PUT /x HTTP/1.1\r\nContent-Length: nope\r\n\r\nLIST /y HTTP/1.1\r\n\r\n"
        #expect(rewrite([bad]) == bad)
        let huge = "GET /" + String(repeating: "a", count: RequestLineRewriter.maxHeadSize + 10)
        #expect(rewrite([huge]) == huge)
    }

    @Test("the handler passes unchanged reads on as they came, and a head split over reads whole")
    func handlerPassThrough() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MethodRewriteHandler())
        let get = "GET /v1/secret/data/k HTTP/1.1\r\nHost: a\r\n\r\n"
        // Three bytes already read off the front: the buffer handed on keeps them, a copy would not.
        var incoming = ByteBuffer(string: "..." + get)
        incoming.moveReaderIndex(forwardBy: 3)
        try channel.writeInbound(incoming)
        let passed = try channel.readInbound(as: ByteBuffer.self)
        #expect(passed == ByteBuffer(string: get))
        #expect(passed?.readerIndex == 3)
        // The first part of a head is held back; the rest brings all of it.
        try channel.writeInbound(ByteBuffer(string: "GET /v1/x HTTP/1.1\r\nHo"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "st: a\r\n\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "GET /v1/x HTTP/1.1\r\nHost: a\r\n\r\n"))
        // A rewritten head is a new buffer.
        try channel.writeInbound(ByteBuffer(string: "LIST /v1/y/ HTTP/1.1\r\n\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self)
            == ByteBuffer(string: "GET /v1/y/ HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\n\r\n"))
        _ = try channel.finish()
    }

    @Test("behind the rewriter, NIO's decoder parses a pipelined LIST and GET")
    func withNIODecoder() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MethodRewriteHandler())
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        let input = "LIST /v1/secret/ HTTP/1.1\r\nHost: a\r\n\r\nGET /v1/sys/health HTTP/1.1\r\nHost: a\r\nX-Arca-Original-Method: LIST\r\n\r\n"
        try channel.writeInbound(ByteBuffer(string: input))
        var heads: [HTTPRequestHead] = []
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part { heads.append(head) }
        }
        #expect(heads.count == 2)
        #expect(heads.first?.method == .GET && heads.first?.headers["X-Arca-Original-Method"] == ["LIST"])
        #expect(heads.last?.uri == "/v1/sys/health" && heads.last?.headers["X-Arca-Original-Method"] == [])
        _ = try channel.finish()
    }

    @Test("a client marker hidden after a bare LF never reaches the pipeline: NIO's decoder refuses the head")
    func markerAfterBareLF() throws {
        // The rewriter splits heads on CRLF only, so it keeps `Host: a\nX-Arca-Original-Method: LIST`
        // as one line. That is safe only because NIO's decoder refuses a bare LF; this pins it.
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MethodRewriteHandler())
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        var refused = false
        do {
            try channel.writeInbound(ByteBuffer(string: "GET /v1/x HTTP/1.1\r\nHost: a\nX-Arca-Original-Method: LIST\r\n\r\n"))
        } catch {
            refused = true
        }
        var heads: [HTTPRequestHead] = []
        while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part { heads.append(head) }
        }
        #expect(refused || heads.allSatisfy { $0.headers["X-Arca-Original-Method"].isEmpty })
        #expect(heads.allSatisfy { $0.headers["X-Arca-Original-Method"].isEmpty })
        _ = try? channel.finish()
    }
}
