import Foundation
import Testing
@testable import HeraldCore

/// A cache file whose bytes changed in any way reads as no cache at all.
@Suite struct CacheFileTests {
    @Test func anyChangedByteOrSwappedWordChangesTheChecksum() {
        var writer = BinaryWriter()
        for index in 0..<500 { writer.append("第 \(index) 项：合肥市总工会") }
        let bytes = writer.bytes
        let sum = CacheFile.checksum(bytes[...])
        for position in stride(from: 0, to: bytes.count, by: 7) {
            var changed = bytes
            changed[position] ^= 0x01
            #expect(CacheFile.checksum(changed[...]) != sum, "byte \(position)")
        }
        var swapped = bytes
        swapped.swapAt(0, 8)
        swapped.swapAt(1, 9)
        #expect(CacheFile.checksum(swapped[...]) != sum)
        #expect(CacheFile.checksum(bytes.dropLast()) != sum)
        #expect(CacheFile.checksum((bytes + [0])[...]) != sum)
    }

    @Test func theProducerNamesTheLibrariesThatShapeWhatIsCached() {
        _ = MarkdownRenderer().render("*x*") { $0.url }
        _ = Summary.of(html: "<p>x</p>")
        let libraries = CacheFile.loadedLibraries
        #expect(libraries.contains { $0.contains("libcmark-gfm") }, "\(libraries)")
        #expect(libraries.contains { $0.contains("libxml2") })
        #expect(libraries.contains { $0.contains("libglib-2.0") })
        #expect(CacheFile.producer != "unknown" && CacheFile.producer.count == 16)
        // Only those: a module glibc maps while threads run (to look a user up) must not change it.
        #expect(libraries.filter(CacheFile.shapesCaches).allSatisfy {
            $0.contains("libcmark-gfm") || $0.contains("libxml2") || $0.contains("libglib-2.0")
        })
        #expect(!CacheFile.shapesCaches("/usr/lib/x86_64-linux-gnu/libnss_systemd.so.2"))
        #expect(!CacheFile.shapesCaches("/usr/lib/x86_64-linux-gnu/libxml2mod.so"))
        #expect(CacheFile.shapesCaches("/usr/lib/x86_64-linux-gnu/libcmark-gfm-extensions.so.0.29.0.gfm.6"))
        #expect(CacheFile.shapesCaches("/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0"))
        #expect(!CacheFile.shapesCaches("/usr/lib/x86_64-linux-gnu/libgobject-2.0.so.0"))
    }

    @Test func aSealedFileReadsBackAndNothingElseDoes() throws {
        var writer = BinaryWriter()
        writer.append(raw: Array("herald-test 1\n".utf8))
        writer.append("内容")
        writer.append(42)
        let sealed = [UInt8](CacheFile.sealed(writer))
        var reader = try #require(CacheFile.unsealed(sealed, header: "herald-test 1\n"))
        #expect(reader.string() == "内容" && reader.integer() == 42 && reader.isAtEnd)
        #expect(CacheFile.unsealed(sealed, header: "herald-test 2\n") == nil)
        var damaged = sealed
        damaged[damaged.count - 9] ^= 0x40
        #expect(CacheFile.unsealed(damaged, header: "herald-test 1\n") == nil)
    }
}

/// The listing of a folder tree the spare and the no-change check rely on.
@Suite struct FolderWalkTests {
    @Test func everyFileAndFolderIsListedWithItsInodeAndLinksAreNotFollowed() throws {
        let root = Fixtures.scratch()
        let manager = FileManager.default
        for folder in ["a", "a/b", "a/b/c", "empty", "中文"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["index.html", "a/x.html", "a/b/y.html", "a/b/c/z.html", "中文/页面.html"] {
            try Data(file.utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "a")
        let listing = try #require(FileSystem.walk(root.path, inodes: true))
        #expect(FileSystem.walk(root.path)?.inodes.isEmpty == true, "inodes only when asked for")
        #expect(Set(listing.folders) == ["a", "a/b", "a/b/c", "empty", "中文"])
        #expect(Set(listing.files) == ["index.html", "a/x.html", "a/b/y.html", "a/b/c/z.html", "中文/页面.html", "link"])
        for (file, inode) in zip(listing.files, listing.inodes) {
            #expect(FileSystem.status(root.path + "/" + file, followingLinks: false)?.identity.inode == inode, "\(file)")
        }
        for (position, folder) in listing.folders.enumerated() {
            let parent = folderPart(of: folder)
            guard !parent.isEmpty else { continue }
            let parentPosition = listing.folders.firstIndex(of: parent) ?? Int.max
            #expect(parentPosition < position, "\(parent) comes before \(folder)")
        }
        #expect(FileSystem.walk(root.path + "/missing") == nil)
        // A name that is not UTF-8 cannot be named again as text: no listing rather than a wrong one.
        let raw = Array((root.path + "/a/").utf8).map { CChar(bitPattern: $0) } + [CChar(bitPattern: 0xFF), 0]
        let descriptor = raw.withUnsafeBufferPointer { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        #expect(descriptor >= 0)
        close(descriptor)
        #expect(FileSystem.walk(root.path, inodes: true) == nil)

    }
}

@Suite struct FolderPartTests {
    @Test func theFolderPartOfAPathIsWhatFoundationGivesWithoutItsTrap() {
        let paths = ["a/b", "ab", "/ab", "ab/", "a/b/", "/", "", "content/notices/x.md", "./c", "../c", "/srv/www/site",
                     "a//b", "中文/页面.html", "中文"]
        for path in paths {
            #expect(folderPart(of: path) == (path as NSString).deletingLastPathComponent, "\(path.debugDescription)")
        }
        // Foundation traps on these; the folder part of a one-letter name is nothing.
        #expect(folderPart(of: "o") == "" && folderPart(of: "/o") == "/" && folderPart(of: "a/o") == "a")
    }
}
