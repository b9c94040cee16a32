@testable import ArcaHTTP
import NIOCore
import Testing

/// The per-connection deadline arithmetic, with explicit times.
@Suite struct ConnectionDeadlinesTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    func limits(header: Int64 = 10, read: Int64 = 30, write: Int64 = 0, idle: Int64 = 300) -> ListenerLimits {
        var l = ListenerLimits()
        l.readHeaderTimeout = .seconds(header)
        l.readTimeout = .seconds(read)
        l.writeTimeout = .seconds(write)
        l.idleTimeout = .seconds(idle)
        return l
    }

    @Test("from accept: the header deadline, then the read deadline once the head is in, then none while responding")
    func request() {
        var d = ConnectionDeadlines(limits: limits(), acceptedAt: t0)
        #expect(d.next?.deadline == t0 + .seconds(10) && d.next?.reason == .header)
        #expect(d.expired(at: t0 + .seconds(9)) == nil && d.expired(at: t0 + .seconds(10)) == .header)
        d.bytesArrived(at: t0 + .seconds(5))  // more bytes of the same head move nothing
        #expect(d.next?.deadline == t0 + .seconds(10))
        d.headRead(at: t0 + .seconds(1))
        #expect(d.next?.deadline == t0 + .seconds(30) && d.next?.reason == .read)
        d.requestEnded()
        #expect(d.next == nil, "no write timeout: a handler may take its time")
        d.responseEnded(at: t0 + .seconds(40))
        #expect(d.next?.deadline == t0 + .seconds(340) && d.next?.reason == .idle)
        d.bytesArrived(at: t0 + .seconds(100))
        #expect(d.next?.deadline == t0 + .seconds(110) && d.next?.reason == .header)
    }

    @Test("the write deadline runs from the head until the response ends")
    func write() {
        var d = ConnectionDeadlines(limits: limits(write: 5), acceptedAt: t0)
        d.headRead(at: t0)
        d.requestEnded()
        #expect(d.next?.deadline == t0 + .seconds(5) && d.next?.reason == .write)
        d.responseEnded(at: t0 + .seconds(1))
        #expect(d.next?.reason == .idle)
    }

    @Test("pipelined requests: the idle clock starts only when every response is written")
    func pipelined() {
        var d = ConnectionDeadlines(limits: limits(), acceptedAt: t0)
        d.headRead(at: t0)
        d.requestEnded()
        d.headRead(at: t0)  // the second request was in the same packet
        d.requestEnded()
        d.responseEnded(at: t0 + .seconds(1))
        #expect(d.next == nil)
        d.responseEnded(at: t0 + .seconds(2))
        #expect(d.next?.deadline == t0 + .seconds(302))
    }

    @Test("Go's zeros: no header or idle timeout falls back to the read timeout; all zero is no timer")
    func zeros() {
        var d = ConnectionDeadlines(limits: limits(header: 0, read: 7, idle: 0), acceptedAt: t0)
        #expect(d.next?.deadline == t0 + .seconds(7))
        d.headRead(at: t0)
        d.requestEnded()
        d.responseEnded(at: t0)
        #expect(d.next?.deadline == t0 + .seconds(7) && d.next?.reason == .idle)
        #expect(d.tick == .seconds(7))
        let none = ConnectionDeadlines(limits: .unlimited, acceptedAt: t0)
        #expect(none.tick == nil && none.next == nil)
    }
}
