import Mustache

/// Views turned into template dictionaries by hand instead of through `Mirror` (on a 30,000-singer
/// site, reflection was a quarter of a rebuild). Each must give exactly what `TemplateValue.reflected`
/// gives (a test compares them), so the templates see the same data either way.
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

/// The views on every page (site, head, navigation) and on every singer page, and the gallery's cards,
/// looked up by the templates where they are (swift-mustache asks a `MustacheParent` for each name)
/// instead of copied into dictionaries: nothing is built per page, and a 30,000-singer gallery no longer
/// holds 40 MB of card dictionaries at once (its largest use of memory). Each must answer for every
/// field exactly what `TemplateValue.reflected` gives (a test compares them), and nil for other names.
protocol TemplateParent: MustacheParent {}

private func converted(_ value: Any?) -> Any? {
    value.flatMap(TemplateValue.convert)
}

extension PageContext: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["site": site, "page": page, "nav": nav]
        fields["home"] = converted(home)
        fields["noticeList"] = converted(noticeList)
        fields["notice"] = converted(notice)
        fields["projectList"] = converted(projectList)
        fields["project"] = converted(project)
        fields["contest"] = converted(contest)
        fields["results"] = converted(results)
        fields["resultsIndex"] = converted(resultsIndex)
        fields["gallery"] = converted(gallery)
        fields["search"] = converted(search)
        fields["singer"] = singer
        return fields
    }
}

extension SiteView: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "title": title
        case "description": description
        case "organizer": organizer
        case "language": language
        case "icp": icp
        case "policeRecord": policeRecord
        case "siteCode": siteCode
        case "hasRecordNumbers": hasRecordNumbers
        default: nil
        }
    }
}

extension PageMeta: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "title": title
        case "documentTitle": documentTitle
        case "description": description
        case "canonical": canonical
        case "root": root
        case "baseHref": baseHref
        case "noindex": noindex
        case "preview": preview
        case "feedURL": feedURL
        case "feeds": feeds
        case "stylesheetURL": stylesheetURL
        case "homeURL": homeURL
        case "shareImage": shareImage
        case "previousURL": previousURL
        case "nextURL": nextURL
        default: nil
        }
    }
}

extension PageMeta.FeedLink: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "type": type
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension NavLink: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "title": title
        case "href": href
        case "current": current
        default: nil
        }
    }
}

extension LinkView: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension CoverView: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "webpSrcset": webpSrcset
        case "jpegSrcset": jpegSrcset
        case "src": src
        case "width": width
        case "height": height
        case "alt": alt
        default: nil
        }
    }
}

extension VideoView: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "src": src
        case "type": type
        case "poster": poster
        case "description": description
        default: nil
        }
    }
}

extension SingerView: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "id": id
        case "name": name
        case "employer": employer
        case "occupation": occupation
        case "unit": unit
        case "song": song
        case "bio": bio
        case "video": video
        case "videoWithheld": videoWithheld
        case "cover": cover
        case "voteURL": voteURL
        case "results": results
        case "hasResults": hasResults
        case "previous": previous
        case "next": next
        case "galleryURL": galleryURL
        default: nil
        }
    }
}

extension SingerCardView: TemplateParent {
    func child(named field: String) -> Any? {
        switch field {
        case "id": id
        case "name": name
        case "unit": unit
        case "song": song
        case "href": href
        case "cover": cover
        case "badges": badges
        case "eager": eager
        default: nil
        }
    }
}

extension UnitGroupView: TemplateFields {
    var templateFields: [String: Any] {
        ["anchor": anchor, "name": name, "count": count, "singers": singers]
    }
}
