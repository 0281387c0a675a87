#include "ui/export_actions.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QToolButton>
#include <QWidget>

#include "core/media/media_source.h"
#include "core/media/video_decoder.h"
#include "core/store/draft_store.h"
#include "core/store/exporters.h"
#include "ui/render/note_movie.h"
#include "ui/render/note_pictures.h"
#include "ui/render/review_report.h"
#include "ui/retranslator.h"

namespace framenote::ui {

namespace {
const char* kLastExportDir = "lastExportDir";
// "status" or "note" (review::parseEdlMarkerColors): what colours EDL markers.
const char* kEdlMarkerColors = "edlMarkerColors";

// Writes all or nothing: a failed write never leaves half a file where a good one was.
QString writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    if (file.write(bytes) != bytes.size()) return file.errorString();
    if (!file.commit()) return file.errorString();
    return {};
}
}  // namespace

ExportActions::ExportActions(PlayerController* player, review::StoreWorker* store,
                             review::ReviewSession* session, std::function<QString()> clipPath,
                             QWidget* window)
    : QObject(window),
      player_(player),
      store_(store),
      session_(session),
      clipPath_(std::move(clipPath)),
      window_(window) {
    pool_.setMaxThreadCount(1);
    progressBox_ = new QWidget(window);
    progressBox_->setObjectName("exportProgress");
    auto* layout = new QHBoxLayout(progressBox_);
    layout->setContentsMargins(0, 0, 0, 0);
    progressBar_ = new QProgressBar(progressBox_);
    progressBar_->setMaximumWidth(160);
    auto* stop = new QToolButton(progressBox_);
    stop->setObjectName("cancelExportButton");
    auto* texts = new Retranslator(window, this);
    texts->set(stop, &QToolButton::setText, [] { return tr("Cancel"); });
    connect(stop, &QToolButton::clicked, this, &ExportActions::cancel);
    layout->addWidget(progressBar_);
    layout->addWidget(stop);
    progressBox_->hide();
    showProgress_.setSingleShot(true);
    connect(&showProgress_, &QTimer::timeout, this, [this] {
        if (busy_ && cancelled_) progressBox_->show();
    });
}

void ExportActions::cancel() {
    if (cancelled_) cancelled_->store(true);
}

ExportActions::~ExportActions() { pool_.waitForDone(); }

void ExportActions::addTo(QMenu* fileMenu) {
    auto* texts = new Retranslator(window_, this);
    QMenu* menu =
        texts->set(fileMenu->addMenu(QString()), &QMenu::setTitle, [] { return tr("&Export"); });
    menu->setObjectName("exportMenu");
    const auto add = [&](Retranslator::Text text, const char* name, auto slot) {
        QAction* action =
            texts->set(menu->addAction(QString(), this, slot), &QAction::setText, std::move(text));
        action->setObjectName(QString::fromLatin1(name));
        return action;
    };
    add([] { return tr("Notes as &JSON..."); }, "exportJson",
        [this] {
            askAndExport(review::NoteFormat::Json, tr("Export notes as JSON"),
                         tr("JSON files (*.json)"));
        });
    add([] { return tr("Notes as &CSV..."); }, "exportCsv",
        [this] {
            askAndExport(review::NoteFormat::Csv, tr("Export notes as CSV"),
                         tr("CSV files (*.csv)"));
        });
    add([] { return tr("&EDL Markers (DaVinci Resolve)..."); }, "exportEdl",
        [this] {
            askAndExport(review::NoteFormat::Edl, tr("Export EDL markers"),
                         tr("EDL files (*.edl)"));
        });
    // An option of the EDL export, remembered: markers in the notes' own colours instead of by
    // status.
    QAction* noteColors = texts->set(menu->addAction(QString()), &QAction::setText,
                                     [] { return tr("EDL &Markers in the Notes' Colours"); });
    noteColors->setObjectName("edlNoteColors");
    noteColors->setCheckable(true);
    noteColors->setChecked(edlMarkerColors() == review::EdlMarkerColors::Note);
    connect(noteColors, &QAction::toggled, this, [this](bool checked) {
        setEdlMarkerColors(checked ? review::EdlMarkerColors::Note
                                   : review::EdlMarkerColors::Status);
    });
    add([] { return tr("&Avid Markers..."); }, "exportAvid",
        [this] {
            askAndExport(review::NoteFormat::Avid, tr("Export Avid markers"),
                         tr("Text files (*.txt)"));
        });
    add([] { return tr("Open&TimelineIO Timeline..."); }, "exportOtio",
        [this] {
            askAndExport(review::NoteFormat::Otio, tr("Export an OpenTimelineIO timeline"),
                         tr("OpenTimelineIO files (*.otio)"));
        });
    menu->addSeparator();
    add([] { return tr("Notes as CSV with &Pictures..."); }, "exportPictures",
        [this] {
            const QString folder = QFileDialog::getExistingDirectory(
                window_, tr("Export the notes' pictures into a folder"));
            if (!folder.isEmpty()) exportPictures(folder);
        });
    add([] { return tr("Mo&vie with Drawings (MP4)..."); }, "exportMovie",
        [this] {
            const QString path = askPath(tr("Export a movie with the drawings burned in"), "mp4",
                                         tr("MP4 movies (*.mp4)"));
            if (!path.isEmpty()) exportMovie(path);
        });
    add([] { return tr("Review &Report (PDF)..."); }, "exportReport",
        [this] {
            const QString path =
                askPath(tr("Export review report"), "pdf", tr("PDF files (*.pdf)"));
            if (!path.isEmpty()) exportReport(path);
        });
    QAction* import = fileMenu->addAction(QString(), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            window_, tr("Import notes"), QSettings().value(kLastExportDir).toString(),
            tr("JSON files (*.json);;All files (*)"));
        if (!path.isEmpty()) importJson(path);
    });
    import->setObjectName("importJson");
    texts->set(import, &QAction::setText, [] { return tr("&Import Notes (JSON)..."); });
    // Exports are about the open clip: off until one is open.
    menu->setEnabled(false);
    import->setEnabled(false);
    connect(player_, &PlayerController::mediaOpened, menu, [menu, import] {
        menu->setEnabled(true);
        import->setEnabled(true);
    });
    connect(player_, &PlayerController::mediaClosed, menu, [menu, import] {
        menu->setEnabled(false);
        import->setEnabled(false);
    });
}

QString ExportActions::askPath(const QString& title, const QString& suffix, const QString& filter) {
    QSettings settings;
    const QString folder = settings.value(kLastExportDir, QDir::homePath()).toString();
    const QString base = QFileInfo(clipPath_()).completeBaseName();
    const QString proposed =
        QDir(folder).filePath((base.isEmpty() ? QStringLiteral("notes") : base) + "." + suffix);
    QString path = QFileDialog::getSaveFileName(window_, title, proposed, filter);
    if (path.isEmpty()) return {};
    if (QFileInfo(path).suffix().isEmpty()) path += "." + suffix;
    settings.setValue(kLastExportDir, QFileInfo(path).absolutePath());
    return path;
}

void ExportActions::askAndExport(review::NoteFormat format, const QString& title,
                                 const QString& filter) {
    const QString path = askPath(title, review::noteFormatSuffix(format), filter);
    if (!path.isEmpty()) exportNotes(format, path);
}

review::EdlMarkerColors ExportActions::edlMarkerColors() const {
    return review::parseEdlMarkerColors(QSettings().value(kEdlMarkerColors).toString())
        .value_or(review::EdlMarkerColors::Status);
}

void ExportActions::setEdlMarkerColors(review::EdlMarkerColors colors) {
    QSettings().setValue(kEdlMarkerColors,
                         colors == review::EdlMarkerColors::Note ? "note" : "status");
}

bool ExportActions::start(const QString& text) {
    if (busy_) {
        emit message(tr("An export is already running"));
        return false;
    }
    if (session_->mediaId().isEmpty()) {
        finish(false, tr("Open a clip first: exports are about the open clip's notes."));
        return false;
    }
    busy_ = true;
    emit message(text);
    return true;
}

void ExportActions::finish(bool ok, const QString& text) {
    busy_ = false;
    const bool cancelled = cancelled_ && cancelled_->load();
    cancelled_.reset();
    showProgress_.stop();
    progressBox_->hide();
    emit message(text);
    if (!ok && !cancelled) {
        // Not modal: a failed export never blocks the keyboard or playback.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Notes export and import"), text,
                                    QMessageBox::Ok, window_);
        box->setObjectName("exportErrorBox");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit finished(ok, text);
}

void ExportActions::post(std::function<void()> fn) {
    // Queued to the application object, which outlives this one; `alive_` is checked on the UI
    // thread, where this object is destroyed, so the check cannot race.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [alive = std::weak_ptr<int>(alive_), fn = std::move(fn)] {
            if (!alive.expired()) fn();
        },
        Qt::QueuedConnection);
}

void ExportActions::exportNotes(review::NoteFormat format, const QString& path) {
    if (!start(tr("Exporting notes to %1...").arg(QDir::toNativeSeparators(path)))) return;
    const QString mediaId = session_->mediaId();
    review::NoteExportOptions options;
    options.edlColors = edlMarkerColors();
    store_->run([this, format, path, mediaId, options](store::DraftStore& store) {
        auto bytes = review::exportNotes(store, mediaId, format, {}, options);
        const QString error =
            bytes ? writeFile(path, *bytes) : QString::fromStdString(bytes.error());
        post([this, path, error] {
            const QString shown = QDir::toNativeSeparators(path);
            if (error.isEmpty()) {
                finish(true, tr("Notes exported to %1").arg(shown));
                emit exported(path);
            } else
                finish(false, tr("Could not export the notes to %1: %2").arg(shown, error));
        });
    });
}

void ExportActions::exportReport(const QString& pdfPath) {
    const QString shown = QDir::toNativeSeparators(pdfPath);
    renderNotes(
        tr("Writing the review report %1...").arg(shown), pdfPath,
        [pdfPath](const render::ReviewReportInput& input, media::FrameSource& decoder,
                  const render::RenderProgress& progress) {
            return render::writeReviewReport(input, decoder, pdfPath, progress);
        },
        tr("Review report saved to %1").arg(shown),
        [shown](const QString& error) {
            return tr("Could not write the review report %1: %2").arg(shown, error);
        });
}

void ExportActions::exportPictures(const QString& folder) {
    const QString shown = QDir::toNativeSeparators(folder);
    renderNotes(
        tr("Writing the notes' pictures to %1...").arg(shown), folder,
        [folder](const render::ReviewReportInput& input, media::FrameSource& decoder,
                 const render::RenderProgress& progress) -> Status {
            auto written = render::writeNotePictures(input, decoder, folder, progress);
            if (!written) return makeError(written.error());
            return Ok{};
        },
        tr("The notes' pictures and notes.csv saved to %1").arg(shown),
        [shown](const QString& error) {
            return tr("Could not write the notes' pictures to %1: %2").arg(shown, error);
        });
}

void ExportActions::exportMovie(const QString& path) {
    const QString shown = QDir::toNativeSeparators(path);
    const auto* media = player_->media();
    if (!media || !media->index) return;
    const std::optional<render::FrameRange> loop =
        player_->inPoint() >= 0 && player_->outPoint() >= player_->inPoint()
            ? std::optional(render::FrameRange{player_->inPoint(), player_->outPoint()})
            : std::nullopt;
    render::NoteMovieOptions options;
    options.frameRate = media->frameRate();
    if (!media->info.audio.empty()) options.soundFile = clipPath_().toStdString();
    const int64_t frameCount = media->index->frameCount();
    const std::string noRange =
        tr("the clip has no notes; set an in and out point to export a range without them")
            .toStdString();
    renderNotes(
        tr("Writing the movie %1...").arg(shown), path,
        [path, loop, options, frameCount, noRange](
            const render::ReviewReportInput& input, media::FrameSource& decoder,
            const render::RenderProgress& progress) mutable -> Status {
            const auto range = loop ? loop : render::annotatedRange(input.notes, frameCount);
            if (!range) return makeError(noRange);
            options.range = *range;
            auto made = render::writeNoteMovie(input, decoder, path, options, progress);
            if (!made) return makeError(made.error());
            return Ok{};
        },
        tr("Movie saved to %1").arg(shown),
        [shown](const QString& error) {
            return tr("Could not write the movie %1: %2").arg(shown, error);
        });
}

void ExportActions::renderNotes(const QString& busyText, const QString& target, Painter paint,
                                const QString& doneText,
                                std::function<QString(const QString&)> failText) {
    if (!start(busyText)) return;
    const auto cancelled = cancelled_ = std::make_shared<std::atomic<bool>>(false);
    progressBar_->setRange(0, 0);
    showProgress_.start(1000);
    // On the worker thread: the bar follows on the UI thread; a cancel stops the next frame.
    const render::RenderProgress progress = [this, cancelled](int done, int total) {
        post([this, done, total] {
            progressBar_->setRange(0, total);
            progressBar_->setValue(done);
            emit progressed(done, total);
        });
        return !cancelled->load();
    };
    const QString mediaId = session_->mediaId();
    const auto* media = player_->media();
    const std::shared_ptr<const media::FrameIndex> index = media ? media->index : nullptr;
    const double aspect =
        media && media->info.video ? media->info.video->sampleAspect.toDouble() : 1.0;
    const QString clip = clipPath_();
    const auto failed = [this, failText](const QString& error) { finish(false, failText(error)); };
    // 1. The notes, on the store thread.
    store_->run([=, this](store::DraftStore& store) {
        auto input = render::loadReviewReportInput(store, mediaId);
        post([=, this]() mutable {
            if (!input) return failed(QString::fromStdString(input.error()));
            input->clipName = QFileInfo(clip).fileName();
            input->pixelAspect = aspect > 0 ? aspect : 1.0;
            // 2. Decoding the exact frames and painting them, on the worker thread.
            pool_.start([=, this, input = std::move(*input)] {
                QString error;
                // A movie reuses the player's frame index; a sequence opens as the player did.
                std::unique_ptr<media::FrameSource> source;
                if (index && !media::isSequenceInput(clip.toStdString())) {
                    auto decoder = media::VideoDecoder::open(clip.toStdString(), index);
                    if (decoder)
                        source = std::move(*decoder);
                    else
                        error = QString::fromStdString(decoder.error());
                } else {
                    auto opened = media::openSource(clip.toStdString());
                    if (opened)
                        source = std::move(opened->source);
                    else
                        error = QString::fromStdString(opened.error());
                }
                if (source)
                    if (auto written = paint(input, *source, progress); !written)
                        error = QString::fromStdString(written.error());
                post([=, this] {
                    if (cancelled->load()) return finish(false, tr("Export cancelled"));
                    if (!error.isEmpty()) return failed(error);
                    finish(true, doneText);
                    emit exported(target);
                });
            });
        });
    });
}

void ExportActions::importJson(const QString& path) {
    if (!start(tr("Importing notes from %1...").arg(QDir::toNativeSeparators(path)))) return;
    const QString actor = session_->actor();
    const model::Role role = session_->role();
    store_->run([=, this](store::DraftStore& store) {
        QString error;
        store::ImportCounts report;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            error = file.errorString();
        } else {
            store::ImportOptions options;
            options.sourceName = path;
            options.actor = actor;
            options.role = role;
            auto imported = store::importJson(store, file.readAll(), options);
            if (imported)
                report = *imported;
            else
                error = QString::fromStdString(imported.error());
        }
        post([=, this] {
            const QString shown = QDir::toNativeSeparators(path);
            if (!error.isEmpty())
                return finish(false, tr("Could not import %1: %2").arg(shown, error));
            // Show what came in: reload the clip's notes from the store.
            session_->setMedia(session_->mediaId(), player_->frameCount());
            finish(true,
                   tr("%n note(s) imported from %1", nullptr, report.imported).arg(shown) +
                       (report.skipped ? " " + tr("(%n already present)", nullptr, report.skipped)
                                       : QString()));
        });
    });
}

}  // namespace framenote::ui
