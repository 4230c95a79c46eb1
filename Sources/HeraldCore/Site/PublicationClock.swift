import Foundation

/// Decides what the public may see as of `now` (`--now`): drafts and embargoed items are absent,
/// unless the build is a preview (`--drafts`), which shows them marked and `noindex`.
public struct PublicationClock: Sendable {
    public enum Visibility: Sendable, Equatable {
        case published
        /// Not yet public; shown only because this is a `--drafts` preview.
        case preview
        case hidden
    }

    public var now: Date
    public var includesDrafts: Bool
    public var timeZone: TimeZone

    public init(now: Date, includesDrafts: Bool, timeZone: TimeZone) {
        self.now = now
        self.includesDrafts = includesDrafts
        self.timeZone = timeZone
    }

    /// A thing is public from `publishAt` on (a plain date means its first second), and never while a draft.
    public func visibility(draft: Bool, publishAt: CampaignDate?) -> Visibility {
        let embargoed = publishAt.map { now < $0.instant(in: timeZone) } ?? false
        if !draft && !embargoed { return .published }
        return includesDrafts ? .preview : .hidden
    }

    public func instant(_ date: CampaignDate) -> Date {
        date.instant(in: timeZone)
    }
}
