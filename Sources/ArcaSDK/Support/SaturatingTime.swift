/// Time arithmetic that cannot trap: a TTL, a Unix time or an expiry that would leave the
/// integer range stops at its end instead, and a floating-point time that is not finite reads as
/// zero. Durations are bounded when they are parsed (`DurationParser.maxSeconds`); these are the
/// second line, for values that come from storage or from sums of bounded values.
extension FixedWidthInteger {
    /// `self + other`, stopping at `max`/`min` instead of trapping.
    @inlinable public func addingSaturating(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self - other`, stopping at `max`/`min` instead of trapping.
    @inlinable public func subtractingSaturating(_ other: Self) -> Self {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other > 0 ? .min : .max
    }

    /// `self * other`, stopping at `max`/`min` instead of trapping.
    @inlinable public func multipliedSaturating(by other: Self) -> Self {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// `value` rounded toward zero and clamped to this type's range; NaN reads as zero.
    @inlinable public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value <= Double(Self.min) {
            self = .min
        } else if value >= Double(Self.max) {
            // `Double(Int64.max)` rounds up to 2^63, which does not fit: stop at `max`.
            self = .max
        } else {
            self.init(value.rounded(.towardZero))
        }
    }
}
