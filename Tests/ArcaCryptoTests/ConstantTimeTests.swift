import ArcaCrypto
import Testing

@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test(
        "byte sequences",
        arguments: [
            ([], [], true), ([1, 2, 3], [1, 2, 3], true), ([1, 2, 3], [1, 2, 4], false), ([0, 2, 3], [1, 2, 3], false),
            ([1, 2], [1, 2, 3], false), ([], [0], false),
        ] as [([UInt8], [UInt8], Bool)]
    )
    func bytes(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(ConstantTime.equals(a, b) == equal)
        #expect(ConstantTime.equals(a[...], b.lazy.map { $0 }) == equal)  // slices and non-contiguous views
    }

    @Test(
        "strings compare by UTF-8 bytes",
        arguments: [("token", "token", true), ("token", "tokem", false), ("tok", "token", false), ("é", "e\u{301}", false), ("", "", true)]
    )
    func strings(a: String, b: String, equal: Bool) {
        #expect(ConstantTime.equals(a, b) == equal)
    }

    @Test("secrets")
    func secrets() {
        let a = SecretBytes([1, 2, 3])
        #expect(ConstantTime.equals(a, a))
        #expect(ConstantTime.equals(a, SecretBytes([1, 2, 3])))
        #expect(!ConstantTime.equals(a, SecretBytes([1, 2, 4])))
    }
}
