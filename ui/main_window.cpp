#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>

#include "framenote/version.h"
#include "ui/app_settings.h"
#include "ui/app_translator.h"
#include "ui/colour_control.h"
#include "ui/compare_control.h"
#include "ui/damage_marks.h"
#include "ui/help_dialogs.h"
#include "ui/menu_text.h"
#include "ui/open_failure_text.h"
#include "ui/participant_colors.h"
#include "ui/pixel_probe.h"
#include "ui/retranslator.h"
#include "ui/session_controller.h"
#include "ui/session_ui.h"
#include "ui/settings_dialog.h"
#include "ui/timeline_markers.h"
#include "ui/window_layout.h"

namespace framenote::ui {

namespace {
constexpr int kMaxRecent = 10;
const char* kRecentKey = "recentFiles";
const char* kTimeDisplayKey = "timeDisplay";
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    texts_ = new Retranslator(this, this);
    texts_->add([this] { showTitle(); });
    setAcceptDrops(true);
    resize(1280, 800);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    viewer_ = createFrameView(central);
    player_.setNativeFormats(viewer_->nativeFormats());
    player_.setCacheBudget(AppSettings::load().cacheBudgetBytes());
    player_.setSequenceRate(
        {AppSettings::load().sequenceRateNum, AppSettings::load().sequenceRateDen});
    timeline_ = new TimelineWidget(central);
    layout->addWidget(viewer_->widget(), 1);
    layout->addWidget(timeline_);
    setCentralWidget(central);
    const QString userName =
        QSettings().value("userName", qEnvironmentVariable("USER", tr("Reviewer"))).toString();
    annotations_ = new AnnotationController(&player_, viewer_, this, defaultStorePath(), userName);
    addToolBar(Qt::LeftToolBarArea, annotations_->toolBar());
    notesDock_ =
        texts_->set(new QDockWidget(this), &QWidget::setWindowTitle, [] { return tr("Notes"); });
    notesDock_->setObjectName("notesDock");
    notes_ = new NotesPanel(&annotations_->session(), &annotations_->store(), &player_, notesDock_);
    notesDock_->setWidget(notes_);
    addDockWidget(Qt::RightDockWidgetArea, notesDock_);
    navigator_ = new ViewNavigator(viewer_, &annotations_->overlay(), this);
    connect(navigator_, &ViewNavigator::displayLimitChanged, &player_,
            &PlayerController::setDisplayLimit);
    saveLabel_ = new QLabel(this);
    saveLabel_->setObjectName("saveStateLabel");
    statusBar()->addPermanentWidget(saveLabel_);
    texts_->add([this] {
        if (!saveLabel_->text().isEmpty()) saveLabel_->setText(annotations_->saveStateText());
    });

    // The picture owns the keys; the text fields have them only while the user types.
    keyboard_ = new KeyboardHome(this, &annotations_->overlay());
    keyboard_->addViewerPart(viewer_->widget());
    keyboard_->addTextField(notes_->searchField());
    keyboard_->addTextField(notes_->replyField());
    timeline_->setFocusPolicy(Qt::NoFocus);

    buildMenus();
    transport_ = new TransportBar(&player_, playbackActions_, central);
    layout->addWidget(transport_);
    statusBar()->addPermanentWidget(transport_->playStateLabel());
    // A failed go-to keeps the keys in the field, to correct what was typed.
    keyboard_->addTextField(transport_->jumpField(),
                            [this] { return !transport_->jumpField()->text().isEmpty(); });
    connect(transport_, &TransportBar::jumpFailed, this,
            [this](const QString& why) { showStatus(why, 10000); });
    buildViewMenu();
    buildHelpMenu();
    together_ =
        new SessionUi(this, &player_, annotations_, {compare_, colour_, &annotations_->laser()});
    together_->setClipOpener([this](const QString& path) { openFile(path); });
    connect(together_, &SessionUi::message, this, &MainWindow::showStatus);
    layout_ = new WindowLayout(this, {transport_, timeline_});
    layout_->addTo(viewMenu_);
    keepKeysWithoutMenus();

    connect(annotations_, &AnnotationController::message, this,
            [this](const QString& text) { showStatus(text); });
    connect(annotations_, &AnnotationController::saveStateChanged, saveLabel_, &QLabel::setText);
    connect(annotations_, &AnnotationController::textEditorClosed, keyboard_,
            &KeyboardHome::returnHome);
    connect(notes_, &NotesPanel::message, this, [this](const QString& text) { showStatus(text); });
    connect(notes_, &NotesPanel::noteActivated, this, [this](const QUuid& id, qint64 frame) {
        player_.pause();
        player_.seek(frame);
        annotations_->overlay().select(id);
    });
    connect(&annotations_->overlay(), &AnnotationOverlay::selectionChanged, notes_,
            [this](const QUuid& id) {
                if (!id.isNull()) notes_->showNote(id);
            });
    connect(&player_, &PlayerController::playheadChanged, notes_, &NotesPanel::markFrame);
    new TimelineMarkers(annotations_->session(), *timeline_, this);
    connect(timeline_, &TimelineWidget::seekRequested, this, [this](qint64 frame) {
        player_.pause();
        player_.seek(frame);
        returnKeyboardHome();
    });
    connect(timeline_, &TimelineWidget::markerClicked, this, [this](const QUuid& id, qint64 frame) {
        player_.pause();
        player_.seek(frame);
        annotations_->overlay().select(id);
        notes_->showNote(id);
        returnKeyboardHome();
    });
    timeline_->setTimecodeFormatter([this](qint64 frame) { return player_.timecode(frame); });
    connectPlayer();
}

MainWindow::~MainWindow() {
    delete together_;  // its connection lives on the store thread: closed while the store is open
    // The event filters on the viewer go before the widgets they look at: while the children are
    // destroyed, events still reach the filters, and the viewer they read may be gone already.
    delete navigator_;
    navigator_ = nullptr;
    delete keyboard_;
    keyboard_ = nullptr;
}

void MainWindow::showStatus(const QString& text, int ms) { statusBar()->showMessage(text, ms); }

void MainWindow::returnKeyboardHome() {
    // Not while the window is destroyed: its children may still signal after keyboard_ is gone.
    if (keyboard_) keyboard_->returnHome();
}

QMenu* MainWindow::menu(Retranslator::Text title) {
    return texts_->set(menuBar()->addMenu(QString()), &QMenu::setTitle, std::move(title));
}

void MainWindow::showTitle() {
    if (!player_.hasMedia()) return setWindowTitle(tr("Framenote"));
    // A sequence is named by its pattern (shot.%04d.exr), not by the file that opened it.
    const auto& info = player_.media()->info;
    const QString name = info.container == "image sequence"
                             ? QFileInfo(QString::fromStdString(info.path)).fileName()
                             : QFileInfo(currentPath_).fileName();
    setWindowTitle(tr("%1 - Framenote").arg(name));
}

void MainWindow::connectPlayer() {
    connect(&player_, &PlayerController::mediaOpened, this, [this] {
        navigator_->fit();
        const auto* media = player_.media();
        timeline_->setFrameCount(player_.frameCount());
        timeline_->setFirstFrameNumber(media->info.firstFrameNumber);
        if (media->info.video) timeline_->setFrameRate(media->frameRate().toDouble());
        if (media->info.video) {
            const auto& v = *media->info.video;
            viewer_->setPixelAspect(v.sampleAspect.toDouble());
            showStatus(tr("%1: %2x%3 %4, %5 fps, %n frame(s)", nullptr,
                          static_cast<int>(player_.frameCount()))
                           .arg(QFileInfo(currentPath_).fileName())
                           .arg(v.width)
                           .arg(v.height)
                           .arg(QString::fromStdString(v.codec))
                           .arg(media->frameRate().toDouble(), 0, 'f', 3));
        }
        showTitle();
        returnKeyboardHome();
    });
    connect(&player_, &PlayerController::mediaClosed, this, [this] {
        // Nothing of the previous clip stays on screen: picture, timeline, title.
        viewer_->clear();
        timeline_->setFrameCount(0);
        timeline_->setMarkers({});
        timeline_->setInOut(-1, -1);
        showTitle();
    });
    connect(&player_, &PlayerController::openFailed, this,
            [this](const QString& message, media::OpenProblem problem) {
                // Shown in the viewer, not in a modal box: a failed open never blocks the keyboard.
                // The reason in the user's language, then the engine's own words as the detail.
                const QString reason =
                    openFailureReason(problem, QFileInfo(currentPath_).fileName());
                viewer_->showMessage(reason + "\n" + message);
                showStatus(reason, 0);
                showTitle();
                returnKeyboardHome();
            });
    connect(&player_, &PlayerController::errorOccurred, this,
            [this](const QString& message) { showStatus(message, 10000); });
    // No sound is a state, not news: it stays in sight beside the save state, with the reason.
    auto* sound = new QLabel(this);
    sound->setObjectName("soundStateLabel");
    sound->hide();
    statusBar()->addPermanentWidget(sound);
    texts_->set(sound, &QLabel::setText, [] { return tr("No sound"); });
    connect(&player_.audio(), &AudioPlayback::unavailable, sound, [sound](const QString& why) {
        sound->setToolTip(why);
        sound->show();
    });
    // A's frames reach the viewer through the compare control, which composes them with B's.
    connect(&player_, &PlayerController::frameShown, compare_, &CompareControl::present);
    connect(compare_, &CompareControl::show, this, [this](const media::ServedFrame& frame) {
        const QSize before = viewer_->frameSize();
        viewer_->showFrame(frame);
        if (viewer_->frameSize() != before) navigator_->refresh();  // a new clip, or a layout
    });
    connect(&player_, &PlayerController::playheadChanged, timeline_, &TimelineWidget::setPlayhead);
    connect(&player_, &PlayerController::inOutChanged, timeline_, &TimelineWidget::setInOut);
    new DamageMarks(&player_, viewer_, timeline_, this);
}

void MainWindow::buildMenus() {
    QMenu* file = menu([] { return tr("&File"); });
    texts_->set(file->addAction(QString(), QKeySequence::Open, this, &MainWindow::chooseFile),
                &QAction::setText, [] { return tr("&Open..."); });
    recentMenu_ =
        texts_->set(file->addMenu(QString()), &QMenu::setTitle, [] { return tr("Open &Recent"); });
    recentMenu_->setObjectName("recentMenu");
    rebuildRecentMenu();
    file->addSeparator();
    exports_ = new ExportActions(
        &player_, &annotations_->store(), &annotations_->session(), [this] { return currentPath_; },
        this);
    exports_->addTo(file);
    connect(exports_, &ExportActions::message, this,
            [this](const QString& text) { showStatus(text, 15000); });
    // Beside the message that names the file: a way to its folder, until the message goes.
    showExport_ = new QToolButton(this);
    showExport_->setObjectName("showExportButton");
    texts_->set(showExport_, &QToolButton::setText, [] { return tr("Show in Folder"); });
    showExport_->setAutoRaise(true);
    showExport_->setFocusPolicy(Qt::NoFocus);
    showExport_->hide();
    statusBar()->addPermanentWidget(showExport_);
    statusBar()->addPermanentWidget(exports_->progressWidget());
    connect(exports_, &ExportActions::exported, this, [this](const QString& path) {
        const QString folder = QFileInfo(path).absolutePath();
        showExport_->setToolTip(QDir::toNativeSeparators(folder));
        showExport_->setProperty("folder", folder);
        showExport_->show();
        QTimer::singleShot(15000, showExport_, &QWidget::hide);
    });
    connect(showExport_, &QToolButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(showExport_->property("folder").toString()));
        showExport_->hide();
    });
    file->addSeparator();
    texts_->set(file->addAction(QString(), QKeySequence::Quit, this, &QWidget::close),
                &QAction::setText, [] { return tr("&Quit"); });

    QMenu* editMenu = menu([] { return tr("&Edit"); });
    annotations_->addEditActions(editMenu);
    editMenu->addSeparator();
    QAction* find = editMenu->addAction(QString(), QKeySequence::Find, this, [this] {
        notesDock_->show();
        notesDock_->raise();
        notes_->searchField()->setFocus(Qt::ShortcutFocusReason);
        notes_->searchField()->selectAll();
    });
    find->setObjectName("findNotesAction");
    texts_->set(find, &QAction::setText, [] { return tr("&Find Notes..."); });
    // A review by keyboard alone: answer and resolve the note selected on the picture (or all
    // of the frame's, the last of them current), without reaching for the list.
    const auto selectOnFrame = [this] {
        if (annotations_->overlay().selection().isEmpty()) annotations_->overlay().selectAll();
        notesDock_->show();
        notesDock_->raise();
    };
    QAction* reply = editMenu->addAction(
        QString(), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this, selectOnFrame] {
            selectOnFrame();
            notes_->replyField()->setFocus(Qt::ShortcutFocusReason);
        });
    reply->setObjectName("replyAction");
    texts_->set(reply, &QAction::setText, [] { return tr("Re&ply to Note"); });
    QAction* resolve = editMenu->addAction(
        QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this, [this, selectOnFrame] {
            selectOnFrame();
            notes_->toggleCurrentResolved();
        });
    resolve->setObjectName("resolveAction");
    texts_->set(resolve, &QAction::setText, [] { return tr("Resolve or Reopen &Note"); });
    editMenu->addSeparator();
    QAction* settings =
        texts_->set(editMenu->addAction(QString(), this, [this] { openSettings()->open(); }),
                    &QAction::setText, [] { return tr("&Settings..."); });
    settings->setObjectName("settingsAction");
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);

    buildPlaybackMenu();

    QMenu* tools = menu([] { return tr("&Tools"); });
    tools->setObjectName("toolsMenu");
    tools->addActions(annotations_->toolActions());
    tools->addSeparator();
    tools->addAction(annotations_->placeTextAction());
}

void MainWindow::buildPlaybackMenu() {
    QMenu* playback = menu([] { return tr("&Playback"); });
    // Every transport key acts wherever the focus is in this window, unless a text field takes it.
    const auto add = [&](const QString& name, Retranslator::Text text, const QKeySequence& key,
                         auto slot) {
        QAction* action = playback->addAction(QString(), key, &player_, slot);
        texts_->set(action, &QAction::setText, std::move(text));
        action->setObjectName(name);
        action->setShortcutContext(Qt::WindowShortcut);
        return action;
    };
    TransportActions& a = playbackActions_;
    a.playPause = add(
        "playPause", [] { return tr("Play/Pause"); }, Qt::Key_Space, &PlayerController::togglePlay);
    add(
        "shuttleBack", [] { return tr("Shuttle Back (J)"); }, Qt::Key_J,
        &PlayerController::shuttleBackward);
    add(
        "stop", [] { return tr("Stop (K)"); }, Qt::Key_K, &PlayerController::pause);
    add(
        "shuttleForward", [] { return tr("Shuttle Forward (L)"); }, Qt::Key_L,
        &PlayerController::shuttleForward);
    playback->addSeparator();
    a.stepBack = add(
        "previousFrame", [] { return tr("Previous Frame"); }, Qt::Key_Left,
        [this] { player_.step(-1); });
    a.stepForward = add(
        "nextFrame", [] { return tr("Next Frame"); }, Qt::Key_Right, [this] { player_.step(1); });
    add(
        "back10", [] { return tr("Back 10 Frames"); }, QKeySequence(Qt::SHIFT | Qt::Key_Left),
        [this] { player_.step(-10); });
    add(
        "forward10", [] { return tr("Forward 10 Frames"); },
        QKeySequence(Qt::SHIFT | Qt::Key_Right), [this] { player_.step(10); });
    a.first = add(
        "firstFrame", [] { return tr("First Frame"); }, Qt::Key_Home, &PlayerController::goToStart);
    a.last = add(
        "lastFrame", [] { return tr("Last Frame"); }, Qt::Key_End, &PlayerController::goToEnd);
    playback->addSeparator();
    a.markIn = add(
        "markIn", [] { return tr("Mark In"); }, Qt::Key_I, &PlayerController::markIn);
    a.markOut = add(
        "markOut", [] { return tr("Mark Out"); }, Qt::Key_O, &PlayerController::markOut);
    add(
        "clearInOut", [] { return tr("Clear In/Out"); }, QKeySequence(Qt::ALT | Qt::Key_X),
        &PlayerController::clearInOut);
    a.loop = texts_->set(playback->addAction(QString()), &QAction::setText,
                         [] { return tr("Loop Playback"); });
    a.loop->setObjectName("loop");
    a.loop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    a.loop->setCheckable(true);
    a.loop->setChecked(player_.looping());
    connect(a.loop, &QAction::toggled, &player_, &PlayerController::setLooping);
    // Refused while someone else presents: the tick goes back to what the player does.
    connect(&player_, &PlayerController::lockedOut, a.loop, [this, loop = a.loop] {
        const QSignalBlocker quiet(loop);
        loop->setChecked(player_.looping());
    });
    QAction* mute = texts_->set(playback->addAction(QString()), &QAction::setText,
                                [] { return tr("Mute Sound"); });
    mute->setObjectName("muteAction");
    mute->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_M));
    mute->setCheckable(true);
    connect(mute, &QAction::toggled, &player_, &PlayerController::setMuted);
    playback->addSeparator();
    const auto jumpToNote = [this](int direction) {
        const qint64 frame = annotations_->nextNoteFrame(direction);
        if (frame >= 0) player_.step(frame - player_.playhead());
    };
    add(
        "nextNote", [] { return tr("Next Note"); }, Qt::Key_BracketRight,
        [jumpToNote] { jumpToNote(1); });
    add(
        "previousNote", [] { return tr("Previous Note"); }, Qt::Key_BracketLeft,
        [jumpToNote] { jumpToNote(-1); });
    playback->addSeparator();
    add(
        "goTo", [] { return tr("Go to Frame or Timecode..."); }, QKeySequence(Qt::CTRL | Qt::Key_G),
        [this] {
            transport_->jumpField()->setFocus(Qt::ShortcutFocusReason);
            transport_->jumpField()->selectAll();
        });
}

void MainWindow::buildViewMenu() {
    QMenu* view = viewMenu_ = menu([] { return tr("&View"); });
    const auto text = [this](QAction* action, Retranslator::Text text) {
        return texts_->set(action, &QAction::setText, std::move(text));
    };
    text(view->addAction(QString(), QKeySequence(Qt::Key_F), navigator_, &ViewNavigator::fit),
         [] { return tr("&Fit to Window"); });
    text(
        view->addAction(QString(), QKeySequence(Qt::Key_1), navigator_, &ViewNavigator::actualSize),
        [] { return tr("&Actual Pixels (1:1)"); });
    text(view->addAction(QString(), QKeySequence(Qt::Key_Plus), navigator_, &ViewNavigator::zoomIn),
         [] { return tr("Zoom &In"); })
        ->setShortcuts(
            {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn});
    text(view->addAction(QString(), QKeySequence(Qt::Key_Minus), navigator_,
                         &ViewNavigator::zoomOut),
         [] { return tr("Zoom &Out"); })
        ->setShortcuts({QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut});
    view->addSeparator();
    QMenu* timeDisplay =
        texts_->set(view->addMenu(QString()), &QMenu::setTitle, [] { return tr("&Time Display"); });
    auto* modes = new QActionGroup(timeDisplay);
    const QString chosen = QSettings().value(kTimeDisplayKey, "both").toString();
    for (const auto& [mode, name] :
         {std::pair<QString, Retranslator::Text>{"both",
                                                 [] { return tr("Timecode and Frame Number"); }},
          std::pair<QString, Retranslator::Text>{"timecode", [] { return tr("Timecode"); }},
          std::pair<QString, Retranslator::Text>{"frame", [] { return tr("Frame Number"); }}}) {
        QAction* action = text(
            timeDisplay->addAction(QString(), this, [this, mode] { setTimeDisplay(mode); }), name);
        action->setObjectName("timeDisplay_" + mode);
        action->setCheckable(true);
        action->setChecked(mode == chosen);
        modes->addAction(action);
    }
    setTimeDisplay(chosen);
    colour_ = new ColourControl(this, &player_, viewer_);
    connect(colour_, &ColourControl::message, this,
            [this](const QString& text) { showStatus(text); });
    colour_->addTo(view);
    statusBar()->addPermanentWidget(colour_->statusLabel());
    probe_ = new PixelProbe(viewer_, {viewer_->widget(), &annotations_->overlay()}, &player_, this);
    view->addAction(probe_->action());
    probe_->setTransform(colour_->transform());
    connect(colour_, &ColourControl::changed, probe_,
            [this] { probe_->setTransform(colour_->transform()); });
    statusBar()->addPermanentWidget(probe_->label());
    compare_ = new CompareControl(this, &player_, viewer_, &annotations_->overlay(), colour_,
                                  &annotations_->store());
    annotations_->ghosts().addTo(view);
    compare_->addTo(view);
    probe_->setCompare(compare_);
    compare_->setDisplayLimit(navigator_->displayLimit());
    connect(navigator_, &ViewNavigator::displayLimitChanged, compare_,
            &CompareControl::setDisplayLimit);
    statusBar()->addPermanentWidget(compare_->statusLabel());
    connect(compare_, &CompareControl::message, this,
            [this](const QString& text) { showStatus(text); });
    view->addSeparator();
    zoomLabel_ = new QLabel(this);
    zoomLabel_->setObjectName("zoomLabel");
    statusBar()->addPermanentWidget(zoomLabel_);
    connect(navigator_, &ViewNavigator::zoomChanged, this, [this](double zoom, bool fitted) {
        const QString percent = QString::number(std::lround(zoom * 100)) + QLatin1Char('%');
        zoomLabel_->setText(fitted ? tr("Fit (%1)").arg(percent) : percent);
    });
    // "Fit" until a picture is shown; after that the navigator says the zoom again.
    texts_->add([this] {
        if (viewer_->frameSize().isEmpty())
            zoomLabel_->setText(tr("Fit"));
        else
            navigator_->refresh();
    });
}

void MainWindow::buildHelpMenu() {
    QMenu* help = menu([] { return tr("&Help"); });
    QAction* keys =
        texts_->set(help->addAction(QString(), this, [this] { showShortcutReference(this); }),
                    &QAction::setText, [] { return tr("&Keyboard Shortcuts"); });
    keys->setObjectName("shortcutReferenceAction");
    keys->setShortcut(QKeySequence(Qt::Key_Question));
    QAction* guide = texts_->set(help->addAction(QString(), this, [this] { showUserGuide(this); }),
                                 &QAction::setText, [] { return tr("&User Guide"); });
    guide->setObjectName("userGuideAction");
    guide->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    texts_
        ->set(help->addAction(QString(), this, &MainWindow::showAbout), &QAction::setText,
              [] { return tr("&About Framenote"); })
        ->setObjectName("aboutAction");
}

void MainWindow::keepKeysWithoutMenus() {
    std::function<void(QMenu*)> adopt = [&](QMenu* menu) {
        for (QAction* action : menu->actions()) {
            if (action->menu())
                adopt(action->menu());
            else if (!action->shortcuts().isEmpty())
                addAction(action);
        }
    };
    for (QAction* top : menuBar()->actions())
        if (top->menu()) adopt(top->menu());
}

void MainWindow::setTimeDisplay(const QString& mode) {
    transport_->setTimeDisplay(mode);
    QSettings().setValue(kTimeDisplayKey, mode);
    if (auto* action = findChild<QAction*>("timeDisplay_" + mode)) action->setChecked(true);
}

QString MainWindow::defaultStorePath() {
    const QString override = qEnvironmentVariable("FRAMENOTE_DB");
    if (!override.isEmpty()) return override;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return folder + "/framenote.db";
}

void MainWindow::openFile(const QString& path) {
    // Another clip ends the session (its room is the clip): ask first.
    if (together_ && together_->askToLeave([this, path] { openFile(path); })) return;
    currentPath_ = path;
    viewer_->clear();
    showStatus(tr("Opening %1...").arg(path), 0);
    rememberRecent(path);
    player_.open(path);
}

SettingsDialog* MainWindow::openSettings() {
    auto* dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::applied, this,
            [this, before = AppSettings::load().language](const AppSettings& chosen) {
                // Every window sets its texts again in the new language (retranslator.h).
                if (chosen.language != before) useLanguage(chosen.language);
                player_.setCacheBudget(chosen.cacheBudgetBytes());
                player_.setSequenceRate({chosen.sequenceRateNum, chosen.sequenceRateDen});
                if (chosen.userColor.isValid())
                    together_->controller().setOwnColor(chosen.userColor);
                // The name signs the next edits at once; a shared session keeps its token's name.
                if (together_->controller().mode() == SessionController::Mode::None &&
                    !chosen.userName.isEmpty())
                    annotations_->session().setIdentity(chosen.userName,
                                                        annotations_->session().role());
            });
    // Window-modal (open(), by the caller), never a nested event loop.
    return dialog;
}

bool MainWindow::welcomeIfFirstRun() {
    if (QSettings().contains("userName")) return false;
    openSettings()->showAsWelcome();
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Quitting while hosting ends the session for everyone: ask first, then close.
    if (together_ && together_->controller().mode() == SessionController::Mode::Hosting) {
        event->ignore();
        together_->askToLeave([this] { QTimer::singleShot(0, this, [this] { close(); }); });
        return;
    }
    layout_->remember();
    QMainWindow::closeEvent(event);
}

void MainWindow::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a clip"), QString(),
        tr("Video files and image sequences (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts "
           "*.webm *.exr *.dpx *.tif *.tiff *.png *.jpg *.jpeg);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(kRecentKey, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent)
        recentMenu_
            ->addAction(literalMenuText(QFileInfo(path).fileName()), this,
                        [this, path] { openFile(path); })
            ->setToolTip(path);
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) openFile(urls.first().toLocalFile());
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Framenote"),
                       tr("<b>Framenote %1</b><p>Frame-accurate video review.</p>")
                           .arg(QString::fromLatin1(framenote::kVersion)));
}

}  // namespace framenote::ui
