import Foundation

/// The contestants of each `contest/contestants/UNIT.yml` as the last build read them.
typealias ContestantFileCache = ParsedFileCache<[Contestant]>

extension ParsedFileCache where Value == [Contestant] {
    static var version: Int { 3 }

    convenience init(cacheDirectory: String, contentRoot: String, yamlLimit: Int, settling: TimeInterval = 2) {
        self.init(kind: "contestants", version: Self.version, cacheDirectory: cacheDirectory, contentRoot: contentRoot,
                  settings: "yaml \(yamlLimit)", codec: Codec(encode: Self.encode, decode: Self.decode), settling: settling)
    }

    static func encode(_ contestants: [Contestant], _ diagnostics: Diagnostics, displayPath: String) -> [UInt8] {
        var writer = BinaryWriter()
        writer.append(contestants.count)
        for contestant in contestants {
            writer.append(contestant.id)
            writer.append(contestant.unit)
            writer.append(contestant.name)
            writer.append(contestant.employer)
            writer.append(contestant.occupation)
            writer.append(contestant.song)
            writer.append(contestant.video)
            writer.append(contestant.cover)
            writer.append(contestant.performers)
            writer.append(contestant.submittedAt)
            writer.append(contestant.copyrightReserved)
            writer.append(contestant.bio)
            writer.append(contestant.location, in: displayPath)
            writer.append(contestant.fieldLocations.count)
            for (field, location) in contestant.fieldLocations.sorted(by: { $0.key < $1.key }) {
                writer.append(field)
                writer.append(location, in: displayPath)
            }
        }
        writer.append(diagnostics, in: displayPath)
        return writer.bytes
    }

    static func decode(_ payload: ArraySlice<UInt8>, displayPath: String) -> ([Contestant], Diagnostics)? {
        var reader = BinaryReader(Array(payload))
        guard let count = reader.integer(), count >= 0 else { return nil }
        var contestants: [Contestant] = []
        contestants.reserveCapacity(min(count, payload.count))
        for _ in 0..<count {
            guard let id = reader.string(), let unit = reader.string(), let name = reader.string(),
                  let employer = reader.optionalString(), let occupation = reader.optionalString(),
                  let song = reader.string(), let video = reader.string(), let cover = reader.string(),
                  let performers = reader.integer(), let submittedAt = reader.date(),
                  let copyrightReserved = reader.bool(), let bio = reader.optionalString(),
                  let location = reader.location(in: displayPath),
                  let fieldCount = reader.integer(), fieldCount >= 0 else { return nil }
            var fieldLocations: [String: SourceLocation] = [:]
            fieldLocations.reserveCapacity(min(fieldCount, payload.count))
            for _ in 0..<fieldCount {
                guard let field = reader.string(), let fieldLocation = reader.location(in: displayPath) else { return nil }
                fieldLocations[field] = fieldLocation
            }
            contestants.append(Contestant(
                id: id, unit: unit, name: name, employer: employer, occupation: occupation, song: song, video: video,
                cover: cover, performers: performers, submittedAt: submittedAt, copyrightReserved: copyrightReserved,
                bio: bio, location: location, fieldLocations: fieldLocations))
        }
        guard let diagnostics = reader.diagnostics(in: displayPath) else { return nil }
        return reader.isAtEnd ? (contestants, diagnostics) : nil
    }
}
