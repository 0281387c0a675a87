#include "ui/transport_bar.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QStyle>
#include <QToolButton>
#include <algorithm>

namespace framenote::ui {

namespace {
QToolButton* buttonFor(QAction* action, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setToolButtonStyle(action->icon().isNull() ? Qt::ToolButtonTextOnly
                                                       : Qt::ToolButtonIconOnly);
    // The keys stay with the picture after a click (docs/ARCHITECTURE.md, "Keyboard focus").
    button->setFocusPolicy(Qt::NoFocus);
    return button;
}

// The action's text with its keys, for the button's tooltip.
void nameTheKeys(QAction* action) {
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    QString text = action->text();
    text.remove(QLatin1Char('&'));
    action->setToolTip(keys.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, keys));
}
}  // namespace

TransportBar::TransportBar(PlayerController* player, const TransportActions& actions,
                           QWidget* parent)
    : QWidget(parent), player_(player), actions_(actions) {
    setObjectName("transportBar");
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(6, 2, 8, 2);
    row->setSpacing(0);
    const auto icon = [this](QStyle::StandardPixmap which) { return style()->standardIcon(which); };
    actions.first->setIcon(icon(QStyle::SP_MediaSkipBackward));
    actions.stepBack->setIcon(icon(QStyle::SP_MediaSeekBackward));
    actions.playPause->setIcon(icon(QStyle::SP_MediaPlay));
    actions.stepForward->setIcon(icon(QStyle::SP_MediaSeekForward));
    actions.last->setIcon(icon(QStyle::SP_MediaSkipForward));
    actions.loop->setIcon(icon(QStyle::SP_BrowserReload));
    for (QAction* action : buttonActions()) {
        QToolButton* button = buttonFor(action, this);
        button->setObjectName(action->objectName() + "Button");
        row->addWidget(button);
        if (action == actions.last || action == actions.loop) row->addSpacing(6);
    }
    row->addSpacing(8);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    timecode_ = new QLabel(this);
    timecode_->setObjectName("timecodeLabel");
    frame_ = new QLabel(this);
    frame_->setObjectName("frameLabel");
    inOut_ = new QLabel(this);
    inOut_->setObjectName("inOutLabel");
    for (QLabel* label : {timecode_, frame_, inOut_}) {
        label->setFont(mono);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setFocusPolicy(Qt::NoFocus);
    }
    // The in/out readout gives way first when the window is narrow (the timeline shows the range).
    inOut_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    row->addWidget(timecode_);
    row->addSpacing(8);
    row->addWidget(frame_);
    row->addSpacing(8);
    row->addWidget(inOut_, 1);
    // Shown in the status bar (MainWindow puts it there): the bar stays narrow.
    playState_ = new QLabel(this);
    playState_->setObjectName("playStateLabel");
    row->addSpacing(8);

    jump_ = new QLineEdit(this);
    jump_->setObjectName("jumpEdit");
    row->addWidget(jump_);
    connect(jump_, &QLineEdit::returnPressed, this, [this] {
        QString error;
        if (player_->jumpTo(jump_->text(), &error)) {
            jump_->clear();
            emit jumped();
        } else if (player_->hasMedia()) {
            emit jumpFailed(error);
        } else {
            emit jumpFailed(tr("Open a clip first"));
        }
    });

    connect(player_, &PlayerController::playheadChanged, this, &TransportBar::showFrame);
    connect(player_, &PlayerController::playStateChanged, this, &TransportBar::showPlayState);
    connect(player_, &PlayerController::inOutChanged, this, &TransportBar::showInOut);
    connect(player_, &PlayerController::mediaOpened, this, [this] {
        showFrame(player_->playhead());
        showInOut(player_->inPoint(), player_->outPoint());
    });
    connect(player_, &PlayerController::mediaClosed, this, [this] {
        showFrame(0);
        showInOut(-1, -1);
        showPlayState(0);
    });
    retranslate();
}

QList<QAction*> TransportBar::buttonActions() const {
    const TransportActions& a = actions_;
    return {a.first, a.stepBack, a.playPause, a.stepForward, a.last, a.loop, a.markIn, a.markOut};
}

void TransportBar::retranslate() {
    // The buttons' short words; the menu keeps the full ones ("Mark In").
    actions_.markIn->setIconText(tr("In"));
    actions_.markOut->setIconText(tr("Out"));
    for (QAction* action : buttonActions()) nameTheKeys(action);
    jump_->setPlaceholderText(tr("Go to frame or timecode"));
    jump_->setToolTip(tr("A frame number (1234) or a timecode (01:00:10:00); Enter goes there"));
    // Wide enough for its hint (in every language), and no wider than a long timecode needs.
    const int hintWidth = jump_->fontMetrics().horizontalAdvance(jump_->placeholderText()) + 14;
    jump_->setMinimumWidth(std::min(hintWidth, 260));
    jump_->setMaximumWidth(std::max(200, jump_->minimumWidth()));
    showFrame(player_->hasMedia() ? player_->playhead() : 0);
    showPlayState(player_->speed());
    showInOut(player_->hasMedia() ? player_->inPoint() : -1,
              player_->hasMedia() ? player_->outPoint() : -1);
}

void TransportBar::changeEvent(QEvent* event) {
    // After the window's own texts (the actions' names, which the tooltips repeat): a child hears
    // the change after its window.
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void TransportBar::setTimeDisplay(const QString& mode) {
    timecode_->setVisible(mode != "frame");
    frame_->setVisible(mode != "timecode");
}

void TransportBar::showFrame(qint64 frame) {
    if (!player_->hasMedia()) {
        frame_->setText(tr("Frame -"));
        timecode_->setText(QStringLiteral("--:--:--:--"));
        return;
    }
    frame_->setText(tr("Frame %1 / %2")
                        .arg(player_->shownNumber(frame))
                        .arg(player_->shownNumber(player_->frameCount() - 1)));
    timecode_->setText(player_->timecode(frame));
}

void TransportBar::showPlayState(double speed) {
    playState_->setText(speed == 0 ? tr("Paused") : tr("Playing %1x").arg(speed));
    actions_.playPause->setIcon(
        style()->standardIcon(speed == 0 ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
}

void TransportBar::showInOut(qint64 in, qint64 out) {
    if (in < 0 && out < 0) {
        inOut_->clear();
        inOut_->setToolTip({});
        return;
    }
    const auto end = [this](qint64 frame) {
        return frame < 0 ? QStringLiteral("--") : player_->timecode(frame);
    };
    inOut_->setText(tr("In %1  Out %2").arg(end(in), end(out)));
    inOut_->setToolTip(tr("The in/out range: playback stays inside it (Alt+X clears it)"));
}

}  // namespace framenote::ui
