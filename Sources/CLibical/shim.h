// libical's core API (components, properties, values). Herald uses only its fixed-signature
// constructors and serializer; the variadic `icalcomponent_vanew` / `icalproperty_vanew_*` are not
// reachable from Swift and not needed.
#include <libical/ical.h>
