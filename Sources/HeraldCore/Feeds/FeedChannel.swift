import Foundation

/// One feed as every format writes it: what it is called, where it and the page it stands for are,
/// and its entries, newest first.
struct FeedChannel {
    let title: String
    let description: String
    let language: String
    /// Who publishes it: the organizer, or the site.
    let author: String
    /// The page the feed stands for: the home page, `notices/`, `contest/results/`.
    let pageURL: String
    /// The feed's own address.
    let feedURL: String
    let timeZone: TimeZone
    let entries: [FeedEntry]
    /// When the feed last changed: its newest entry's date, or the build's `now` while it has none.
    let updated: Date
}
