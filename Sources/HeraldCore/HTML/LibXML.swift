import CLibXML2

/// libxml2 2.9 sets up its global tables on first use, and that first use is not safe on two threads at
/// once ("call xmlInitParser once before processing in multithreaded programs"): pages are read back
/// and feeds written on every core, so every entry point goes through here first.
enum LibXML {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()
}
