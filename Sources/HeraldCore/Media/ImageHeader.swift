import CHeraldImaging

/// An image's size as viewers see it (EXIF orientation applied), read from its header with libvips.
public struct ImageHeader: Sendable, Equatable {
    public var storedWidth: Int
    public var storedHeight: Int
    /// EXIF orientation, 1–8; 5–8 turn the picture a quarter.
    public var orientation: Int

    public var displayWidth: Int { orientation >= 5 ? storedHeight : storedWidth }
    public var displayHeight: Int { orientation >= 5 ? storedWidth : storedHeight }
    public var isPortrait: Bool { displayHeight > displayWidth }

    public struct Unreadable: Error, CustomStringConvertible {
        /// libvips' explanation, for the curious; editors get a plain sentence.
        public var detail: String
        public var description: String { "无法识别的图片文件，或文件已损坏" }
    }

    public static func read(path: String) throws(Unreadable) -> ImageHeader {
        var info = herald_image_info()
        var message = [CChar](repeating: 0, count: 512)
        guard herald_image_read_info(path, &info, &message, Int32(message.count)) == 0 else {
            throw Unreadable(detail: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return ImageHeader(storedWidth: Int(info.width), storedHeight: Int(info.height), orientation: Int(info.orientation))
    }
}
