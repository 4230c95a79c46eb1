import Mustache

/// The views every page or every singer page renders, turned into template dictionaries by hand
/// instead of through `Mirror`: on a 30,000-singer site, reflection was a quarter of a rebuild. Each
/// must give exactly what `TemplateValue.reflected` gives (a test compares them), so the templates see
/// the same data either way.
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

/// The gallery's views, looked up by the templates where they are (swift-mustache asks a
/// `MustacheParent` for each name) instead of copied into dictionaries: a 30,000-singer gallery held
/// 40 MB of card dictionaries at once, its largest use of memory. Each must answer for every field
/// exactly what `TemplateValue.reflected` gives (a test compares them), and nil for other names.
protocol TemplateParent: MustacheParent {}

private func converted(_ value: Any?) -> Any? {
    value.flatMap(TemplateValue.convert)
}

extension PageContext: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["site": site.templateFields, "page": page.templateFields,
                                     "nav": nav.map(\.templateFields)]
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
        fields["singer"] = singer?.templateFields
        return fields
    }
}

extension SiteView: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["title": title, "language": language, "hasRecordNumbers": hasRecordNumbers]
        fields["description"] = description
        fields["organizer"] = organizer
        fields["icp"] = icp
        fields["policeRecord"] = policeRecord
        fields["siteCode"] = siteCode
        return fields
    }
}

extension PageMeta: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "title": title, "documentTitle": documentTitle, "canonical": canonical, "root": root,
            "noindex": noindex, "preview": preview, "feedURL": feedURL, "feeds": feeds.map(\.templateFields),
            "stylesheetURL": stylesheetURL, "homeURL": homeURL,
        ]
        fields["description"] = description
        fields["baseHref"] = baseHref
        fields["shareImage"] = shareImage
        fields["previousURL"] = previousURL
        fields["nextURL"] = nextURL
        return fields
    }
}

extension PageMeta.FeedLink: TemplateFields {
    var templateFields: [String: Any] { ["type": type, "title": title, "href": href] }
}

extension NavLink: TemplateFields {
    var templateFields: [String: Any] { ["title": title, "href": href, "current": current] }
}

extension LinkView: TemplateFields {
    var templateFields: [String: Any] { ["title": title, "href": href] }
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

extension VideoView: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["src": src, "description": description]
        fields["type"] = type
        fields["poster"] = poster
        return fields
    }
}

extension SingerView: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "id": id, "name": name, "unit": unit, "song": song, "videoWithheld": videoWithheld,
            "results": results, "hasResults": hasResults, "galleryURL": galleryURL,
        ]
        fields["employer"] = employer
        fields["occupation"] = occupation
        fields["bio"] = bio
        fields["video"] = video?.templateFields
        fields["cover"] = cover
        fields["voteURL"] = voteURL
        fields["previous"] = previous?.templateFields
        fields["next"] = next?.templateFields
        return fields
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
