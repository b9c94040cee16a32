import ArcaSDK
import ArcaTesting
import Testing

#if canImport(Foundation)
import Foundation
#endif

@Suite struct BcryptTests {
    /// Published `$2a$` vectors (OpenBSD's and Openwall's test sets), each checked against Python's bcrypt.
    static let vectors: [(String, String)] = [
        ("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."),
        ("a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe"),
        ("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"),
        ("abcdefghijklmnopqrstuvwxyz", "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC"),
        ("~!@#$%^&*()      ~!@#$%^&*()PNBFRD", "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO"),
        ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
        ("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
        ("U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"),
        ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
        (
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
            "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"
        ),
    ]

    @Test("known-answer vectors: the same salt and cost give the published hash", arguments: vectors)
    func knownAnswers(_ password: String, _ expected: String) throws {
        let parsed = try #require(Bcrypt.Hash(expected))
        #expect(Bcrypt.hash(Array(password.utf8), cost: parsed.cost, salt: parsed.salt) == expected)
        #expect(Bcrypt.verify(Array(password.utf8), against: expected))
        #expect(!Bcrypt.verify(Array((password + "x").utf8), against: expected) || password.utf8.count >= 72)
    }

    @Test("hashes from other implementations: Python's $2b$ and $2y$, Go's $2a$ (OpenBao)")
    func otherImplementations() {
        #expect(Bcrypt.verify(Array("p@ss wörd".utf8), against: "$2b$07$O/YQieiAdwMMJv/95BRBeuxNBh4OQlEKkyyBLrpZqNJF1p57FA3PK"))
        #expect(!Bcrypt.verify(Array("p@ss word".utf8), against: "$2b$07$O/YQieiAdwMMJv/95BRBeuxNBh4OQlEKkyyBLrpZqNJF1p57FA3PK"))
        #expect(Bcrypt.verify(Array("p@ss wörd".utf8), against: "$2a$07$aNxRBjomMZoSwJcHX91s/.usCbKZCRi2PSXUcqCPCjsyJBasPmnIW"))
        #expect(Bcrypt.verify(Array("x".utf8), against: "$2y$05$kroBTkWz0g2zw3ngAda2hefPhPHPf2NuI80GqsrAoYF.//DhILsxq"))
    }

    @Test("passwords count up to 72 bytes")
    func truncation() {
        let long = Array(repeating: UInt8(ascii: "a"), count: 72)
        let hash = Bcrypt.hash(long, cost: 4)
        #expect(Bcrypt.verify(long + Array("tail".utf8), against: hash))
        #expect(!Bcrypt.verify(Array(long.dropLast()), against: hash))
    }

    @Test("fresh hashes: $2a$, the cost written with two digits, a new salt each time")
    func fresh() throws {
        let a = Bcrypt.hash(Array("pw".utf8), cost: 4)
        let b = Bcrypt.hash(Array("pw".utf8), cost: 4)
        #expect(a.hasPrefix("$2a$04$") && a.count == 60 && a != b)
        #expect(Bcrypt.verify(Array("pw".utf8), against: a) && Bcrypt.verify(Array("pw".utf8), against: b))
        #expect(try #require(Bcrypt.Hash(a)).cost == 4)
    }

    @Test("malformed hashes parse as nil and never verify", arguments: [
        "", "notbcrypt", "$2a$10$abc", "$2x$05$kroBTkWz0g2zw3ngAda2hefPhPHPf2NuI80GqsrAoYF.//DhILsxq",
        "$2a$03$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", "$2a$5$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy",
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC!7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWN",
    ])
    func malformed(_ text: String) {
        #expect(Bcrypt.Hash(text) == nil)
        #expect(!Bcrypt.verify(Array("".utf8), against: text))
    }

    #if canImport(Foundation) && os(Linux)
    /// Cross-checks with Python's `bcrypt` module when it is installed (skipped otherwise).
    @Test("Python's bcrypt verifies our hash, and we verify its hash", .enabled(if: PythonBcrypt.available))
    func python() throws {
        let ours = Bcrypt.hash(Array("çross-check".utf8), cost: 5)
        #expect(try PythonBcrypt.run("print(bcrypt.checkpw('çross-check'.encode(), sys.argv[1].encode()))", ours) == "True")
        let theirs = try PythonBcrypt.run("print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(5)).decode())", "çross-check")
        #expect(Bcrypt.verify(Array("çross-check".utf8), against: theirs))
    }
    #endif
}

#if canImport(Foundation) && os(Linux)
enum PythonBcrypt {
    static let available: Bool = (try? run("print('ok')", "")) == "ok"

    static func run(_ script: String, _ argument: String) throws -> String {
        guard let (output, status) = PythonScript.run("import sys, bcrypt\n" + script, [argument]) else { return "" }
        return status == 0 ? output : ""
    }
}
#endif
