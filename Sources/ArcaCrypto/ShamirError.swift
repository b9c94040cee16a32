/// Why a secret could not be split or shares could not be combined. Never carries share or
/// secret bytes, so its text is safe to log and to return to clients.
public enum ShamirError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `split` was given an empty secret.
    case emptySecret
    /// `split` was asked for a number of shares outside 1…255.
    case invalidShareCount(Int)
    /// `split` was given a threshold outside 1…`shares`.
    case invalidThreshold(Int, shares: Int)
    /// `combine` was given no share.
    case noShares
    /// `combine` was given shares shorter than two bytes (one value byte and the coordinate).
    case shareTooShort
    /// `combine` was given shares of different lengths.
    case inconsistentShareLengths
    /// `combine` was given two shares with the same x coordinate.
    case duplicateCoordinate
    /// `combine` was given a share whose x coordinate is zero.
    case zeroCoordinate

    /// A message in the wording Vault's operators are used to.
    public var description: String {
        switch self {
        case .emptySecret: "cannot split an empty secret"
        case .invalidShareCount(let count): "number of shares must be between 1 and 255, got \(count)"
        case .invalidThreshold(let threshold, let shares):
            "threshold must be between 1 and the number of shares (\(shares)), got \(threshold)"
        case .noShares: "no parts given to reconstruct the secret"
        case .shareTooShort: "parts must be at least two bytes"
        case .inconsistentShareLengths: "all parts must be the same length"
        case .duplicateCoordinate: "duplicate part detected"
        case .zeroCoordinate: "part has an invalid x coordinate of zero"
        }
    }
}
