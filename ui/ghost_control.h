#pragma once
// View > Ghosts (onion skin, docs/ARCHITECTURE.md, "Ghosts"): the notes of the frames around the
// current one drawn faded, tinted by direction. A per-user setting:
//   ghosts       on or off (off by default)
//   ghostFrames  how many frames before and after (1 to 10, default 2)
//   ghostBefore, ghostAfter  the tints (#rrggbb), red before and green after by default
#include <QColor>
#include <QList>
#include <QMenu>
#include <QObject>

#include "ui/retranslator.h"

namespace framenote::ui {

struct GhostSettings {
    bool on = false;
    int frames = 2;
    QColor before{255, 70, 70};
    QColor after{70, 220, 120};

    static GhostSettings load();
    void save() const;
    // The nearest ghosts strongest, fading to a fifth of that at the reach.
    double opacity(int64_t distance) const;
};

class GhostControl : public QObject {
    Q_OBJECT
  public:
    explicit GhostControl(QWidget* window);

    // Adds the Ghosts submenu to `view`.
    void addTo(QMenu* view);
    const GhostSettings& settings() const { return settings_; }
    void setOn(bool on);
    void setFrames(int frames);
    void setTints(const QColor& before, const QColor& after);

    static constexpr int kMaxFrames = 10;

  signals:
    void changed();

  private:
    void apply();
    void chooseTint(bool before);

    QWidget* window_;
    Retranslator* texts_;
    GhostSettings settings_;
    QAction* show_ = nullptr;
    QList<QAction*> frameActions_;
};

}  // namespace framenote::ui
