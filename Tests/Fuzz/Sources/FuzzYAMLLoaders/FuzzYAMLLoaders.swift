import Foundation
import FuzzSupport
import HeraldCore

/// The YAML data loaders (site.yml, contest/*.yml, results, front matter of pages) and everything the
/// checking stages do with what they read (validation, scoring, resolution), through the public
/// `BuildPipeline.check()` stages — exactly what `herald check` runs (through `FuzzEntryPoints.check`,
/// which takes the built-in theme parsed once) — then `herald score`'s reports of the scores.
///
/// Input: the first byte picks which file of a valid contest site the rest of the input replaces
/// (`slots[byte % count]`); its top bit turns on `--drafts`. The other files stay as in
/// Tests/Fixtures/sites/contest, so the fuzzed file meets real contestants, units and rules.
let slots = [
    "site.yml",
    "contest/contest.yml",
    "contest/units.yml",
    "contest/contestants/hefei.yml",
    "contest/results/rematch.yml",
    "contest/results/final.yml",
    "contest/results/rematch.md",
    "notices/contest.md",
    "projects/fuzz.md",
]

let scratch = Scratch("fuzz-yaml")
let base: [String: Data] = {
    scratch.copy(repositoryFolder: "Tests/Fixtures/sites/contest/content", to: "content")
    var files: [String: Data] = [:]
    for slot in slots {
        if let data = FileManager.default.contents(atPath: scratch.file("content/" + slot)) { files[slot] = data }
    }
    return files
}()
let theme: Theme = {
    var diagnostics = Diagnostics()
    return Theme.load(overrides: nil, diagnostics: &diagnostics)
}()
let now = Date(timeIntervalSince1970: 1_726_790_400)  // 2024-09-20 08:00 +08:00: every result published

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLLoaders(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start, count >= 1 else { return 0 }
    let selector = start.load(as: UInt8.self)
    let slot = slots[Int(selector & 0x7F) % slots.count]
    let data = Data(bytes: start + 1, count: count - 1)
    let original = base[slot]
    scratch.write(data, to: "content/" + slot)
    defer {
        if let original { scratch.write(original, to: "content/" + slot) } else { scratch.remove("content/" + slot) }
    }
    let options = BuildOptions(contentDirectory: scratch.file("content"), layoutsDirectory: nil,
                               outputDirectory: scratch.file("output"), now: now, includeDrafts: selector & 0x80 != 0)
    let result = FuzzEntryPoints.check(options, theme: theme)
    if let contest = result.campaign?.contest, let scores = result.scores {
        let report = ScoreReport(contest: contest, scores: scores)
        for round in ScoreReport.Round.allCases {
            _ = report.table(round)
            _ = report.json(round)
            _ = try? report.csv(round)
        }
        for contestant in contest.contestants.prefix(20) { _ = report.explain(contestant.id) }
    }
    // Every problem must come out as a diagnostic the printers can show (the text printer reads the
    // files back for the source line and caret, so this runs before the file is restored).
    var printer = DiagnosticPrinter()
    _ = printer.text(for: result.diagnostics.items.sorted { $0.location < $1.location })
    _ = DiagnosticPrinter.json(for: result.diagnostics.items)
    return 0
}
