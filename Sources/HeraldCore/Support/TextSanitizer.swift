import Foundation

/// Characters no editor means to type and that would make a page or a feed invalid (XML 1.0 forbids
/// most control characters): C0 and C1 controls other than tab and line breaks, DEL, and the
/// noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF. They arrive by copy and paste from word processors;
/// Herald itself uses U+FDD0/U+FDD1 to mark headings while rendering (`HeadingAnchors`).
enum TextSanitizer {
    static func isUnwanted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnwanted) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isUnwanted($0) })
        return String(scalars)
    }
}

extension String {
    /// `trimmingCharacters(in:)`, which on Linux goes through NSString even when there is nothing to
    /// trim: text that neither begins nor ends with a member of `set` (nearly every value an editor
    /// writes) comes back as it is.
    func trimmed(_ set: CharacterSet = .whitespacesAndNewlines) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        return set.contains(first) || set.contains(last) ? trimmingCharacters(in: set) : self
    }
}
