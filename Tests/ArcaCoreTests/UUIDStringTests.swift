@testable import ArcaCore
import ArcaCrypto
import Testing

@Suite struct UUIDStringTests {
    /// Gives fixed bytes, so the text form can be checked exactly.
    struct FixedEntropy: EntropySource {
        let value: [UInt8]
        func bytes(_ count: Int) -> [UInt8] { Array(value.prefix(count)) }
    }

    @Test("16 bytes print as 8-4-4-4-12 lowercase hex")
    func format() {
        let bytes: [UInt8] = [0x00, 0x1f, 0xa0, 0xff, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x23, 0x45, 0x67]
        #expect(UUIDString.random(FixedEntropy(value: bytes)) == "001fa0ff-1234-5678-9abc-def001234567")
    }

    @Test("system ids are well formed and distinct")
    func distinct() {
        let ids = (0..<200).map { _ in UUIDString.random(SystemEntropy()) }
        #expect(Set(ids).count == 200)
        for id in ids {
            #expect(id.utf8.count == 36)
            #expect(id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
            #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase })
        }
    }
}
