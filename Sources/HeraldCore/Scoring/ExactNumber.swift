import BigInt
import Foundation

/// An exact rational number. Scores are decimals typed by the committee (88.5), but means and the
/// vote scale divide (votes ÷ max votes × 100), so totals are kept as exact fractions: ranking compares
/// exact totals, and only display rounds — half up, to two decimals.
public struct ExactNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Always in lowest terms with a positive denominator, so equal numbers are equal structurally.
    public let numerator: BigInt
    public let denominator: BigInt

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(denominator != 0, "ExactNumber with zero denominator")
        let divisor = numerator.greatestCommonDivisor(with: denominator)
        let sign: BigInt = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / (divisor == 0 ? 1 : divisor)
        self.denominator = sign * denominator / (divisor == 0 ? 1 : divisor)
    }

    public init(_ integer: Int) { self.init(BigInt(integer)) }

    /// From a decimal's exact digits (a `Decimal` made from text is exact in base 10).
    public init(_ decimal: Decimal) {
        var value = decimal
        var text = NSDecimalString(&value, Locale(identifier: "en_US_POSIX"))
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1)
        let digits = parts.joined()
        let scale = parts.count == 2 ? parts[1].count : 0
        let magnitude = BigInt(digits) ?? 0
        self.init(negative ? -magnitude : magnitude, BigInt(10).power(scale))
    }

    public static let zero = ExactNumber(0)
    public static let hundred = ExactNumber(100)

    public static func + (lhs: ExactNumber, rhs: ExactNumber) -> ExactNumber {
        ExactNumber(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    public static func - (lhs: ExactNumber, rhs: ExactNumber) -> ExactNumber {
        ExactNumber(lhs.numerator * rhs.denominator - rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    public static func * (lhs: ExactNumber, rhs: ExactNumber) -> ExactNumber {
        ExactNumber(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// Nil when dividing by zero.
    public static func / (lhs: ExactNumber, rhs: ExactNumber) -> ExactNumber? {
        rhs.numerator == 0 ? nil : ExactNumber(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public static func < (lhs: ExactNumber, rhs: ExactNumber) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// Rounded half up (away from zero at exactly .5) to `places` decimals: `89.125` → `"89.13"`.
    public func rounded(places: Int = 2) -> String {
        let scale = BigInt(10).power(places)
        let negative = numerator < 0
        let magnitude = negative ? -numerator : numerator
        let scaled = magnitude * scale
        var (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: denominator)
        if remainder * 2 >= denominator { quotient += 1 }
        var digits = String(quotient)
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (negative && quotient != 0 ? "-" : "") + digits
    }

    /// Whether two decimals show it exactly (so "≈" is not needed).
    public var hasAtMostTwoDecimals: Bool { (numerator * 100) % denominator == 0 }

    /// The exact value: an integer, a terminating decimal (`88.75`), or a fraction (`268/3`).
    public var description: String {
        if denominator == 1 { return String(numerator) }
        var rest = denominator
        while rest % 2 == 0 { rest /= 2 }
        while rest % 5 == 0 { rest /= 5 }
        guard rest == 1 else { return "\(numerator)/\(denominator)" }
        var places = 0
        var scale = BigInt(1)
        while (numerator * scale) % denominator != 0 {
            scale *= 10
            places += 1
        }
        return rounded(places: places)
    }
}
