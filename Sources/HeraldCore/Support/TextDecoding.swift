import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text that editors receive from elsewhere — spreadsheets the units export — rather than write themselves.
///
/// Spreadsheet programs in China save CSV either as UTF-8 (Excel's “CSV UTF-8” adds a byte-order mark,
/// WPS and LibreOffice usually do not) or in the Windows code page GBK, of which GB18030 is the superset.
/// Nothing in the file says which, so the bytes decide: valid UTF-8 is taken as UTF-8, because GBK text
/// is practically never valid UTF-8 while UTF-8 text often happens to be valid GBK; anything else is
/// converted from GB18030 by the C library's iconv. All pointer code for iconv stays in this file.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 BOM"
        case gb18030 = "GB18030"
    }

    /// Why a file could not be read as text, so the message can say what the editor actually has.
    public enum Failure: Error, Sendable, Equatable {
        /// Starts with a UTF-16 byte-order mark (Excel's “Unicode 文本”).
        case utf16
        /// A ZIP container: an `.xlsx`/`.et` workbook saved under a `.csv` name, or sent as is.
        case workbook
        /// Neither UTF-8 nor GB18030 (or it holds NUL bytes, which no text export does).
        case unknownEncoding
    }

    public struct Decoded: Sendable {
        public var text: String
        public var encoding: Encoding
    }

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text of `data`, with any UTF-8 byte-order mark removed.
    public static func decode(_ data: Data) -> Result<Decoded, Failure> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .failure(.utf16) }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .failure(.workbook) }
        if bytes.starts(with: bom) {
            guard let text = String(validating: bytes.dropFirst(bom.count), as: UTF8.self) else {
                return .failure(.unknownEncoding)
            }
            return .success(Decoded(text: text, encoding: .utf8WithBOM))
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return bytes.contains(0) ? .failure(.unknownEncoding) : .success(Decoded(text: text, encoding: .utf8))
        }
        // A NUL byte is no part of any GB18030 character: such a file is binary or UTF-16 without a mark.
        guard !bytes.contains(0), let text = convert(bytes, from: "GB18030") else { return .failure(.unknownEncoding) }
        return .success(Decoded(text: text, encoding: .gb18030))
    }

    /// `bytes` converted from `encoding` to UTF-8 with iconv; nil when iconv does not know the encoding or
    /// the bytes are not valid in it (an invalid or truncated sequence is never skipped or replaced).
    static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        if bytes.isEmpty { return "" }

        var input = bytes
        // A GB18030 character of 1, 2 or 4 bytes becomes at most 1, 3 or 4 bytes of UTF-8.
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                guard let inputBase = inputBuffer.baseAddress, let outputBase = outputBuffer.baseAddress else { return nil }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBase).assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inputBuffer.count
                var outLeft = outputBuffer.count
                // Any failure — EILSEQ (invalid), EINVAL (truncated at the end), E2BIG (cannot happen with the
                // size above) — means the file is not GB18030.
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                // Flush any shift state (none for GB18030, but the call is part of a correct conversion).
                guard iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outputBuffer.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output.prefix(written), as: UTF8.self)
    }
}
