#pragma once
// What a PDF file holds, for tests of generated reports: poppler's pdfinfo when it is installed
// (scripts/install-deps), else the page objects counted in the file itself.
#include <string>

namespace framenote::test {

// Pages in the PDF at `path`; -1 if it is not a PDF (or pdfinfo refuses it).
int pdfPageCount(const std::string& path);

// The text of page `page` (1-based) as poppler's pdftotext reads it, or of every page (0).
std::string pdfText(const std::string& path, int page = 0);

}  // namespace framenote::test
