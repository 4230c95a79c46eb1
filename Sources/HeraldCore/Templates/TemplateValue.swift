/// Turns a page's view structs into dictionaries and arrays once, before rendering. swift-mustache looks
/// a struct's fields up through `Mirror` on every `{{name}}`, climbing the context stack; a dictionary
/// lookup is a hash. Same values, same output, several times faster on a site of thousands of pages.
enum TemplateValue {
    static func convert(_ value: Any) -> Any? {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag
        case let number as Int: return number
        case let view as TemplateParent: return view
        case let view as TemplateFields: return view.templateFields
        default: return reflected(value)
        }
    }

    /// The conversion through `Mirror`, for every view without hand-written `TemplateFields`.
    static func reflected(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .dictionary:
            return value   // already converted
        case .optional:
            return mirror.children.first.flatMap { convert($0.value) }
        case .collection, .set:
            return mirror.children.compactMap { convert($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let converted = convert(child.value) else { continue }
                fields[label] = converted
            }
            return fields
        default:
            return value
        }
    }
}
