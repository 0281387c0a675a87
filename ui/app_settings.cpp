#include "ui/app_settings.h"

#include <QLocale>
#include <QSettings>
#include <algorithm>

namespace framenote::ui {

namespace {
const char* kUserName = "userName";
const char* kUserColor = "userColor";
const char* kDefaultServer = "defaultServer";
const char* kCacheBudget = "cacheBudgetMiB";
const char* kLanguage = "language";
}  // namespace

AppSettings AppSettings::load(const QSettings& settings) {
    AppSettings s;
    s.userName = settings.value(kUserName, qEnvironmentVariable("USER")).toString();
    s.userColor = QColor(settings.value(kUserColor, QStringLiteral("#ff3b30")).toString());
    if (!s.userColor.isValid()) s.userColor = QColor(0xff, 0x3b, 0x30);
    s.defaultServer = settings.value(kDefaultServer).toString();
    s.cacheBudgetMiB = std::clamp(settings.value(kCacheBudget, kDefaultCacheMiB).toInt(),
                                  kMinCacheMiB, kMaxCacheMiB);
    s.language = settings.value(kLanguage).toString();
    return s;
}

AppSettings AppSettings::load() { return load(QSettings()); }

void AppSettings::save(QSettings& settings) const {
    settings.setValue(kUserName, userName);
    settings.setValue(kUserColor, userColor.name());
    settings.setValue(kDefaultServer, defaultServer);
    settings.setValue(kCacheBudget, cacheBudgetMiB);
    settings.setValue(kLanguage, language);
}

void AppSettings::save() const {
    QSettings settings;
    save(settings);
}

QString startupLanguage() {
    const QString forced = qEnvironmentVariable("FRAMENOTE_LANG");
    if (!forced.isEmpty()) return forced;
    const QString chosen = AppSettings::load().language;
    return chosen.isEmpty() ? QLocale::system().name() : chosen;
}

}  // namespace framenote::ui
