import Foundation
import FuzzSupport
import HeraldCore

/// `herald import contestants FILE.csv --unit wuhu` into a copy of Tests/Fixtures/sites/contest (with
/// `wuhu` added to units.yml): encoding detection, the CSV library, header mapping, row checks, conflict
/// checks against the existing contestants, YAML serialisation, append planning and the read-back.
///
/// Input: the CSV file; or, when the input holds a NUL byte, the bytes before the first NUL are an
/// existing `contest/contestants/wuhu.yml` to append to and the bytes after it are the CSV file.
let scratch = Scratch("fuzz-csv")
let content: String = {
    scratch.copy(repositoryFolder: "Tests/Fixtures/sites/contest/content", to: "content")
    let units = scratch.file("content/contest/units.yml")
    var text = (try? String(contentsOfFile: units, encoding: .utf8)) ?? ""
    text += "- {id: wuhu, name: 芜湖市总工会, kind: city}\n"
    scratch.write(Data(text.utf8), to: "content/contest/units.yml")
    return scratch.file("content")
}()
let target = "content/contest/contestants/wuhu.yml"
let csvPath = scratch.file("报名表.csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVImport(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let csv: Data
    if let (existing, rest) = data.splitOnce([0]) {
        scratch.write(existing, to: target)
        csv = rest
    } else {
        csv = data
    }
    guard FileManager.default.createFile(atPath: csvPath, contents: csv) else { fatalError("cannot write \(csvPath)") }
    defer {
        scratch.remove(target)
        let folder = scratch.file("content/contest/contestants")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
    let report = ContestantImporter(contentDirectory: content, unit: "wuhu").run(csv: csvPath)
    if report.succeeded {
        precondition(!report.entries.isEmpty, "an import that succeeded added no entry")
    }
    var printer = DiagnosticPrinter()
    _ = printer.text(for: report.diagnostics.items)
    return 0
}
