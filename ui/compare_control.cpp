#include "ui/compare_control.h"

#include <QActionGroup>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <algorithm>

#include "ui/annotation_overlay.h"
#include "ui/app_settings.h"
#include "ui/colour_control.h"
#include "ui/player_controller.h"
#include "ui/retranslator.h"
#include "ui/version_notes.h"
#include "ui/wipe_handle.h"

namespace framenote::ui {

namespace {
const char* kLastBDir = "compareLastDir";
constexpr double kMaxGain = 64.0;

// Keeps the wipe's handle on the divider when the viewer changes size.
class ResizeWatch : public QObject {
  public:
    ResizeWatch(QObject* parent, std::function<void()> onResize)
        : QObject(parent), onResize_(std::move(onResize)) {}
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::Resize) onResize_();
        return false;
    }

  private:
    std::function<void()> onResize_;
};
}  // namespace

CompareControl::CompareControl(QWidget* window, PlayerController* player, FrameView* viewer,
                               AnnotationOverlay* overlay, ColourControl* colour,
                               review::StoreWorker* store)
    : QObject(window),
      window_(window),
      player_(player),
      viewer_(viewer),
      overlay_(overlay),
      colour_(colour),
      texts_(new Retranslator(window, this)),
      label_(new QLabel(window)),
      handle_(new WipeHandle(viewer, overlay)),
      bNotes_(new VersionNotes(store, this)) {
    connect(bNotes_, &VersionNotes::loaded, this, [this] { compose(true); });
    label_->setObjectName("compareLabel");
    label_->hide();
    texts_->add([this] { showState(); });
    connect(&bServer_, &media::FrameServer::opened, this, &CompareControl::onBOpened);
    connect(&bServer_, &media::FrameServer::openFailed, this,
            [this](const QString& why, media::OpenProblem) {
                bPath_.clear();
                emit message(tr("Cannot compare with that file: %1").arg(why));
                stateChanged();
            });
    connect(&bServer_, &media::FrameServer::frameReady, this, &CompareControl::onBFrame);
    connect(&bServer_, &media::FrameServer::frameFailed, this, [this](qint64 frame) {
        missingB_ = frame;
        compose();
    });
    // B follows A's playhead as it moves, decoded beside A's frame rather than after it.
    connect(player_, &PlayerController::playheadChanged, this, [this] { requestB(); });
    connect(player_, &PlayerController::playStateChanged, this, [this](double speed) {
        bServer_.setPlayDirection(speed > 0 ? 1 : speed < 0 ? -1 : 0);
    });
    connect(colour_, &ColourControl::changed, this, [this] {
        if (bMedia_) bServer_.setRenderer(colour_->rendererFor(*bMedia_));
        forgetB();
        requestB();
    });
    connect(player_, &PlayerController::mediaClosed, this, [this] {
        pendingA_.clear();
        shownA_ = {};
    });
    connect(handle_, &WipeHandle::moved, this, &CompareControl::setWipe);
    viewer_->widget()->installEventFilter(new ResizeWatch(this, [this] {
        handle_->place(layout_.wipe, layout_.wipeAcross,
                       compositing() && layout_.mode == media::CompareMode::Wipe);
    }));
}

CompareControl::~CompareControl() = default;

void CompareControl::addTo(QMenu* view) {
    QMenu* menu =
        texts_->set(view->addMenu(QString()), &QMenu::setTitle, [] { return tr("Co&mpare"); });
    menu->setObjectName("compareMenu");
    const auto add = [&](const char* name, Retranslator::Text text, auto slot,
                         QKeySequence key = {}) {
        QAction* action =
            texts_->set(menu->addAction(QString(), this, slot), &QAction::setText, std::move(text));
        action->setObjectName(QString::fromLatin1(name));
        if (!key.isEmpty()) action->setShortcut(key);
        return action;
    };
    add(
        "compareLoadB", [] { return tr("&Load B Version..."); }, [this] { chooseB(); },
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    needB_.append(add(
        "compareCloseB", [] { return tr("&Close B"); }, [this] { closeB(); }));
    menu->addSeparator();
    auto* modes = new QActionGroup(menu);
    const struct {
        media::CompareMode mode;
        const char* name;
        Retranslator::Text text;
        QKeySequence key;
    } entries[] = {
        {media::CompareMode::A, "compareA", [] { return tr("&A Only"); }, {}},
        {media::CompareMode::B, "compareB", [] { return tr("&B Only"); }, {}},
        {media::CompareMode::Wipe, "compareWipe", [] { return tr("&Wipe"); },
         QKeySequence(Qt::Key_W)},
        {media::CompareMode::SideBySide, "compareSideBySide", [] { return tr("&Side by Side"); },
         QKeySequence(Qt::Key_S)},
        {media::CompareMode::OverUnder, "compareOverUnder", [] { return tr("&Over/Under"); }, {}},
        {media::CompareMode::Difference, "compareDifference", [] { return tr("&Difference"); },
         QKeySequence(Qt::Key_D)},
    };
    for (const auto& entry : entries) {
        QAction* action = add(
            entry.name, entry.text, [this, mode = entry.mode] { setMode(mode); }, entry.key);
        action->setCheckable(true);
        modes->addAction(action);
        modeActions_.append(action);
        needB_.append(action);
    }
    needB_.append(add(
        "compareToggle", [] { return tr("&Toggle A/B"); }, [this] { toggle(); },
        QKeySequence(Qt::Key_Backslash)));
    menu->addSeparator();
    across_ = add(
        "compareWipeAcross", [] { return tr("&Horizontal Wipe"); },
        [this] { setWipeAcross(across_->isChecked()); });
    across_->setCheckable(true);
    needB_.append(across_);
    needB_.append(add(
        "compareLater", [] { return tr("B One Frame Late&r"); }, [this] { setOffset(offset_ + 1); },
        QKeySequence(Qt::ALT | Qt::Key_Right)));
    needB_.append(add(
        "compareEarlier", [] { return tr("B One Frame &Earlier"); },
        [this] { setOffset(offset_ - 1); }, QKeySequence(Qt::ALT | Qt::Key_Left)));
    needB_.append(add(
        "compareResetOffset", [] { return tr("Reset B O&ffset"); }, [this] { setOffset(0); }));
    needB_.append(add(
        "compareGainUp", [] { return tr("Difference &Gain Up"); },
        [this] { setGain(layout_.gain * 2); }, QKeySequence(Qt::ALT | Qt::Key_Up)));
    needB_.append(add(
        "compareGainDown", [] { return tr("Difference Gain Dow&n"); },
        [this] { setGain(layout_.gain / 2); }, QKeySequence(Qt::ALT | Qt::Key_Down)));
    showState();
}

void CompareControl::chooseB() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(window_, tr("Load a version to compare with"),
                                                      settings.value(kLastBDir).toString());
    if (path.isEmpty()) return;
    settings.setValue(kLastBDir, QFileInfo(path).absolutePath());
    loadB(path);
}

void CompareControl::loadB(const QString& path) {
    bMedia_.reset();
    forgetB();
    bPath_ = path;
    const AppSettings settings = AppSettings::load();
    // Half the player's cache: B is the second of two clips decoded at once.
    bServer_.open(path, settings.cacheBudgetBytes() / 2,
                  {settings.sequenceRateNum, settings.sequenceRateDen});
}

void CompareControl::onBOpened(std::shared_ptr<const media::OpenedMedia> media) {
    bMedia_ = std::move(media);
    bServer_.setRenderer(colour_->rendererFor(*bMedia_));
    bNotes_->load(QString::fromStdString(bMedia_->fingerprint));
    if (layout_.mode == media::CompareMode::A) layout_.mode = media::CompareMode::Wipe;
    emit message(tr("Comparing with %1").arg(QFileInfo(bPath_).fileName()));
    stateChanged();
    emit opened();
}

void CompareControl::closeB() {
    bMedia_.reset();
    bNotes_->clear();
    bPath_.clear();
    forgetB();
    stateChanged();
}

std::optional<CompareControl::Probed> CompareControl::probe(QPointF point) const {
    if (!compositing() || !shownA_.rgba) return std::nullopt;
    const media::ServedFrame* partner = keptB(shownB_);
    const bool haveB = partner != nullptr;
    const auto pick = media::pickCompareSource(
        layout_, point, {shownA_.rgba->width, shownA_.rgba->height},
        haveB ? QSize(partner->rgba->width, partner->rgba->height) : QSize());
    if (!pick) return std::nullopt;
    return Probed{pick->fromB ? *partner : shownA_, pick->at, pick->fromB};
}

void CompareControl::setDisplayLimit(QSize limit) {
    bServer_.setDisplayLimit(limit.width(), limit.height());
}

void CompareControl::setMode(media::CompareMode mode) {
    if (mode == layout_.mode) return;
    layout_.mode = mode;
    stateChanged();
}

void CompareControl::toggle() {
    setMode(layout_.mode == media::CompareMode::B ? media::CompareMode::A : media::CompareMode::B);
}

void CompareControl::setOffset(qint64 frames) {
    if (frames == offset_) return;
    offset_ = frames;
    stateChanged();
}

void CompareControl::setWipe(double position) {
    layout_.wipe = std::clamp(position, 0.0, 1.0);
    stateChanged();
}

void CompareControl::setWipeAcross(bool across) {
    layout_.wipeAcross = across;
    stateChanged();
}

void CompareControl::setGain(double gain) {
    layout_.gain = std::clamp(gain, 1.0, kMaxGain);
    stateChanged();
}

std::optional<sync::CompareView> CompareControl::view() const {
    if (!compositing()) return std::nullopt;
    return sync::CompareView{QString::fromStdString(bMedia_->fingerprint),
                             QFileInfo(bPath_).fileName(),
                             static_cast<int>(layout_.mode),
                             offset_,
                             layout_.wipe,
                             layout_.wipeAcross,
                             static_cast<int>(layout_.gain)};
}

void CompareControl::follow(const std::optional<sync::CompareView>& view) {
    if (!view) {
        if (compositing()) setMode(media::CompareMode::A);
        return;
    }
    if (!hasB() || QString::fromStdString(bMedia_->fingerprint) != view->bMediaId) {
        if (askedFor_ != view->bMediaId)
            emit message(tr("The presenter compares with %1: load that version as B (View > "
                            "Compare) to see the same")
                             .arg(view->bName));
        askedFor_ = view->bMediaId;
        return;
    }
    const media::CompareLayout wanted{static_cast<media::CompareMode>(view->mode), view->wipe,
                                      view->wipeAcross, static_cast<double>(view->gain)};
    if (wanted.mode == layout_.mode && wanted.wipe == layout_.wipe &&
        wanted.wipeAcross == layout_.wipeAcross && wanted.gain == layout_.gain &&
        view->offset == offset_)
        return;
    layout_ = wanted;
    offset_ = view->offset;
    stateChanged();
}

void CompareControl::stateChanged() {
    // The viewer gets RGBA frames only while composing (native formats off); a paused picture
    // is then requested again and comes back through present().
    colour_->setCompositing(compositing());
    const media::ComparePart part = compositing() ? media::comparePartOfA(layout_)
                                                  : media::ComparePart{{0, 0, 1, 1}, {0, 0, 1, 1}};
    overlay_->setPicturePart(part.area, part.clip);
    showState();
    requestB();
    compose(true);
    emit changed();
}

void CompareControl::forgetB() {
    recentB_.clear();
    missingB_ = -1;
    shownB_ = -1;
}

void CompareControl::requestB() {
    if (!bMedia_ || !compositing()) return;
    const qint64 want = player_->playhead() + offset_;
    if (want < 0 || want >= bMedia_->index->frameCount()) return compose();
    const bool have = std::any_of(recentB_.begin(), recentB_.end(),
                                  [&](const media::ServedFrame& b) { return b.number == want; });
    if (!have) bServer_.request(want);
}

namespace {
constexpr size_t kKeptFrames = 4;

void keep(std::deque<media::ServedFrame>& frames, const media::ServedFrame& frame) {
    frames.push_back(frame);
    while (frames.size() > kKeptFrames) frames.pop_front();
}
}  // namespace

void CompareControl::present(const media::ServedFrame& a) {
    keep(pendingA_, a);
    compose();
}

void CompareControl::onBFrame(const media::ServedFrame& frame) {
    if (!bMedia_) return;  // a late frame of a B closed since
    std::erase_if(recentB_, [&](const media::ServedFrame& b) { return b.number == frame.number; });
    keep(recentB_, frame);
    compose();
}

const media::ServedFrame* CompareControl::keptB(qint64 number) const {
    const auto found = std::find_if(recentB_.rbegin(), recentB_.rend(),
                                    [&](const auto& f) { return f.number == number && f.rgba; });
    return found == recentB_.rend() ? nullptr : &*found;
}

bool CompareControl::pairFor(const media::ServedFrame& a, const media::RgbaImage** b,
                             qint64* partner) const {
    *partner = a.number + offset_;
    *b = nullptr;
    if (*partner < 0 || *partner >= bMedia_->index->frameCount() || missingB_ == *partner)
        return true;
    const media::ServedFrame* found = keptB(*partner);
    if (!found) return false;
    *b = found->rgba.get();
    return true;
}

void CompareControl::showComposite(const media::RgbaImage* b, qint64 partner) {
    media::ServedFrame shown;
    shown.number = shownA_.number;
    // B's own notes on B's frame, so that they show over B's part only.
    const std::shared_ptr<const media::RgbaImage> noted =
        b ? bNotes_->paintedOver(*b, partner) : nullptr;
    shown.rgba = std::make_shared<const media::RgbaImage>(
        media::composeCompare(*shownA_.rgba, noted ? noted.get() : b, layout_));
    shownB_ = partner;
    emit show(shown);
    handle_->place(layout_.wipe, layout_.wipeAcross, layout_.mode == media::CompareMode::Wipe);
}

void CompareControl::compose(bool again) {
    if (!compositing()) {  // the newest frame as it is
        if (!pendingA_.empty()) shownA_ = pendingA_.back();
        pendingA_.clear();
        handle_->hide();
        if (shownA_.number >= 0) emit show(shownA_);
        return;
    }
    const media::RgbaImage* b = nullptr;
    qint64 partner = -1;
    // The newest pending A frame whose partner is in; the older ones are skipped.
    for (auto a = pendingA_.rbegin(); a != pendingA_.rend(); ++a) {
        if (!a->rgba || !pairFor(*a, &b, &partner)) continue;
        shownA_ = *a;
        pendingA_.erase(pendingA_.begin(), a.base());
        return showComposite(b, partner);
    }
    if (!pendingA_.empty()) {  // the partner of the newest is on its way, or asked for now
        const media::ServedFrame& newest = pendingA_.back();
        if (newest.rgba && !pairFor(newest, &b, &partner)) bServer_.request(partner);
        return;
    }
    // Nothing new from A: the shown picture again when its layout or its B partner changed.
    if (shownA_.rgba && pairFor(shownA_, &b, &partner) && (again || partner != shownB_))
        showComposite(b, partner);
}

void CompareControl::showState() {
    for (int i = 0; i < modeActions_.size(); ++i)
        modeActions_[i]->setChecked(i == static_cast<int>(layout_.mode));
    if (across_) across_->setChecked(layout_.wipeAcross);
    for (QAction* action : needB_) action->setEnabled(hasB());
    if (!hasB()) return label_->hide();
    const QString mode = [&] {
        switch (layout_.mode) {
            case media::CompareMode::A:
                return tr("A");
            case media::CompareMode::B:
                return tr("B");
            case media::CompareMode::Wipe:
                return tr("Wipe");
            case media::CompareMode::SideBySide:
                return tr("Side by side");
            case media::CompareMode::OverUnder:
                return tr("Over/under");
            case media::CompareMode::Difference:
                return tr("Difference x%1").arg(layout_.gain);
        }
        return QString();
    }();
    const QString offset =
        offset_ == 0 ? QString() : QStringLiteral(" %1%2").arg(offset_ > 0 ? "+" : "").arg(offset_);
    label_->setText(tr("Compare: %1 | B: %2%3").arg(mode, QFileInfo(bPath_).fileName(), offset));
    label_->show();
}

}  // namespace framenote::ui
