#include "ui/ghost_control.h"

#include <QActionGroup>
#include <QColorDialog>
#include <QSettings>
#include <algorithm>

namespace framenote::ui {

namespace {

constexpr char kOnKey[] = "ghosts";
constexpr char kFramesKey[] = "ghostFrames";
constexpr char kBeforeKey[] = "ghostBefore";
constexpr char kAfterKey[] = "ghostAfter";
constexpr int kFrameChoices[] = {1, 2, 3, 5, 8};  // distinct first digits: the mnemonics

QColor storedColour(const QSettings& settings, const char* key, const QColor& otherwise) {
    const QColor colour(settings.value(key).toString());
    return colour.isValid() ? colour : otherwise;
}

}  // namespace

GhostSettings GhostSettings::load() {
    const QSettings stored;
    GhostSettings settings;
    settings.on = stored.value(kOnKey, false).toBool();
    settings.frames =
        std::clamp(stored.value(kFramesKey, settings.frames).toInt(), 1, GhostControl::kMaxFrames);
    settings.before = storedColour(stored, kBeforeKey, settings.before);
    settings.after = storedColour(stored, kAfterKey, settings.after);
    return settings;
}

void GhostSettings::save() const {
    QSettings stored;
    stored.setValue(kOnKey, on);
    stored.setValue(kFramesKey, frames);
    stored.setValue(kBeforeKey, before.name());
    stored.setValue(kAfterKey, after.name());
}

double GhostSettings::opacity(int64_t distance) const {
    constexpr double kNearest = 0.6;
    if (distance < 1 || distance > frames) return 0.0;
    return kNearest * (1.0 - 0.8 * double(distance - 1) / std::max(1, frames - 1));
}

GhostControl::GhostControl(QWidget* window)
    : QObject(window),
      window_(window),
      texts_(new Retranslator(window, this)),
      settings_(GhostSettings::load()) {}

void GhostControl::addTo(QMenu* view) {
    QMenu* menu =
        texts_->set(view->addMenu(QString()), &QMenu::setTitle, [] { return tr("&Ghosts"); });
    menu->setObjectName("ghostsMenu");
    show_ = texts_->set(menu->addAction(QString(), QKeySequence(Qt::ALT | Qt::Key_G), this,
                                        [this] { setOn(!settings_.on); }),
                        &QAction::setText, [] { return tr("&Show Ghosts of Nearby Frames"); });
    show_->setObjectName("showGhostsAction");
    show_->setCheckable(true);
    show_->setShortcutContext(Qt::WindowShortcut);
    menu->addSeparator();
    auto* group = new QActionGroup(menu);
    for (const int frames : kFrameChoices) {
        QAction* choice = texts_->set(
            menu->addAction(QString(), this, [this, frames] { setFrames(frames); }),
            &QAction::setText, [frames] { return tr("&%n Frame(s) Each Way", nullptr, frames); });
        choice->setCheckable(true);
        group->addAction(choice);
        frameActions_ << choice;
    }
    menu->addSeparator();
    texts_->set(menu->addAction(QString(), this, [this] { chooseTint(true); }), &QAction::setText,
                [] { return tr("Tint &Before..."); });
    texts_->set(menu->addAction(QString(), this, [this] { chooseTint(false); }), &QAction::setText,
                [] { return tr("Tint &After..."); });
    apply();
}

void GhostControl::setOn(bool on) {
    settings_.on = on;
    apply();
}

void GhostControl::setFrames(int frames) {
    settings_.frames = std::clamp(frames, 1, kMaxFrames);
    settings_.on = true;  // choosing a reach means wanting to see it
    apply();
}

void GhostControl::setTints(const QColor& before, const QColor& after) {
    if (before.isValid()) settings_.before = before;
    if (after.isValid()) settings_.after = after;
    apply();
}

void GhostControl::chooseTint(bool before) {
    const QColor current = before ? settings_.before : settings_.after;
    const QColor chosen = QColorDialog::getColor(
        current, window_,
        before ? tr("Tint of the Frames Before") : tr("Tint of the Frames After"));
    if (!chosen.isValid()) return;
    before ? setTints(chosen, {}) : setTints({}, chosen);
}

void GhostControl::apply() {
    settings_.save();
    if (show_) show_->setChecked(settings_.on);
    for (int i = 0; i < frameActions_.size(); ++i)
        frameActions_[i]->setChecked(kFrameChoices[i] == settings_.frames);
    emit changed();
}

}  // namespace framenote::ui
