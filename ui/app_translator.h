#pragma once
// Loads Framenote's translation for a language, and Qt's own (qtbase: OK, Cancel, the file
// dialog) from Qt's translations folder (package qt6-translations-l10n) so that one installed
// translator answers for both. lupdate 6.4 names a class's context without its C++17 nested
// namespace ("MainWindow"), while tr() asks with the full class name
// ("framenote::ui::MainWindow"); this translator falls back to the unqualified name.
#include <QTranslator>

namespace framenote::ui {

class AppTranslator : public QTranslator {
  public:
    using QTranslator::QTranslator;
    // Loads ":/i18n/framenote_<language>.qm"; false if there is none for it. Qt's own
    // translation for the language is loaded too where it is installed.
    bool loadLanguage(const QString& language);
    // Whether Qt's own words are translated (qtbase_<language>.qm was found).
    bool hasQtTranslation() const { return !qt_.isEmpty(); }
    QString translate(const char* context, const char* sourceText, const char* disambiguation,
                      int n) const override;

  private:
    QTranslator qt_;
};

// Makes `language` ("zh_CN", "en"; empty: the system's) the application's, at start and when the
// setting changes: the application's translator (made by the first call) is removed, loaded
// again and installed, so every window hears QEvent::LanguageChange and sets its texts again
// (retranslator.h). False when Framenote has no translation for the language: English shows.
bool useLanguage(const QString& language);

}  // namespace framenote::ui
