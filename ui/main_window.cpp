#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "framenote/version.h"
#include "ui/app_settings.h"
#include "ui/coalesced_call.h"
#include "ui/menu_text.h"
#include "ui/participant_colors.h"
#include "ui/session_controller.h"
#include "ui/session_ui.h"
#include "ui/settings_dialog.h"

namespace framenote::ui {

namespace {
constexpr int kMaxRecent = 10;
const char* kRecentKey = "recentFiles";
const char* kTimeDisplayKey = "timeDisplay";
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Framenote"));
    setAcceptDrops(true);
    resize(1280, 800);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    viewer_ = createFrameView(central);
    player_.setNativeFormats(viewer_->nativeFormats());
    player_.setCacheBudget(AppSettings::load().cacheBudgetBytes());
    timeline_ = new TimelineWidget(central);
    layout->addWidget(viewer_->widget(), 1);
    layout->addWidget(timeline_);
    setCentralWidget(central);
    const QString userName =
        QSettings().value("userName", qEnvironmentVariable("USER", tr("Reviewer"))).toString();
    annotations_ = new AnnotationController(&player_, viewer_, this, defaultStorePath(), userName);
    addToolBar(Qt::LeftToolBarArea, annotations_->toolBar());
    auto* dock = new QDockWidget(tr("Notes"), this);
    dock->setObjectName("notesDock");
    notes_ = new NotesPanel(&annotations_->session(), &annotations_->store(), &player_, dock);
    dock->setWidget(notes_);
    addDockWidget(Qt::RightDockWidgetArea, dock);
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
    navigator_ = new ViewNavigator(viewer_, &annotations_->overlay(), this);
    connect(navigator_, &ViewNavigator::displayLimitChanged, &player_,
            &PlayerController::setDisplayLimit);
    buildTransport();
    buildMenus();
    together_ = new SessionUi(this, &player_, annotations_);
    connect(annotations_, &AnnotationController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(annotations_, &AnnotationController::saveStateChanged, saveLabel_, &QLabel::setText);
    connect(notes_, &NotesPanel::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    auto* markTimeline = new CoalescedCall(
        100,
        [this] {
            std::vector<TimelineWidget::Marker> markers;
            for (const model::Annotation* a : annotations_->session().state().annotations())
                markers.push_back(
                    {a->firstFrame, a->lastFrame, a->status == model::Status::Resolved});
            timeline_->setMarkers(std::move(markers));
        },
        this);
    connect(&annotations_->session(), &review::ReviewSession::changed, markTimeline,
            &CoalescedCall::request);

    connect(timeline_, &TimelineWidget::seekRequested, &player_, [this](qint64 frame) {
        player_.pause();
        player_.seek(frame);
    });
    connect(&player_, &PlayerController::mediaOpened, this, [this] {
        navigator_->fit();
        const auto* media = player_.media();
        timeline_->setFrameCount(player_.frameCount());
        if (media->info.video) {
            const auto& v = *media->info.video;
            viewer_->setPixelAspect(v.sampleAspect.toDouble());
            statusBar()->showMessage(tr("%1: %2x%3 %4, %5 fps, %n frame(s)", nullptr,
                                        static_cast<int>(player_.frameCount()))
                                         .arg(QFileInfo(currentPath_).fileName())
                                         .arg(v.width)
                                         .arg(v.height)
                                         .arg(QString::fromStdString(v.codec))
                                         .arg(v.nominalRate.toDouble(), 0, 'f', 3));
        }
        setWindowTitle(tr("%1 - Framenote").arg(QFileInfo(currentPath_).fileName()));
    });
    connect(&player_, &PlayerController::openFailed, this, [this](const QString& message) {
        // Shown in the viewer, not in a modal box: a failed open never blocks the keyboard.
        viewer_->showMessage(tr("Cannot open the file") + "\n" + message);
        setWindowTitle(tr("Framenote"));
    });
    connect(&player_, &PlayerController::errorOccurred, this,
            [this](const QString& message) { statusBar()->showMessage(message, 5000); });
    connect(&player_, &PlayerController::frameShown, this, [this](const media::ServedFrame& frame) {
        const QSize before = viewer_->frameSize();
        viewer_->showFrame(frame);
        if (viewer_->frameSize() != before) navigator_->refresh();  // a new clip's first frame
    });
    connect(&player_, &PlayerController::playheadChanged, this, &MainWindow::updateReadout);
    connect(&player_, &PlayerController::inOutChanged, timeline_, &TimelineWidget::setInOut);
    connect(&player_, &PlayerController::playStateChanged, this, [this](double speed) {
        playLabel_->setText(speed == 0 ? tr("Paused") : tr("Playing %1x").arg(speed));
    });
}

MainWindow::~MainWindow() {
    delete together_;  // its connection lives on the store thread: closed while the store is open
}

void MainWindow::buildTransport() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(8, 4, 8, 4);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    frameLabel_ = new QLabel(bar);
    timecodeLabel_ = new QLabel(bar);
    playLabel_ = new QLabel(tr("Paused"), bar);
    frameLabel_->setFont(mono);
    timecodeLabel_->setFont(mono);
    frameLabel_->setObjectName("frameLabel");
    timecodeLabel_->setObjectName("timecodeLabel");
    jumpEdit_ = new QLineEdit(bar);
    jumpEdit_->setObjectName("jumpEdit");
    jumpEdit_->setPlaceholderText(tr("Go to frame or timecode"));
    // Wide enough for its hint (in every language), and no wider than a long timecode needs.
    const int hintWidth =
        jumpEdit_->fontMetrics().horizontalAdvance(jumpEdit_->placeholderText()) + 24;
    jumpEdit_->setMinimumWidth(std::min(hintWidth, 260));
    jumpEdit_->setMaximumWidth(std::max(200, jumpEdit_->minimumWidth()));
    connect(jumpEdit_, &QLineEdit::returnPressed, this, [this] {
        QString error;
        if (player_.jumpTo(jumpEdit_->text(), &error)) {
            jumpEdit_->clear();
            viewer_->widget()->setFocus();
        } else {
            statusBar()->showMessage(error, 5000);
        }
    });
    row->addWidget(timecodeLabel_);
    row->addSpacing(16);
    row->addWidget(frameLabel_);
    row->addStretch(1);
    row->addWidget(playLabel_);
    row->addSpacing(16);
    saveLabel_ = new QLabel(bar);
    saveLabel_->setObjectName("saveStateLabel");
    row->addWidget(saveLabel_);
    row->addSpacing(16);
    row->addWidget(jumpEdit_);
    statusBar()->addPermanentWidget(bar, 1);
    updateReadout(0);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open..."), QKeySequence::Open, this, &MainWindow::chooseFile);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName("recentMenu");
    rebuildRecentMenu();
    file->addSeparator();
    exports_ = new ExportActions(
        &player_, &annotations_->store(), &annotations_->session(), [this] { return currentPath_; },
        this);
    exports_->addTo(file);
    connect(exports_, &ExportActions::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    QMenu* editMenu = menuBar()->addMenu(tr("&Edit"));
    annotations_->addEditActions(editMenu);
    editMenu->addSeparator();
    QAction* settings = editMenu->addAction(tr("&Settings..."), this, [this] {
        auto* dialog = new SettingsDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &SettingsDialog::applied, this, [this](const AppSettings& chosen) {
            player_.setCacheBudget(chosen.cacheBudgetBytes());
            together_->controller().setOwnColor(ownColor(chosen.userName));
        });
        dialog->open();  // window-modal, never a nested event loop
    });
    settings->setObjectName("settingsAction");
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);

    QMenu* playback = menuBar()->addMenu(tr("&Playback"));
    const auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
        QAction* action = playback->addAction(text, key, &player_, slot);
        action->setShortcutContext(Qt::WindowShortcut);
        return action;
    };
    add(tr("Play/Pause"), Qt::Key_Space, &PlayerController::togglePlay);
    add(tr("Shuttle Back (J)"), Qt::Key_J, &PlayerController::shuttleBackward);
    add(tr("Stop (K)"), Qt::Key_K, &PlayerController::pause);
    add(tr("Shuttle Forward (L)"), Qt::Key_L, &PlayerController::shuttleForward);
    playback->addSeparator();
    playback->addAction(tr("Previous Frame"), QKeySequence(Qt::Key_Left), &player_,
                        [this] { player_.step(-1); });
    playback->addAction(tr("Next Frame"), QKeySequence(Qt::Key_Right), &player_,
                        [this] { player_.step(1); });
    playback->addAction(tr("Back 10 Frames"), QKeySequence(Qt::SHIFT | Qt::Key_Left), &player_,
                        [this] { player_.step(-10); });
    playback->addAction(tr("Forward 10 Frames"), QKeySequence(Qt::SHIFT | Qt::Key_Right), &player_,
                        [this] { player_.step(10); });
    add(tr("First Frame"), Qt::Key_Home, &PlayerController::goToStart);
    add(tr("Last Frame"), Qt::Key_End, &PlayerController::goToEnd);
    playback->addSeparator();
    add(tr("Mark In"), Qt::Key_I, &PlayerController::markIn);
    add(tr("Mark Out"), Qt::Key_O, &PlayerController::markOut);
    add(tr("Clear In/Out"), QKeySequence(Qt::ALT | Qt::Key_X), &PlayerController::clearInOut);
    QAction* loop = playback->addAction(tr("Loop Playback"));
    loop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    loop->setCheckable(true);
    loop->setChecked(player_.looping());
    connect(loop, &QAction::toggled, &player_, &PlayerController::setLooping);
    QAction* mute = playback->addAction(tr("Mute Sound"));
    mute->setObjectName("muteAction");
    mute->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_M));
    mute->setCheckable(true);
    connect(mute, &QAction::toggled, &player_, &PlayerController::setMuted);
    playback->addSeparator();
    const auto jumpToNote = [this](int direction) {
        const qint64 frame = annotations_->nextNoteFrame(direction);
        if (frame >= 0) player_.step(frame - player_.playhead());
    };
    playback->addAction(tr("Next Note"), QKeySequence(Qt::Key_BracketRight), this,
                        [jumpToNote] { jumpToNote(1); });
    playback->addAction(tr("Previous Note"), QKeySequence(Qt::Key_BracketLeft), this,
                        [jumpToNote] { jumpToNote(-1); });
    playback->addSeparator();
    playback->addAction(tr("Go to Frame or Timecode..."), QKeySequence(Qt::CTRL | Qt::Key_G), this,
                        [this] {
                            jumpEdit_->setFocus();
                            jumpEdit_->selectAll();
                        });

    buildViewMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Framenote"), this, &MainWindow::showAbout);
}

void MainWindow::buildViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit to Window"), QKeySequence(Qt::Key_F), navigator_, &ViewNavigator::fit);
    view->addAction(tr("&Actual Pixels (1:1)"), QKeySequence(Qt::Key_1), navigator_,
                    &ViewNavigator::actualSize);
    view->addAction(tr("Zoom &In"), QKeySequence(Qt::Key_Plus), navigator_, &ViewNavigator::zoomIn)
        ->setShortcuts(
            {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn});
    view->addAction(tr("Zoom &Out"), QKeySequence(Qt::Key_Minus), navigator_,
                    &ViewNavigator::zoomOut)
        ->setShortcuts({QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut});
    view->addSeparator();
    QAction* fullScreen = view->addAction(tr("Full &Screen"));
    fullScreen->setShortcuts(
        {QKeySequence::FullScreen, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)});
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });
    QMenu* timeDisplay = view->addMenu(tr("&Time Display"));
    auto* modes = new QActionGroup(timeDisplay);
    const QString chosen = QSettings().value(kTimeDisplayKey, "both").toString();
    for (const auto& [mode, text] :
         {std::pair{QStringLiteral("both"), tr("Timecode and Frame Number")},
          std::pair{QStringLiteral("timecode"), tr("Timecode")},
          std::pair{QStringLiteral("frame"), tr("Frame Number")}}) {
        QAction* action =
            timeDisplay->addAction(text, this, [this, mode] { setTimeDisplay(mode); });
        action->setObjectName("timeDisplay_" + mode);
        action->setCheckable(true);
        action->setChecked(mode == chosen);
        modes->addAction(action);
    }
    setTimeDisplay(chosen);
    view->addSeparator();
    zoomLabel_ = new QLabel(tr("Fit"), this);
    zoomLabel_->setObjectName("zoomLabel");
    statusBar()->addPermanentWidget(zoomLabel_);
    connect(navigator_, &ViewNavigator::zoomChanged, this, [this](double zoom, bool fitted) {
        const QString percent = QString::number(std::lround(zoom * 100)) + QLatin1Char('%');
        zoomLabel_->setText(fitted ? tr("Fit (%1)").arg(percent) : percent);
    });
}

void MainWindow::setTimeDisplay(const QString& mode) {
    timecodeLabel_->setVisible(mode != "frame");
    frameLabel_->setVisible(mode != "timecode");
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

void MainWindow::updateReadout(qint64 frame) {
    timeline_->setPlayhead(frame);
    if (!player_.hasMedia()) {
        frameLabel_->setText(tr("Frame -"));
        timecodeLabel_->setText(QStringLiteral("--:--:--:--"));
        return;
    }
    frameLabel_->setText(tr("Frame %1 / %2").arg(frame).arg(player_.frameCount() - 1));
    timecodeLabel_->setText(player_.timecode(frame));
}

void MainWindow::openFile(const QString& path) {
    currentPath_ = path;
    viewer_->clear();
    statusBar()->showMessage(tr("Opening %1...").arg(path));
    rememberRecent(path);
    player_.open(path);
}

void MainWindow::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a clip"), QString(),
        tr("Video files (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm);;All files (*)"));
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
