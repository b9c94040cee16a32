/// An IPv4 or IPv6 network (`10.0.0.0/8`, `::1/128`; a bare address is a /32 or /128), for
/// `token_bound_cidrs`, `secret_id_bound_cidrs` and the like.
public struct CIDR: Sendable, Equatable, CustomStringConvertible {
    public let address: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let bytes = Self.parseAddress(String(first)) else { return nil }
        let bits = bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 0, n <= bits, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else {
                return nil
            }
            length = n
        }
        address = bytes
        prefixLength = length
    }

    public var description: String { "\(Self.format(address))/\(prefixLength)" }

    /// Whether `text` (an IP address, IPv4-mapped IPv6 allowed) lies in this network.
    public func contains(_ text: String) -> Bool {
        guard var bytes = Self.parseAddress(text) else { return false }
        if bytes.count == 16 && address.count == 4 && bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == address.count else { return false }
        var remaining = prefixLength
        for i in 0..<bytes.count where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = take == 8 ? 0xff : ~(0xff >> UInt8(take))
            if bytes[i] & mask != address[i] & mask { return false }
            remaining -= take
        }
        return true
    }

    /// Whether any of `cidrs` contains `address`; an empty list allows every address.
    public static func allows(_ cidrs: [String], address: String?) -> Bool {
        if cidrs.isEmpty { return true }
        guard let address else { return false }
        return cidrs.contains { CIDR($0)?.contains(address) == true }
    }

    static func parseAddress(_ text: String) -> [UInt8]? {
        if text.contains(":") { return parseIPv6(text) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isNumber), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    static func parseIPv6(_ raw: String) -> [UInt8]? {
        var text = Substring(raw)
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        let halves = Self.splitOnce(String(text), "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, piece.contains("."), let v4 = parseAddress(String(piece)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let v = UInt16(piece, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    /// Splits at every `separator` (no Foundation needed).
    static func splitOnce(_ text: String, _ separator: String) -> [String] {
        var out: [String] = []
        var current = ""
        var chars = Array(text)
        let sep = Array(separator)
        var i = 0
        while i < chars.count {
            if i + sep.count <= chars.count && Array(chars[i..<i + sep.count]) == sep {
                out.append(current)
                current = ""
                i += sep.count
            } else {
                current.append(chars[i])
                i += 1
            }
        }
        out.append(current)
        chars.removeAll()
        return out
    }

    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
