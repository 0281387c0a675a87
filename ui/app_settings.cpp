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
const char* kSequenceRate = "sequenceRate";
}  // namespace

AppSettings AppSettings::load(const QSettings& settings) {
    AppSettings s;
    s.userName = settings.value(kUserName, qEnvironmentVariable("USER")).toString();
    // No colour chosen (or a damaged one): automatic, from the relay's participant number.
    s.userColor = QColor(settings.value(kUserColor).toString());
    s.defaultServer = settings.value(kDefaultServer).toString();
    s.cacheBudgetMiB = std::clamp(settings.value(kCacheBudget, kDefaultCacheMiB).toInt(),
                                  kMinCacheMiB, kMaxCacheMiB);
    s.language = settings.value(kLanguage).toString();
    // "num/den"; anything else (hand-edited, damaged) keeps the default.
    const QStringList rate = settings.value(kSequenceRate).toString().split('/');
    if (rate.size() == 2 && rate[0].toInt() > 0 && rate[0].toInt() <= 240000 &&
        rate[1].toInt() > 0 && rate[1].toInt() <= 1001) {
        s.sequenceRateNum = rate[0].toInt();
        s.sequenceRateDen = rate[1].toInt();
    }
    return s;
}

AppSettings AppSettings::load() { return load(QSettings()); }

void AppSettings::save(QSettings& settings) const {
    settings.setValue(kUserName, userName);
    if (userColor.isValid())
        settings.setValue(kUserColor, userColor.name());
    else
        settings.remove(kUserColor);
    settings.setValue(kDefaultServer, defaultServer);
    settings.setValue(kCacheBudget, cacheBudgetMiB);
    settings.setValue(kLanguage, language);
    settings.setValue(kSequenceRate,
                      QStringLiteral("%1/%2").arg(sequenceRateNum).arg(sequenceRateDen));
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
