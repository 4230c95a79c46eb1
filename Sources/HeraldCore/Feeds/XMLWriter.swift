import CLibXML2
import Foundation

/// libxml2's text writer, writing into memory. Escaping and well-formedness are the library's.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    init?() {
        _ = LibXML.initialized
        guard let buffer = xmlBufferCreate() else { return nil }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            return nil
        }
        self.buffer = buffer
        self.writer = writer
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    func start(_ name: String) {
        xmlTextWriterStartElement(writer, name)
    }

    func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, value)
    }

    func end() {
        xmlTextWriterEndElement(writer)
    }

    /// `<name attributes…>text</name>`
    func element(_ name: String, _ text: String, attributes: [(String, String)] = []) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        xmlTextWriterWriteString(writer, text)
        end()
    }

    /// An element with no content: `<atom:link href="…"/>`.
    func empty(_ name: String, attributes: [(String, String)]) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        end()
    }

    /// Closes every open element and returns the document.
    func finish() -> Data {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }
}
