extension Array {
    /// Inserts `element` in this list ordered by `ranksBefore`, keeping only its first `limit`:
    /// the best few of many (a collector's calls, the lines a report shows) without sorting all
    /// of them, most elements being compared with the last kept only.
    public mutating func insertRanked(
        _ element: Element, keepingFirst limit: Int, by ranksBefore: (Element, Element) -> Bool
    ) {
        guard limit > 0 else { return }
        if count >= limit {
            guard ranksBefore(element, self[limit - 1]) else { return }
            removeSubrange((limit - 1)...)
        }
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if ranksBefore(self[middle], element) { low = middle + 1 } else { high = middle }
        }
        insert(element, at: low)
    }
}
