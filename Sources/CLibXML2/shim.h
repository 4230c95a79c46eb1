// Debian builds libxml2 with ICU, whose headers clash with the ICU copy inside Foundation.
// Herald never touches libxml2's ICU-dependent structures (encoding handlers), so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
