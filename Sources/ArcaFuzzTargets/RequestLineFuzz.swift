import ArcaFuzzing
import ArcaHTTP

/// The `LIST`/`SCAN` request-line rewriter, over a connection's byte stream.
///
/// The first two bytes of an input choose where the stream is cut into reads; the rest is the
/// stream. Checked: the output does not depend on where the reads are cut; a stream with neither
/// a rewritten method nor a marker header passes through unchanged (an unfinished head at its end
/// held back); and for a well-formed stream
/// (the generator's, or any the reference framer below understands) the output is exactly the
/// stream with `LIST`/`SCAN` heads rewritten and client markers dropped, bodies untouched.
enum RequestLineFuzz {
    static let target = FuzzTarget(
        name: "request-line",
        seedBytes: [
            [7, 3] + Array("LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: a\r\n\r\n".utf8),
            [1, 9] + Array("GET /v1/sys/health HTTP/1.1\r\nx-arca-original-method: LIST\r\n\r\n".utf8),
            [5, 5]
                + Array(
                    "POST /v1/secret/data/x HTTP/1.1\r\nContent-Length: 47\r\n\r\nLIST / HTTP/1.1\r\nX-Arca-Original-Method: SCAN\r\n\r\nSCAN /v1/kv HTTP/1.1\r\n\r\n"
                        .utf8),
            [2, 200]
                + Array(
                    "PUT /v1/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nLIST \r\n0\r\nX-T: 1\r\n\r\nLIST /v1/y HTTP/1.1\r\n\r\n"
                        .utf8),
        ],
        dictionary: [
            "\r\n", "\r\n\r\n", "LIST ", "SCAN ", "GET ", "POST ", " HTTP/1.1", "Content-Length: ", "content-length:",
            "Transfer-Encoding: chunked", "X-Arca-Original-Method: ", "x-arca-original-method:", ": ", "0\r\n\r\n", "ff\r\n",
            ";ext", "-1", "99999999999999999999",
        ],
        maxLength: 8192,
        generator: generate,
        body: .sync(check))

    @Sendable static func check(_ input: [UInt8]) throws(FuzzViolation) -> FuzzTarget.Outcome {
        guard input.count >= 2 else { return .rejected }
        let stream = Array(input.dropFirst(2))
        var whole = RequestLineRewriter()
        let expected = whole.consume(stream)

        var cut = RequestLineRewriter()
        var pieces: [UInt8] = []
        var rng = FuzzRandom(seed: UInt64(input[0]) << 8 | UInt64(input[1]))
        var rest = stream[...]
        while !rest.isEmpty {
            let n = min(rest.count, 1 + rng.below(rng.oneIn(4) ? 4 : 64))
            pieces += cut.consume(rest.prefix(n))
            rest = rest.dropFirst(n)
        }
        try fuzzRequire(pieces == expected, "output depends on where the reads are cut")

        if !containsASCIICaseInsensitive(stream, "list"), !containsASCIICaseInsensitive(stream, "scan"),
            !containsASCIICaseInsensitive(stream, "x-arca-original-method")
        {
            // Only an unfinished head at the end may be held back, waiting for more bytes.
            try fuzzRequire(stream.starts(with: expected), "a stream with nothing to rewrite was changed")
        }
        guard let reference = ReferenceFramer.rewrite(stream) else { return .rejected }
        try fuzzRequire(expected == reference, "output differs from the reference framing: \(FuzzRunner.render(expected))")
        return .accepted
    }

    static func containsASCIICaseInsensitive(_ bytes: [UInt8], _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard bytes.count >= w.count else { return false }
        for i in 0...(bytes.count - w.count) {
            var k = 0
            while k < w.count, (bytes[i + k] | 0x20) == w[k] { k += 1 }
            if k == w.count { return true }
        }
        return false
    }

    /// Streams of well-formed requests: some LIST/SCAN, some with forged markers, bodies that
    /// hold request-looking text, chunked bodies.
    @Sendable static func generate(_ rng: inout FuzzRandom) -> [UInt8] {
        var out: [UInt8] = [UInt8(truncatingIfNeeded: rng.next()), UInt8(truncatingIfNeeded: rng.next())]
        let methods = ["GET", "LIST", "SCAN", "POST", "PUT", "DELETE", "list", "LISTX", "PATCH"]
        let fakes = ["LIST /v1/a HTTP/1.1\r\nX-Arca-Original-Method: LIST\r\n\r\n", "\r\n\r\n", "0\r\n\r\n", "SCAN / HTTP/1.1\r\n"]
        for _ in 0..<(1 + rng.below(4)) {
            var head = "\(rng.pick(methods)) /v1/\(rng.pick(["secret/", "sys/mounts", "kv/metadata/a b", ""])) HTTP/1.1\r\n"
            var headers = ["Host: arca"]
            if rng.oneIn(3) { headers.append("\(rng.pick(["X-Arca-Original-Method", "x-arca-original-method", "X-ARCA-ORIGINAL-METHOD "])): \(rng.pick(methods))") }
            if rng.oneIn(4) { headers.append("X-Vault-Token: s.\(rng.below(1000))") }
            var body = ""
            let bodyText = (0..<rng.below(3)).map { _ in rng.pick(fakes) }.joined() + String(repeating: "x", count: rng.below(20))
            switch rng.below(3) {
            case 0:
                headers.append("Content-Length: \(bodyText.utf8.count)")
                body = bodyText
            case 1:
                headers.append("Transfer-Encoding: chunked")
                var chunks = Array(bodyText.utf8)[...]
                while !chunks.isEmpty {
                    let n = min(chunks.count, 1 + rng.below(16))
                    body += String(n, radix: 16) + "\r\n" + String(decoding: chunks.prefix(n), as: UTF8.self) + "\r\n"
                    chunks = chunks.dropFirst(n)
                }
                body += "0\r\n" + (rng.oneIn(3) ? "X-Trailer: LIST\r\n" : "") + "\r\n"
            default:
                break
            }
            for _ in 0..<rng.below(2) { headers.shuffle(using: &rng) }
            head += headers.joined(separator: "\r\n") + "\r\n\r\n"
            out += Array(head.utf8) + Array(body.utf8)
        }
        return out
    }
}

/// A strict framer for well-formed request streams, written independently of the rewriter:
/// gives the rewritten stream, or `nil` for anything it does not fully understand.
enum ReferenceFramer {
    static func rewrite(_ stream: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < stream.count {
            guard let afterHead = find(Array("\r\n\r\n".utf8), in: stream, from: i) else { return nil }
            let end = afterHead - 4
            let headText = String(decoding: stream[i..<end], as: UTF8.self)
            guard Array(headText.utf8) == Array(stream[i..<end]) else { return nil }
            var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            let requestLine = lines.removeFirst()
            guard let space = requestLine.firstIndex(of: " "), !requestLine.contains("\n") else { return nil }
            let method = String(requestLine[..<space])
            guard !method.isEmpty, method.allSatisfy({ $0.isLetter && $0.isASCII }) else { return nil }
            var kept: [String] = []
            var sawMarker = false
            var length: Int?
            var chunked = false
            for line in lines {
                guard let colon = line.firstIndex(of: ":"), !line.contains("\n"), !line.contains("\r") else { return nil }
                let name = line[..<colon].trimmingCharacters(in: " ")
                let value = line[line.index(after: colon)...].trimmingCharacters(in: " ")
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else { return nil }
                switch name.lowercased() {
                case "x-arca-original-method":
                    sawMarker = true
                    continue
                case "content-length":
                    guard length == nil, !value.isEmpty, value.allSatisfy(\.isWholeNumber), value.count < 10 else { return nil }
                    length = Int(value)
                case "transfer-encoding":
                    guard value == "chunked" else { return nil }
                    chunked = true
                default:
                    break
                }
                kept.append(line)
            }
            if chunked && length != nil { return nil }
            let rewrite = method == "LIST" || method == "SCAN"
            if !rewrite && !sawMarker {
                out += stream[i..<afterHead]
            } else {
                out += Array((rewrite ? "GET" + requestLine[space...] + "\r\nX-Arca-Original-Method: " + method : requestLine).utf8)
                for line in kept { out += Array(("\r\n" + line).utf8) }
                out += Array("\r\n\r\n".utf8)
            }
            i = afterHead
            if chunked {
                while true {
                    guard let lineEnd = find(Array("\r\n".utf8), in: stream, from: i) else { return nil }
                    let sizeText = String(decoding: stream[i..<(lineEnd - 2)], as: UTF8.self)
                    guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
                    guard lineEnd + size + 2 <= stream.count || size == 0 else { return nil }
                    if size == 0 {
                        // Trailers, then the empty line.
                        var t = lineEnd
                        while true {
                            guard let e = find(Array("\r\n".utf8), in: stream, from: t) else { return nil }
                            if e - t == 2 { out += stream[i..<e]; i = e; break }
                            t = e
                        }
                        break
                    }
                    guard stream[lineEnd + size] == 13, stream[lineEnd + size + 1] == 10 else { return nil }
                    out += stream[i..<(lineEnd + size + 2)]
                    i = lineEnd + size + 2
                }
            } else if let length, length > 0 {
                guard i + length <= stream.count else { return nil }
                out += stream[i..<(i + length)]
                i += length
            }
        }
        return out
    }

    /// The index just past the first `needle` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
