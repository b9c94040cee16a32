extension AuthCrypto {
    /// Comparisons whose running time depends only on the lengths of their inputs, for secrets and
    /// their hashes.
    public enum ConstantTime {
        /// Whether `a` and `b` hold the same bytes; never returns early on the first difference.
        public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
            guard a.count == b.count else { return false }
            var difference: UInt8 = 0
            for (x, y) in zip(a, b) { difference |= x ^ y }
            return difference == 0
        }
    }
}
