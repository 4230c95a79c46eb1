/// Orders rows by exact totals, breaking ties by the round's tie-breakers in turn; rows still equal
/// on every key share a rank (1, 2, 2, 4).
struct Ranking {
    struct Placed<Row> {
        var row: Row
        var rank: Int
        /// Another row has the same rank: a tie the tie-breakers did not settle.
        var isSharedRank: Bool
    }

    /// `keys` of each row: the total first, then the tie-breakers; higher is better for each.
    static func rank<Row>(_ rows: [Row], keys: (Row) -> [ExactNumber], id: (Row) -> String) -> [Placed<Row>] {
        let sorted = rows.sorted { lhs, rhs in
            let left = keys(lhs), right = keys(rhs)
            if left != right { return left.lexicographicallyPrecedes(right, by: >) }
            return id(lhs) < id(rhs)   // a stable, documented order within a shared rank
        }
        var placed: [Placed<Row>] = []
        for (index, row) in sorted.enumerated() {
            if let previous = placed.last, keys(previous.row) == keys(row) {
                placed[placed.count - 1].isSharedRank = true
                placed.append(Placed(row: row, rank: previous.rank, isSharedRank: true))
            } else {
                placed.append(Placed(row: row, rank: index + 1, isSharedRank: false))
            }
        }
        return placed
    }

    /// The rows ranked within the first `count`. A shared rank is shared (SPEC: 1, 2, 2, 4): when it
    /// straddles the cut, everyone holding it is inside, and `tieAtCut` names them for a warning.
    static func top<Row>(_ placed: [Placed<Row>], count: Int) -> (rows: [Placed<Row>], tieAtCut: [Placed<Row>]?) {
        let inside = placed.filter { $0.rank <= count }
        guard inside.count > count else { return (inside, nil) }
        let cutRank = inside.last?.rank ?? 0
        return (inside, inside.filter { $0.rank == cutRank })
    }
}
