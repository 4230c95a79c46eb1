/// Chinese text is written without spaces: a line break inside a sentence must not become one.
enum CJKText {
    /// Ideographs, kana, Hangul, CJK punctuation and full-width forms.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3100...0x312F, 0x31A0...0x31FF,
             0x3200...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3134F:
            return true
        default:
            return false
        }
    }

    /// Punctuation that Chinese text shares with Western text (curly quotes, ellipsis, dashes, middle dot).
    private static func isSharedPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        [0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x2015, 0x00B7].contains(scalar.value)
    }

    /// Whether a soft line break between these two characters should vanish: both sides are Chinese
    /// text (shared punctuation counts when the other side is a CJK character).
    static func joinsWithoutSpace(before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        guard let before, let after else { return false }
        let cjkBefore = isCJK(before), cjkAfter = isCJK(after)
        if cjkBefore && cjkAfter { return true }
        return (cjkBefore && isSharedPunctuation(after)) || (cjkAfter && isSharedPunctuation(before))
    }
}
