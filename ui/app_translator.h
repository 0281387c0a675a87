#pragma once
// Loads Framenote's translation for a language. lupdate 6.4 names a class's context without
// its C++17 nested namespace ("MainWindow"), while tr() asks with the full class name
// ("framenote::ui::MainWindow"); this translator falls back to the unqualified name.
#include <QTranslator>

namespace framenote::ui {

class AppTranslator : public QTranslator {
  public:
    // Loads ":/i18n/framenote_<language>.qm"; false if there is none for it.
    bool loadLanguage(const QString& language);
    QString translate(const char* context, const char* sourceText, const char* disambiguation,
                      int n) const override;
};

}  // namespace framenote::ui
