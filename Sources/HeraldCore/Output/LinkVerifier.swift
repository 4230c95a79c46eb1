import Foundation

/// Stage 6: reads back every page the build wrote, with libxml2's HTML parser, and checks that every
/// internal `href`, `src`, `srcset` and `poster` — and every `#fragment` — points at something that exists.
struct LinkVerifier: Sendable {
    let output: StagedOutput
    /// Page → content file, for messages.
    let sources: [SitePath: String]

    private struct PageLinks: Sendable {
        var links: [String] = []
        var ids: Set<String> = []
        var resolvesFromRoot = false
    }

    func verify(into diagnostics: inout Diagnostics) {
        let files = Set(output.writtenFiles.map(\.outputFile))
        // Reading back is parsing: spread over every core.
        let htmlFiles = files.sorted().filter { $0.hasSuffix(".html") }
        let parsed = Parallel.map(htmlFiles) { file in (file, readLinks(file)) }
        var pages: [String: PageLinks] = [:]
        for (file, page) in parsed { if let page { pages[file] = page } }

        for (file, page) in pages.sorted(by: { $0.key < $1.key }) {
            let folder = page.resolvesFromRoot ? "" : (file as NSString).deletingLastPathComponent
            for link in page.links {
                guard let problem = check(link, from: folder, in: file, files: files, pages: pages) else { continue }
                let pagePath = SitePath(file.hasSuffix("index.html") ? String(file.dropLast("index.html".count)) : file)
                let source = sources[pagePath] ?? "layouts"
                diagnostics.error(at: SourceLocation(file: source),
                                  "生成的页面 \(file) 中的链接“\(link)”\(problem)",
                                  hint: "修改该链接，或补上它指向的页面或文件")
            }
        }
    }

    /// Every link and id of one written page.
    private func readLinks(_ file: String) -> PageLinks? {
        guard let data = FileManager.default.contents(atPath: output.staging.appendingPathComponent(file).path),
              let document = HTMLDocument(data: data) else { return nil }
        var page = PageLinks()
        for element in document.elements {
            if element.name == "base" { page.resolvesFromRoot = true }
            for (name, value) in element.attributes {
                switch name {
                case "id": page.ids.insert(value)
                case "name" where element.name == "a": page.ids.insert(value)
                case "href" where element.name != "base", "src", "poster":
                    page.links.append(value)
                case "srcset":
                    page.links += value.split(separator: ",").compactMap {
                        $0.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init)
                    }
                default: break
                }
            }
        }
        return page
    }

    /// Nil when the link is fine; otherwise what is wrong with it.
    private func check(_ link: String, from folder: String, in file: String, files: Set<String>,
                       pages: [String: PageLinks]) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("//") || SiteGraph.hasScheme(trimmed) { return nil }
        var path = trimmed
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...]).removingPercentEncoding
            path = String(path[..<hash])
        }
        if let question = path.firstIndex(of: "?") { path = String(path[..<question]) }
        let target: String
        if path.isEmpty {
            target = file
        } else {
            guard let decoded = path.removingPercentEncoding,
                  let normalized = SiteGraph.normalize(decoded, from: path.hasPrefix("/") ? "" : folder) else {
                return "指向网站根目录之外"
            }
            if path.hasPrefix("/") { return "以 / 开头，放到子路径下就会失效" }
            let isFolder = path.hasSuffix("/") || normalized.isEmpty
            if isFolder || (!files.contains(normalized) && files.contains(normalized + "/index.html")) {
                target = normalized.isEmpty ? "index.html" : normalized + "/index.html"
            } else {
                target = normalized
            }
            guard files.contains(target) else { return "指向不存在的文件" }
        }
        if let fragment, !fragment.isEmpty, let page = pages[target], !page.ids.contains(fragment) {
            return "指向页面中不存在的锚点 #\(fragment)"
        }
        return nil
    }
}
