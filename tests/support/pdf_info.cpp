#include "tests/support/pdf_info.h"

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/test_media.h"

namespace framenote::test {

int pdfPageCount(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string pdf = bytes.str();
    if (pdf.rfind("%PDF-", 0) != 0) return -1;
    if (runCommand("command -v pdfinfo >/dev/null").exitCode == 0) {
        // pdfinfo parses the whole file: a broken xref or trailer fails here.
        const CommandResult info = runCommand("pdfinfo '" + path + "'");
        if (info.exitCode != 0) return -1;
        std::smatch m;
        if (!std::regex_search(info.out, m, std::regex("Pages:\\s+(\\d+)"))) return -1;
        return std::stoi(m[1]);
    }
    int pages = 0;
    const std::regex page("/Type\\s*/Page(?![a-zA-Z])");
    for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), page); it != std::sregex_iterator();
         ++it)
        ++pages;
    return pages;
}

std::string pdfText(const std::string& path, int page) {
    const std::string pages =
        page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return runCommand("pdftotext -enc UTF-8" + pages + " '" + path + "' -").out;
}

}  // namespace framenote::test
