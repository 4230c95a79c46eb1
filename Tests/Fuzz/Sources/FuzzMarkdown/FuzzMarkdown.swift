import Foundation
import FuzzSupport
import HeraldCore

let scratch = Scratch("fuzz-markdown")
let pagePath = scratch.file("page.md")

/// A Markdown page with front matter, as `notices/*.md` and `projects/*.md` are read: front matter
/// split + YAML + MappingReader, cmark-gfm rendering with Herald's tree rewrites, libxml2 summary.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let result = FuzzEntryPoints.markdownPage(data, file: pagePath)
    if !result.diagnostics.items.isEmpty {
        // `herald check` prints each diagnostic with its source line and a caret: the printer reads the file.
        guard FileManager.default.createFile(atPath: pagePath, contents: data) else { fatalError("cannot write \(pagePath)") }
        var printer = DiagnosticPrinter()
        _ = printer.text(for: result.diagnostics.items)
    }
    return 0
}
