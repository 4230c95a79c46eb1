/// The views every page or every singer page renders, turned into template dictionaries by hand
/// instead of through `Mirror`: on a 30,000-singer site, reflection was a quarter of a rebuild. Each
/// must give exactly what `TemplateValue.reflected` gives (a test compares them), so the templates see
/// the same data either way.
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

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

extension CoverView: TemplateFields {
    var templateFields: [String: Any] {
        ["webpSrcset": webpSrcset, "jpegSrcset": jpegSrcset, "src": src, "width": width, "height": height, "alt": alt]
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
        fields["cover"] = cover?.templateFields
        fields["voteURL"] = voteURL
        fields["previous"] = previous?.templateFields
        fields["next"] = next?.templateFields
        return fields
    }
}

extension SingerCardView: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["id": id, "name": name, "unit": unit, "song": song, "href": href, "eager": eager]
        fields["cover"] = cover?.templateFields
        fields["badges"] = badges
        return fields
    }
}

extension UnitGroupView: TemplateFields {
    var templateFields: [String: Any] {
        ["anchor": anchor, "name": name, "count": count, "singers": singers.map(\.templateFields)]
    }
}
