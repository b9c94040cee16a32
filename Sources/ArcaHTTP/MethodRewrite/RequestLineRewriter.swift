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
        // The terminator may begin in the bytes buffered before this input.
        let searchFrom = max(0, buffer.count - (terminator.count - 1))
        buffer.append(contentsOf: input)
        guard let end = firstEnd(of: terminator, in: buffer, from: searchFrom) else { return nil }
        let rest = buffer[end...]
        buffer.removeSubrange(end...)
        return (buffer, rest)
    }

    /// The index just past the first `terminator` in `bytes` at or after `from`.
    private static func firstEnd(of terminator: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        let first = terminator[0]
        let n = terminator.count
        return bytes.withUnsafeBufferPointer { b -> Int? in
            var i = from
            while i + n <= b.count {
                if b[i] == first {
                    var k = 1
                    while k < n && b[i + k] == terminator[k] { k += 1 }
                    if k == n { return i + n }
                }
                i += 1
            }
            return nil
        }
    }

    /// The head with its method rewritten and client markers removed, and what follows it. A head
    /// that needs neither is returned as it came, byte for byte.
    private static func rewriteHead(_ head: [UInt8]) -> ([UInt8], State)? {
        // Split on CRLF. A head ends with CRLF CRLF, so the last line is empty and nothing follows.
        var lines: [Range<Int>] = []
        var start = 0
        var i = 0
        while i + 1 < head.count {
            if head[i] == 13 && head[i + 1] == 10 {
                lines.append(start..<i)
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        guard lines.count >= 2, lines[lines.count - 1].isEmpty, start == head.count else { return nil }
        lines.removeLast()
        let requestLine = lines.removeFirst()
        guard let space = head[requestLine].firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let method = String(decoding: head[requestLine.lowerBound..<space], as: UTF8.self)
        let rewrite = rewritten.contains(method)
        var kept: [Range<Int>] = []
        var sawMarker = false
        var contentLength = 0
        var chunked = false
        for line in lines {
            guard let colon = head[line].firstIndex(of: UInt8(ascii: ":")) else {
                kept.append(line)
                continue
            }
            let name = trimmed(head, line.lowerBound..<colon)
            if asciiEqualsLowercased(head, name, markerLowercased) {
                sawMarker = true
                continue
            }
            kept.append(line)
            if asciiEqualsLowercased(head, name, contentLengthName) {
                let value = String(decoding: head[trimmed(head, (colon + 1)..<line.upperBound)], as: UTF8.self)
                guard let n = Int(value), n >= 0 else { return nil }
                contentLength = n
            } else if asciiEqualsLowercased(head, name, transferEncodingName) {
                let value = String(decoding: head[trimmed(head, (colon + 1)..<line.upperBound)], as: UTF8.self)
                if value.lowercased().contains("chunked") { chunked = true }
            }
        }
        let next: State = chunked ? .chunkSizeLine([]) : (contentLength > 0 ? .body(remaining: contentLength) : .head([]))
        if !rewrite && !sawMarker { return (head, next) }
        var rebuilt: [UInt8] = []
        rebuilt.reserveCapacity(head.count + markerHeader.utf8.count + 8)
        if rewrite {
            rebuilt.append(contentsOf: "GET".utf8)
            rebuilt.append(contentsOf: head[space..<requestLine.upperBound])
            rebuilt.append(contentsOf: lineEnd)
            rebuilt.append(contentsOf: "\(markerHeader): \(method)".utf8)
        } else {
            rebuilt.append(contentsOf: head[requestLine])
        }
        for line in kept {
            rebuilt.append(contentsOf: lineEnd)
            rebuilt.append(contentsOf: head[line])
        }
        rebuilt.append(contentsOf: headEnd)
        return (rebuilt, next)
    }

    static let markerLowercased = Array(markerHeader.lowercased().utf8)
    static let contentLengthName = Array("content-length".utf8)
    static let transferEncodingName = Array("transfer-encoding".utf8)

    /// `range` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi && (bytes[lo] == 32 || bytes[lo] == 9) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 32 || bytes[hi - 1] == 9) { hi -= 1 }
        return lo..<hi
    }

    /// Whether `bytes[range]`, ASCII-lowercased, equals `lowercased`.
    private static func asciiEqualsLowercased(_ bytes: [UInt8], _ range: Range<Int>, _ lowercased: [UInt8]) -> Bool {
        guard range.count == lowercased.count else { return false }
        var j = 0
        for i in range {
            var c = bytes[i]
            if c >= 65 && c <= 90 { c += 32 }
            if c != lowercased[j] { return false }
            j += 1
        }
        return true
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
