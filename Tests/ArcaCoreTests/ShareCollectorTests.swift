import ArcaCore
import Testing

@Suite struct ShareCollectorTests {
    @Test("counts distinct shares and releases them at the threshold")
    func collects() {
        var c = ShareCollector(threshold: 2)
        var made = 0
        let nonce: () -> String = { made += 1; return "n\(made)" }
        #expect(c.add([1], makeNonce: nonce) == .needMore(progress: 1))
        #expect(c.nonce == "n1")
        #expect(c.add([1], makeNonce: nonce) == .needMore(progress: 1))
        #expect(c.add([2], makeNonce: nonce) == .ready([[1], [2]]))
        #expect(c.progress == 0 && c.nonce.isEmpty)
        #expect(made == 1)
    }

    @Test("threshold one is ready at once")
    func thresholdOne() {
        var c = ShareCollector(threshold: 1)
        #expect(c.add([9], makeNonce: { "x" }) == .ready([[9]]))
    }
}
