import Foundation

/// URL segments: what an editor may write as `slug`, and what Herald derives from a file name.
public enum Slug {
    /// Lower-case ASCII letters, digits, `-` and `_`; not starting with `-`, `_` or a dot.
    public static func isValid(_ slug: String) -> Bool {
        guard let first = slug.unicodeScalars.first, slug.count <= 100 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_")
        return slug.unicodeScalars.allSatisfy(allowed.contains)
            && CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789").contains(first)
    }

    /// A stable slug for a file name: ASCII names are lower-cased and hyphenated; Chinese names are
    /// spelled in pinyin (`关于开展活动的通知` → `guan-yu-kai-zhan-huo-dong-de-tong-zhi`).
    public static func fromFileName(_ name: String) -> String {
        let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
        let folded = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        if slug.count > 80 {
            slug = String(slug.prefix(80))
            if let cut = slug.lastIndex(of: "-") { slug = String(slug[..<cut]) }
        }
        return slug.isEmpty ? "page-" + StableHash.hex(name, length: 8) : slug
    }
}
