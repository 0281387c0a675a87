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

}  // namespace framenote::ui
