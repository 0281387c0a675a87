#include "core/sync/log_checkpointer.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcCheckpoint, "framenote.relay.checkpoint", QtInfoMsg)

namespace framenote::sync {

Status LogCheckpointer::start(const QString& path, const SqliteRoomLog::Options& options,
                              int intervalMs) {
    if (context_) return makeError("the checkpointer is already running");
    auto log = SqliteRoomLog::open(path, options);
    if (!log) return makeError(log.error());
    log_ = std::move(log.value());
    context_ = new QObject;
    context_->moveToThread(&thread_);
    thread_.setObjectName("relay-checkpoint");
    thread_.start();
    QMetaObject::invokeMethod(context_, [this, intervalMs] {
        auto* timer = new QTimer(context_);
        QObject::connect(timer, &QTimer::timeout, context_, [this] {
            if (Status s = log_->checkpoint(); !s)
                qCWarning(lcCheckpoint).noquote() << QString::fromStdString(s.error());
        });
        timer->start(intervalMs);
    });
    return Ok{};
}

void LogCheckpointer::stop() {
    if (!context_) return;
    // The context and its timer are freed on their own thread as it ends (a timer stopped from
    // another thread is an error in Qt), after any checkpoint in progress.
    QMetaObject::invokeMethod(
        context_, [context = context_] { context->deleteLater(); }, Qt::BlockingQueuedConnection);
    context_ = nullptr;
    thread_.quit();
    thread_.wait();
    log_.reset();
}

}  // namespace framenote::sync
