#pragma once
// View > Compare: a second version of the shot (B) beside the open clip (A), frame-locked to it
// with an offset, shown as A, B, a wipe, side by side, over/under or their difference
// (docs/ARCHITECTURE.md, "Compare"). B is decoded by a frame server of its own, in parallel with
// A's; each shown picture is composed of A's frame n and B's frame n + offset, once both are in.
// A's notes stay on A's part of the screen; new drawings belong to A.
#include <QLabel>
#include <QMenu>
#include <QObject>
#include <QPointer>
#include <deque>
#include <memory>

#include "core/media/compare_composer.h"
#include "core/media/frame_server.h"
#include "core/review/store_worker.h"
#include "core/sync/presence.h"
#include "ui/frame_view.h"

namespace framenote::ui {

class AnnotationOverlay;
class VersionNotes;
class ColourControl;
class PlayerController;
class Retranslator;
class WipeHandle;

class CompareControl : public QObject {
    Q_OBJECT
  public:
    // `store`: where B's own notes are read from (drawn over B's part, read-only).
    CompareControl(QWidget* window, PlayerController* player, FrameView* viewer,
                   AnnotationOverlay* overlay, ColourControl* colour, review::StoreWorker* store);
    ~CompareControl() override;

    // Adds the Compare submenu to `view`.
    void addTo(QMenu* view);
    // "Compare: Wipe | B: v2.mov +2", hidden while nothing is compared.
    QLabel* statusLabel() const { return label_; }

    // Opens `path` (a movie or an image sequence) as B; opened() or a message follows.
    void loadB(const QString& path);
    void closeB();
    bool hasB() const { return bMedia_ != nullptr; }
    QString bPath() const { return bPath_; }

    void setMode(media::CompareMode mode);
    // Shows B if A is shown, else A (the A/B toggle).
    void toggle();
    // B's frame shown beside A's frame n is n + offset.
    void setOffset(qint64 frames);
    void setWipe(double position);  // 0..1
    void setWipeAcross(bool across);
    void setGain(double gain);  // 1..64
    // The version and frame under a point of the picture (fractions of the composite), for the
    // pixel probe; nullopt over black or when nothing is composed.
    struct Probed {
        media::ServedFrame frame;  // A's or B's frame on screen, with its stored values
        QPointF at;                // the point in that frame, as fractions
        bool fromB = false;
    };
    std::optional<Probed> probe(QPointF point) const;
    // B is decoded at the size A is drawn at, as A is (FrameServer::setDisplayLimit): a B frame
    // of A's size is composed by copying, not scaled.
    void setDisplayLimit(QSize limit);
    const media::CompareLayout& layout() const { return layout_; }
    qint64 offset() const { return offset_; }
    // True while the viewer shows a composite (B open and a mode other than A).
    bool compositing() const { return hasB() && layout_.mode != media::CompareMode::A; }

    // What this user compares, for the session's presence; nullopt while showing A alone.
    std::optional<sync::CompareView> view() const;
    // Shows what a presenter compares: the same view when B is the same version (by media id),
    // else says once which version to load; nullopt: A alone.
    void follow(const std::optional<sync::CompareView>& view);

    // A's frame in; show() gives the picture the viewer draws.
    void present(const media::ServedFrame& a);

  signals:
    void show(framenote::media::ServedFrame frame);
    void opened();
    void changed();  // B, the mode, offset, wipe or gain
    void message(QString text);

  private:
    void onBOpened(std::shared_ptr<const media::OpenedMedia> media);
    void onBFrame(const media::ServedFrame& frame);
    void requestB();
    // Composes and shows A's last frame with B's, if B's matching frame is in (or missing).
    // Shows the newest A frame whose B partner is in, or composes the shown one again when its
    // layout or B changed (`again`: the layout changed).
    void compose(bool again = false);
    // B's frame n + offset for A's frame n: true when the pair can be shown, with `b` null when B
    // has no such frame (outside B, or it failed to decode) and `partner` its number.
    bool pairFor(const media::ServedFrame& a, const media::RgbaImage** b, qint64* partner) const;
    void showComposite(const media::RgbaImage* b, qint64 partner);
    // B's kept frame `number` with its rendition, or null.
    const media::ServedFrame* keptB(qint64 number) const;
    void stateChanged();
    void showState();
    void chooseB();
    // Forgets the frames kept for pairing (B closed, another B, new colours).
    void forgetB();

    QWidget* window_;
    PlayerController* player_;
    FrameView* viewer_;
    AnnotationOverlay* overlay_;
    ColourControl* colour_;
    Retranslator* texts_;
    QLabel* label_;
    WipeHandle* handle_;
    VersionNotes* bNotes_;
    media::FrameServer bServer_;
    std::shared_ptr<const media::OpenedMedia> bMedia_;
    QString bPath_;
    media::CompareLayout layout_;
    qint64 offset_ = 0;
    // A's frames not shown yet and B's latest frames, newest last (a few: while playing, A's
    // frame n + 1 may arrive before B's frame n, and n is still shown whole rather than skipped).
    std::deque<media::ServedFrame> pendingA_;
    std::deque<media::ServedFrame> recentB_;
    media::ServedFrame shownA_;    // the A frame of the picture on screen
    qint64 shownB_ = -1;           // the B partner composed into it
    qint64 missingB_ = -1;         // B's frame that failed to decode
    QList<QAction*> modeActions_;  // in CompareMode's order
    QAction* across_ = nullptr;
    QList<QAction*> needB_;  // enabled only with B open
    QString askedFor_;       // the media id a follower was last asked to load
};

}  // namespace framenote::ui
