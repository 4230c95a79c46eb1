import Foundation
import PackagePlugin

/// Embeds the repository's `layouts/` (the default theme) into the target as Swift source,
/// so a site folder holding only `content/` builds with the `herald` binary alone.
@main
struct EmbedThemePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let layouts = context.package.directoryURL.appending(path: "layouts")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        let files = themeFiles(under: layouts)
        var arguments = [output.path(), layouts.path()]
        arguments += files.map { $0.path() }
        return [
            .buildCommand(
                displayName: "Embedding the default theme (\(files.count) files)",
                executable: try context.tool(named: "EmbedTheme").url,
                arguments: arguments,
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }

    private func themeFiles(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
            if isFile { files.append(url) }
        }
        return files.sorted { $0.path() < $1.path() }
    }
}
