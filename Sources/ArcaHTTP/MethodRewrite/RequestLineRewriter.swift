/// Makes `LIST` and `SCAN` requests acceptable to SwiftNIO's HTTP/1 parser, which rejects methods
/// it does not know before any handler runs (DESIGN.md §8).
///
/// It follows the request framing of a connection byte by byte — heads, `Content-Length` bodies,
/// chunked bodies with their trailers — so that in keep-alive and pipelined streams it always
/// knows where a request line starts. A `LIST` or `SCAN` request line becomes `GET`, followed by
/// the marker header `X-Arca-Original-Method`. Every marker header a client sent is removed, so
/// the marker can only come from here. Everything else passes through unchanged; input it cannot
/// frame (an oversized head, a malformed length) switches it to pass-through, leaving the error to
/// NIO's decoder.
package struct RequestLineRewriter: Sendable {
    /// The marker header's name, as written on the wire.
    package static let markerHeader = "X-Arca-Original-Method"
    /// Heads larger than this are not rewritten (NIO's decoder refuses them anyway).
    package static let maxHeadSize = 80 * 1024
    static let rewritten: Set<String> = ["LIST", "SCAN"]

    private enum State: Sendable {
        case head([UInt8])
        case body(remaining: Int)
        case chunkSizeLine([UInt8])
        case chunkData(remaining: Int)
        case trailers([UInt8])
        case passThrough
    }

    private var state: State = .head([])

    package init() {}

    /// Consumes `input` and returns the bytes to hand to the HTTP decoder.
    package mutating func consume(_ input: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 64)
        var rest = Array(input)[...]
        while !rest.isEmpty {
            switch state {
            case .passThrough:
                out.append(contentsOf: rest)
                rest = []
            case .head(var buffer):
                guard let (line, remainder) = Self.takeUntil(terminator: Self.headEnd, from: rest, into: &buffer) else {
                    rest = []
                    if buffer.count > Self.maxHeadSize {
                        out.append(contentsOf: buffer)
                        state = .passThrough
                    } else {
                        state = .head(buffer)
                    }
                    continue
                }
                rest = remainder
                if let (head, next) = Self.rewriteHead(line) {
                    out.append(contentsOf: head)
                    state = next
                } else {
                    out.append(contentsOf: line)
                    state = .passThrough
                }
            case .body(let remaining):
                let n = min(remaining, rest.count)
                out.append(contentsOf: rest.prefix(n))
                rest = rest.dropFirst(n)
                state = remaining - n == 0 ? .head([]) : .body(remaining: remaining - n)
            case .chunkSizeLine(var buffer):
                guard let (line, remainder) = Self.takeUntil(terminator: Self.lineEnd, from: rest, into: &buffer) else {
                    rest = []
                    state = buffer.count > 4096 ? .passThrough : .chunkSizeLine(buffer)
                    if case .passThrough = state { out.append(contentsOf: buffer) }
                    continue
                }
                rest = remainder
                out.append(contentsOf: line)
                guard let size = Self.chunkSize(line) else {
                    state = .passThrough
                    continue
                }
                state = size == 0 ? .trailers([]) : .chunkData(remaining: size + 2)
            case .chunkData(let remaining):
                let n = min(remaining, rest.count)
                out.append(contentsOf: rest.prefix(n))
                rest = rest.dropFirst(n)
                state = remaining - n == 0 ? .chunkSizeLine([]) : .chunkData(remaining: remaining - n)
            case .trailers(var buffer):
                guard let (line, remainder) = Self.takeUntil(terminator: Self.lineEnd, from: rest, into: &buffer) else {
                    rest = []
                    state = buffer.count > Self.maxHeadSize ? .passThrough : .trailers(buffer)
                    if case .passThrough = state { out.append(contentsOf: buffer) }
                    continue
                }
                rest = remainder
                out.append(contentsOf: line)
                // An empty line ends the trailers and the message.
                state = line.count == 2 ? .head([]) : .trailers([])
            }
        }
        return out
    }

    static let headEnd: [UInt8] = Array("\r\n\r\n".utf8)
    static let lineEnd: [UInt8] = Array("\r\n".utf8)

    /// Appends bytes of `input` to `buffer` until `buffer` ends with `terminator`; returns the
    /// completed buffer and the unread input, or `nil` (with everything buffered) when not yet found.
    private static func takeUntil(
        terminator: [UInt8], from input: ArraySlice<UInt8>, into buffer: inout [UInt8]
    ) -> ([UInt8], ArraySlice<UInt8>)? {
        var index = input.startIndex
        while index < input.endIndex {
            buffer.append(input[index])
            index += 1
            if buffer.count >= terminator.count, buffer.suffix(terminator.count).elementsEqual(terminator) {
                return (buffer, input[index...])
            }
        }
        return nil
    }

    /// The head with its method rewritten and client markers removed, and what follows it.
    private static func rewriteHead(_ head: [UInt8]) -> ([UInt8], State)? {
        let text = String(decoding: head, as: UTF8.self)
        // "\r\n" is a single Character in Swift, so this splits on CRLF exactly.
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        // A head ends with CRLF CRLF: the last two components are empty.
        guard lines.count >= 3, lines[lines.count - 1].isEmpty, lines[lines.count - 2].isEmpty else { return nil }
        lines.removeLast(2)
        var requestLine = lines.removeFirst()
        guard let space = requestLine.firstIndex(of: " ") else { return nil }
        let method = String(requestLine[..<space])
        var headers = lines.filter { !isMarker($0) }
        if rewritten.contains(method) {
            requestLine = "GET" + requestLine[space...]
            headers.insert("\(markerHeader): \(method)", at: 0)
        }
        var contentLength = 0
        var chunked = false
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else { continue }
            let name = header[..<colon].lowercased()
            let value = header[header.index(after: colon)...].trimmingCharacters()
            if name == "content-length" {
                guard let n = Int(value), n >= 0 else { return nil }
                contentLength = n
            } else if name == "transfer-encoding", value.lowercased().contains("chunked") {
                chunked = true
            }
        }
        let rebuilt = Array(([requestLine] + headers).joined(separator: "\r\n").utf8) + headEnd
        let next: State = chunked ? .chunkSizeLine([]) : (contentLength > 0 ? .body(remaining: contentLength) : .head([]))
        return (rebuilt, next)
    }

    private static func isMarker(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return line[..<colon].trimmingCharacters().lowercased() == markerHeader.lowercased()
    }

    /// The size in a chunk-size line (`1a;ext=1\r\n`), or `nil` when malformed.
    private static func chunkSize(_ line: [UInt8]) -> Int? {
        let text = String(decoding: line.dropLast(2), as: UTF8.self)
        let hex = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = String(hex).trimmingCharacters()
        guard !trimmed.isEmpty, trimmed.count <= 15, let size = Int(trimmed, radix: 16), size >= 0 else { return nil }
        return size
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
