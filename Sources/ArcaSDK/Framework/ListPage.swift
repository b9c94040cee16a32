/// OpenBao's paginated LIST: `after` skips every entry up to and including the given one (in byte
/// order, folders with their trailing `/`), and `limit` keeps at most that many (0 or less: all).
public enum ListPage {
    public static let after = Field<String>("after", description: "List only the entries that sort after this one.")
    public static let limit = Field<Int>("limit", description: "At most this many entries (0 or less: all of them).")

    /// The fields a paginated list path declares.
    public static var fields: [FieldSpec] { [after.spec, limit.spec] }

    /// The page of the sorted `keys` that `fields` asks for.
    public static func apply(_ keys: [String], _ fields: FieldData) throws -> [String] {
        try apply(keys, after: fields[after], limit: fields[limit])
    }

    public static func apply(_ keys: [String], after: String, limit: Int) -> [String] {
        var page = keys[...]
        if !after.isEmpty {
            // Keys are sorted: the page starts at the first key beyond `after`.
            let start = page.partitioningIndex { !$0.utf8.lexicographicallyPrecedes(after.utf8) && $0 != after }
            page = page[start...]
        }
        if limit > 0 { page = page.prefix(limit) }
        return Array(page)
    }
}

extension Collection {
    /// The first index whose element satisfies `belongs`, for a collection partitioned so that all
    /// elements that do not satisfy it come first.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if belongs(self[mid]) {
                count = half
            } else {
                low = index(after: mid)
                count -= half + 1
            }
        }
        return low
    }
}
