import NIOCore

/// One connection's read, write and idle deadlines, as Go's `http.Server` keeps them (Vault's
/// listener): the header and read timeouts run from the moment a request starts (the connection
/// accepted, or the first byte after the previous request), the write timeout from its complete
/// head until its response is written, the idle timeout from a response until the next byte.
/// Pure state: the channel handler feeds it events and times and closes on `expired(at:)`.
struct ConnectionDeadlines {
    enum Reason: Equatable, CustomStringConvertible {
        case header, read, write, idle

        var description: String {
            switch self {
            case .header: "request head not read in time"
            case .read: "request not read in time"
            case .write: "response not written in time"
            case .idle: "idle keep-alive connection"
            }
        }
    }

    private let header: TimeAmount
    private let read: TimeAmount
    private let write: TimeAmount
    private let idle: TimeAmount
    /// The shortest timeout in force: no deadline is ever nearer than this from the event that
    /// sets it, so a timer armed at most this far ahead never needs to move earlier.
    let tick: TimeAmount?

    /// When the request being read started; `nil` between requests.
    private var readingSince: NIODeadline?
    private var headRead = false
    /// When the latest request head was complete, while a response is owed.
    private var writingSince: NIODeadline?
    /// Requests whose head was read and whose response is not yet complete.
    private var owed = 0
    /// When the last response completed, while no request is being read.
    private var idleSince: NIODeadline?

    init(limits: ListenerLimits, acceptedAt now: NIODeadline) {
        header = limits.effectiveHeaderTimeout
        read = limits.readTimeout
        write = limits.writeTimeout
        idle = limits.effectiveIdleTimeout
        tick = [header, read, write, idle].filter { $0 > .zero }.min()
        readingSince = now
    }

    /// Whether the next event needs a time (callers skip the clock otherwise).
    var awaitsFirstByte: Bool { readingSince == nil }

    /// Bytes arrived: they start a request unless one is being read.
    mutating func bytesArrived(at now: NIODeadline) {
        guard readingSince == nil else { return }
        readingSince = now
        headRead = false
        idleSince = nil
    }

    /// A request head was decoded.
    mutating func headRead(at now: NIODeadline) {
        if readingSince == nil { readingSince = now }
        headRead = true
        owed += 1
        writingSince = now
        idleSince = nil
    }

    /// The request's body (if any) was read to its end.
    mutating func requestEnded() {
        readingSince = nil
        headRead = false
    }

    /// A response was written to its end.
    mutating func responseEnded(at now: NIODeadline) {
        owed = max(0, owed - 1)
        guard owed == 0 else { return }
        writingSince = nil
        if readingSince == nil { idleSince = now }
    }

    /// The nearest deadline in force, with what it guards.
    var next: (deadline: NIODeadline, reason: Reason)? {
        var best: (deadline: NIODeadline, reason: Reason)?
        func consider(_ since: NIODeadline?, _ amount: TimeAmount, _ reason: Reason) {
            guard let since, amount > .zero else { return }
            let d = since + amount
            if best == nil || d < best!.deadline { best = (d, reason) }
        }
        if !headRead { consider(readingSince, header, .header) }
        consider(readingSince, read, .read)
        consider(writingSince, write, .write)
        if owed == 0 { consider(idleSince, idle, .idle) }
        return best
    }

    /// The deadline that has passed at `now`, if any.
    func expired(at now: NIODeadline) -> Reason? {
        guard let (deadline, reason) = next, deadline <= now else { return nil }
        return reason
    }
}
