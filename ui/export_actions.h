#pragma once
// File > Export and File > Import Notes: the open clip's notes as JSON, CSV, EDL markers
// (DaVinci Resolve), Avid markers, an OpenTimelineIO timeline, pictures with a CSV, a movie with
// the drawings burned in, or a PDF review report, and JSON notes back in.
// The UI thread only asks: exports and imports run on the store thread, the report's decoding
// and painting on a worker thread; the result comes back as finished() and a status message,
// and a failure (an unwritable path, a bad file) also in a warning box that does not block.
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>

#include "core/review/note_export.h"
#include "core/review/review_session.h"
#include "core/review/store_worker.h"
#include "ui/player_controller.h"
#include "ui/render/review_report.h"

class QMenu;
class QProgressBar;
class QWidget;

namespace framenote::ui {

class ExportActions : public QObject {
    Q_OBJECT
  public:
    // `clipPath` gives the open clip's file (the report decodes its frames).
    ExportActions(PlayerController* player, review::StoreWorker* store,
                  review::ReviewSession* session, std::function<QString()> clipPath,
                  QWidget* window);
    ~ExportActions() override;

    // Adds the Export submenu and "Import Notes (JSON)..." to the File menu.
    void addTo(QMenu* fileMenu);

    // The work behind the menu entries, once the user chose a path (tests call these directly).
    void exportNotes(review::NoteFormat format, const QString& path);
    void exportReport(const QString& pdfPath);
    // One JPEG per note and notes.csv into `folder` (ui/render/note_pictures.h).
    void exportPictures(const QString& folder);
    // The frames with their drawings burned in and the clip's sound (ui/render/note_movie.h):
    // the in/out range when one is set, else from the first note to the end of the last.
    void exportMovie(const QString& path);
    void importJson(const QString& path);
    bool busy() const { return busy_; }
    // Stops the report or pictures being written (nothing is left half-written).
    void cancel();
    // The progress bar and its Cancel button, for the status bar: shown when a report or the
    // pictures take over a second.
    QWidget* progressWidget() const { return progressBox_; }
    // What colours EDL markers (File > Export > "EDL Markers in the Notes' Colours"), kept in
    // the settings.
    review::EdlMarkerColors edlMarkerColors() const;
    void setEdlMarkerColors(review::EdlMarkerColors colors);

  signals:
    void message(QString text);               // for the status bar
    void finished(bool ok, QString message);  // after each export or import
    void exported(QString path);              // a file was written there (to show its folder)
    void progressed(int done, int total);     // frames painted of a report, the pictures or a movie

  private:
    // The report and the pictures: the notes loaded on the store thread, the exact frames
    // decoded and painted by `paint` on the worker thread, then done/failed in the status bar.
    using Painter = std::function<Status(const render::ReviewReportInput&, media::FrameSource&,
                                         const render::RenderProgress&)>;
    void renderNotes(const QString& busyText, const QString& target, Painter paint,
                     const QString& doneText, std::function<QString(const QString&)> failText);
    bool start(const QString& text);
    void finish(bool ok, const QString& text);
    // Runs `fn` on the UI thread later, unless this object is gone by then.
    void post(std::function<void()> fn);
    QString askPath(const QString& title, const QString& suffix, const QString& filter);
    void askAndExport(review::NoteFormat format, const QString& title, const QString& filter);

    PlayerController* player_;
    review::StoreWorker* store_;
    review::ReviewSession* session_;
    std::function<QString()> clipPath_;
    QWidget* window_;
    QThreadPool pool_;  // the report's decoding and painting
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    bool busy_ = false;
    std::shared_ptr<std::atomic<bool>> cancelled_;  // the running report's or pictures' flag
    QWidget* progressBox_ = nullptr;
    QProgressBar* progressBar_ = nullptr;
    QTimer showProgress_;  // a second after the start: the bar, if still busy
};

}  // namespace framenote::ui
