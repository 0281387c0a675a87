#include "ui/app_translator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <cstring>

namespace framenote::ui {

bool AppTranslator::loadLanguage(const QString& language) {
    (void)qt_.load(QLocale(language), "qtbase", "_",
                   QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return load(QLocale(language), "framenote", "_", ":/i18n");
}

bool useLanguage(const QString& language) {
    static QPointer<AppTranslator> current;
    if (current)
        QCoreApplication::removeTranslator(current);
    else
        current = new AppTranslator(QCoreApplication::instance());
    const bool found =
        current->loadLanguage(language.isEmpty() ? QLocale::system().name() : language);
    QCoreApplication::installTranslator(current);
    return found;
}

QString AppTranslator::translate(const char* context, const char* sourceText,
                                 const char* disambiguation, int n) const {
    QString text = QTranslator::translate(context, sourceText, disambiguation, n);
    if (!text.isEmpty() || !context) return text;
    const char* last = std::strrchr(context, ':');
    if (last && last != context)
        text = QTranslator::translate(last + 1, sourceText, disambiguation, n);
    if (!text.isEmpty()) return text;
    return qt_.translate(context, sourceText, disambiguation, n);
}

}  // namespace framenote::ui
