import Foundation
import Mustache

/// The layouts and assets pages are made with: the default theme built into the binary, with any file of
/// the site's own `layouts/` folder replacing the built-in file of the same name.
public struct Theme: Sendable {
    /// Layout name (file name without `.mustache`) → where it came from, for messages.
    public private(set) var layoutSources: [String: String] = [:]
    /// Files under `assets/`, copied to `output/assets/`.
    public private(set) var assets: [String: Data] = [:]
    let library: MustacheLibrary
    /// Every layout and partial, as a digest: part of each page's fingerprint, so a changed layout
    /// re-renders every page.
    var fingerprint = Fingerprint()

    public var layoutNames: [String] { layoutSources.keys.sorted() }

    /// Loads the built-in theme and overlays `overrides` (a site's `layouts/`, if it exists).
    public static func load(overrides: String?, diagnostics: inout Diagnostics) -> Theme {
        var files: [String: (data: Data, origin: String)] = [:]
        for (name, encoded) in EmbeddedTheme.base64Files {
            if let data = Data(base64Encoded: encoded) { files[name] = (data, "（内置主题）layouts/" + name) }
        }
        if let overrides, FileManager.default.fileExists(atPath: overrides) {
            for name in Self.files(under: overrides) {
                if let data = FileManager.default.contents(atPath: overrides + "/" + name) {
                    files[name] = (data, overrides + "/" + name)
                }
            }
        }
        var layoutSources: [String: String] = [:]
        var assets: [String: Data] = [:]
        LayoutEscaping.registered
        var library = MustacheLibrary()
        var fingerprint = Fingerprint()
        for (name, file) in files.sorted(by: { $0.key < $1.key }) {
            if name.hasPrefix("assets/") {
                assets[String(name.dropFirst("assets/".count))] = file.data
                continue
            }
            fingerprint.add(name)
            fingerprint.add(UInt64(file.data.count))
            for byte in file.data { fingerprint.add(byte: byte) }
            guard name.hasSuffix(".mustache"), !name.contains("/") else { continue }
            let layout = String(name.dropLast(".mustache".count))
            guard let text = String(data: file.data, encoding: .utf8) else {
                diagnostics.error(at: SourceLocation(file: file.origin), "版式文件不是 UTF-8 编码", hint: "以 UTF-8 编码另存")
                continue
            }
            do {
                library.register(try MustacheTemplate(string: LayoutEscaping.pragma + text), named: layout)
                layoutSources[layout] = file.origin
            } catch let error as MustacheTemplate.ParserError {
                // The pragma is a line of its own before the layout's first.
                diagnostics.error(at: SourceLocation(file: file.origin, line: max(1, error.context.lineNumber - 1),
                                                     column: error.context.columnNumber),
                                  "版式语法错误：\(error.error)", hint: "检查 {{#…}} 与 {{/…}} 是否成对")
            } catch {
                diagnostics.error(at: SourceLocation(file: file.origin), "版式语法错误：\(error)")
            }
        }
        return Theme(layoutSources: layoutSources, assets: assets, library: library, fingerprint: fingerprint)
    }

    public func hasLayout(_ name: String) -> Bool { layoutSources[name] != nil }

    /// The context as the templates see it (see `TemplateValue`).
    func templateData(_ context: Any) -> Any {
        TemplateValue.convert(context) ?? context
    }

    func render(data: Any, layout: String) -> String? {
        library.render(data, withTemplate: layout)
    }

    /// What a page made with `layout` from `context` is made from: the theme, the layout's name and the
    /// typed views (the template data is a function of them, so equal views render equal pages).
    func fingerprint(of context: some Encodable, layout: String) -> Fingerprint {
        var digest = fingerprint
        digest.add(layout)
        return FingerprintEncoder.fingerprint(of: context, continuing: digest)
    }

    private static func files(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let hidden = name.split(separator: "/").contains { $0.hasPrefix(".") }
            if !hidden, FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names.sorted()
    }
}
