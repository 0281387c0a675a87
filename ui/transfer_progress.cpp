#include "ui/transfer_progress.h"

#include <QApplication>
#include <QLocale>
#include <cmath>

namespace framenote::ui {

namespace {
constexpr qint64 kSpeedWindowMs = 3000;  // the speed is what moved over this long
}

TransferProgress::TransferProgress(QWidget* window, const QString& title, const QString& what,
                                   const QString& name, QObject* parent)
    : QObject(parent), what_(what) {
    dialog_ = new QProgressDialog(what, tr("Cancel"), 0, 1000, window);
    dialog_->setObjectName(name);
    dialog_->setWindowTitle(title);
    dialog_->setAttribute(Qt::WA_DeleteOnClose);
    dialog_->setMinimumDuration(0);
    // At 100 % the relay may still be checking the file: the dialog stays until the end.
    dialog_->setAutoClose(false);
    dialog_->setAutoReset(false);
    // A dialog the user is typing into (the first run's welcome) keeps the keyboard: the
    // progress shows beside it, and its closing hands the focus back (TransferProgress::close).
    if (QApplication::activeModalWidget()) dialog_->setAttribute(Qt::WA_ShowWithoutActivating);
    dialog_->setValue(0);
    connect(dialog_, &QProgressDialog::canceled, this, &TransferProgress::canceled);
    clock_.start();
}

TransferProgress::~TransferProgress() { close(); }

void TransferProgress::update(qint64 done, qint64 total) {
    if (!dialog_ || total <= 0) return;
    const qint64 now = clock_.elapsed();
    samples_.emplace_back(now, done);
    while (samples_.size() > 2 && now - samples_.front().first > kSpeedWindowMs)
        samples_.pop_front();
    const double seconds = (now - samples_.front().first) / 1000.0;
    const double rate = seconds > 0.2 ? (done - samples_.front().second) / seconds : 0;
    const QLocale locale;
    detail_ = tr("%1 of %2 MB")
                  .arg(locale.toString(done / 1e6, 'f', 1), locale.toString(total / 1e6, 'f', 1));
    if (rate > 0)
        detail_ +=
            tr("  -  %1 MB/s  -  %2")
                .arg(locale.toString(rate / 1e6, 'f', 1), timeLeftText((total - done) / rate));
    dialog_->setLabelText(what_ + "\n" + detail_);
    dialog_->setValue(static_cast<int>(1000 * done / total));
}

QString TransferProgress::timeLeftText(double seconds) {
    const qint64 s = std::llround(std::max(1.0, seconds));
    if (s < 60) return tr("about %n s left", nullptr, static_cast<int>(s));
    if (s < 3600) return tr("about %n min left", nullptr, static_cast<int>((s + 30) / 60));
    return tr("about %1 h %2 min left").arg(s / 3600).arg((s % 3600) / 60);
}

// Closed without its "canceled" (QProgressDialog sends it on any close).
void TransferProgress::close() {
    if (!dialog_) return;
    dialog_->disconnect(this);
    dialog_->close();
    if (QWidget* modal = QApplication::activeModalWidget()) {
        modal->activateWindow();
        modal->raise();
    }
}

}  // namespace framenote::ui
