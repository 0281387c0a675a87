#pragma once
// The progress of a clip on its way to or from a relay (ClipFetch, ClipShare): a dialog with a
// bar, what has moved, the speed and the time left, and Cancel. The speed is measured over the
// last few seconds, so a stall shows as one and the time left follows the link as it is now.
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>
#include <deque>
#include <utility>

namespace framenote::ui {

class TransferProgress : public QObject {
    Q_OBJECT
  public:
    // A dialog over `window`. `what`: its first line ("Downloading shot.mov from the host...");
    // `name`: its objectName, for tests and accessibility.
    TransferProgress(QWidget* window, const QString& title, const QString& what,
                     const QString& name, QObject* parent);
    ~TransferProgress() override;

    void update(qint64 done, qint64 total);
    // Closes the dialog without canceled().
    void close();
    // "12.5 of 2,000.0 MB  -  210.4 MB/s  -  about 9 s left" (for tests and the dialog).
    QString detailText() const { return detail_; }

    // "about 9 s left", "about 3 min left", "about 1 h 20 min left".
    static QString timeLeftText(double seconds);

  signals:
    void canceled();

  private:
    QPointer<QProgressDialog> dialog_;
    QString what_;
    QString detail_;
    QElapsedTimer clock_;
    std::deque<std::pair<qint64, qint64>> samples_;  // (ms, bytes done), the last few seconds
};

}  // namespace framenote::ui
