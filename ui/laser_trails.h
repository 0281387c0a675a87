#pragma once
// Laser pointer trails (docs/ARCHITECTURE.md, "Laser pointer"): this user's, drawn with the
// Laser tool, and the other participants', from their presence. A trail glows where the pointer
// went and fades out over two seconds; nothing of it is ever stored. The annotation overlay
// paints them on top of the notes.
#include <QColor>
#include <QElapsedTimer>
#include <QObject>
#include <QPainter>
#include <QTimer>
#include <map>
#include <optional>
#include <vector>

#include "core/model/annotation.h"
#include "core/sync/presence.h"

namespace framenote::ui {

class LaserTrails : public QObject {
    Q_OBJECT
  public:
    explicit LaserTrails(QObject* parent = nullptr);

    // This user's pointer (the Laser tool): pressed, moved while pressed, lifted.
    void press(const model::Point& at);
    void move(const model::Point& at);
    void lift();
    // This user's trail as presence sends it (the last 2 s, at most 64 points); nullopt when it
    // has faded.
    std::optional<sync::LaserTrail> localTrail() const;

    // Another participant's trail, as its latest presence has it (replacing what it had).
    void setRemote(uint32_t participant, const sync::LaserTrail& trail, const QColor& colour);
    // A participant who left: its trail disappears at once.
    void forget(uint32_t participant);
    bool hasTrail(uint32_t participant) const;
    static constexpr uint32_t kLocal = 0;

    void paint(QPainter& painter, const QRectF& picture) const;

  signals:
    void changed();  // repaint: a point came, or the fade moved on

  private:
    struct Point {
        model::Point at;
        qint64 bornMs;  // on this machine's clock
    };
    struct Trail {
        std::vector<Point> points;
        QColor colour;
        bool down = false;
    };
    qint64 now() const { return clock_.elapsed(); }
    void add(const model::Point& at);
    void prune();  // drops faded points and trails; stops the timer when none is left

    QElapsedTimer clock_;
    QTimer tick_;
    std::map<uint32_t, Trail> trails_;
};

}  // namespace framenote::ui
