#pragma once
// The user's preferences, stored with QSettings under these keys (other parts read them too:
// the session code reads userName, userColor and defaultServer directly):
//   userName        QString   shown as the author of notes and in sessions
//   userColor       QString   "#rrggbb", the colour the user chose for sessions; absent:
//                             automatic, from the relay's participant number
//   defaultServer   QString   relay address proposed by "Join a session", e.g. ws://host:7000
//   cacheBudgetMiB  int       decoded-frame cache of the player, in MiB
//   language        QString   "" (follow the system), "en" or "zh_CN"; read at start
//   sequenceRate    QString   "24/1", "24000/1001" ...: the rate image sequences play at
#include <QColor>
#include <QString>

class QSettings;

namespace framenote::ui {

struct AppSettings {
    static constexpr int kMinCacheMiB = 64;
    static constexpr int kMaxCacheMiB = 64 * 1024;
    static constexpr int kDefaultCacheMiB = 1024;

    QString userName;
    QColor userColor;
    QString defaultServer;
    int cacheBudgetMiB = kDefaultCacheMiB;
    QString language;  // empty: the system's
    // Frames per second of image sequences, which carry none (numerator, denominator).
    int sequenceRateNum = 24;
    int sequenceRateDen = 1;

    // Missing keys take their defaults (userName: $USER; colour: orange-red).
    static AppSettings load(const QSettings& settings);
    static AppSettings load();  // from the application's QSettings
    void save(QSettings& settings) const;
    void save() const;
    qint64 cacheBudgetBytes() const { return qint64(cacheBudgetMiB) << 20; }
};

// The language to load at start: FRAMENOTE_LANG if set (tests, scripts), else the "language"
// setting, else the system locale's name.
QString startupLanguage();

}  // namespace framenote::ui
