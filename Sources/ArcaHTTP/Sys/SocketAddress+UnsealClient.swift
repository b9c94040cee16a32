import NIOCore

extension SocketAddress {
    /// Who failed `sys/unseal` submissions are counted against (`UnsealThrottle`): an IPv4
    /// address (also when mapped into IPv6), or an IPv6 address's /64, since one host usually
    /// holds a whole /64 and could otherwise start a fresh count from each of its addresses.
    var unsealClient: String? {
        switch self {
        case .v4: return ipAddress
        case .v6(let v6):
            // `sockaddr_in6`: family (2 bytes), port (2), flow info (4), then the 16 address bytes.
            let raw = withUnsafeBytes(of: v6.address) { Array($0) }
            guard raw.count >= 24 else { return ipAddress }
            let bytes = Array(raw[8..<24])
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                return bytes[12..<16].map(String.init).joined(separator: ".")
            }
            let prefix = stride(from: 0, to: 8, by: 2).map { i in
                String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16)
            }
            return prefix.joined(separator: ":") + "::/64"
        case .unixDomainSocket: return nil
        }
    }
}
