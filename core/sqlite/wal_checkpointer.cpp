#include "core/sqlite/wal_checkpointer.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcCheckpoint, "framenote.sqlite.checkpoint", QtInfoMsg)

namespace framenote::sqlite {

Status WalCheckpointer::start(const QString& path, int intervalMs, const QString& threadName,
                              int busyTimeoutMs) {
    if (context_) return makeError("the checkpointer is already running");
    SqliteDb::Options options;
    options.create = false;
    options.busyTimeoutMs = busyTimeoutMs;
    auto db = SqliteDb::open(path, options);
    if (!db) return makeError(db.error());
    db_ = std::move(db.value());
    context_ = new QObject;
    context_->moveToThread(&thread_);
    thread_.setObjectName(threadName);
    thread_.start();
    QMetaObject::invokeMethod(context_, [this, intervalMs] {
        auto* timer = new QTimer(context_);
        QObject::connect(timer, &QTimer::timeout, context_, [this] {
            // PASSIVE: copies what it can without waiting for (or blocking) writer and readers.
            auto st = db_->prepare("PRAGMA wal_checkpoint(PASSIVE)");
            std::string error = st ? std::string() : st.error();
            if (st)
                if (auto row = st->step(); !row) error = row.error();
            if (!error.empty())
                qCWarning(lcCheckpoint).noquote()
                    << db_->path() << ": checkpoint: " << QString::fromStdString(error);
        });
        timer->start(intervalMs);
    });
    return Ok{};
}

void WalCheckpointer::stop() {
    if (!context_) return;
    // The context and its timer are freed on their own thread as it ends (a timer stopped from
    // another thread is an error in Qt), after any checkpoint in progress.
    QMetaObject::invokeMethod(
        context_, [context = context_] { context->deleteLater(); }, Qt::BlockingQueuedConnection);
    context_ = nullptr;
    thread_.quit();
    thread_.wait();
    db_.reset();
}

}  // namespace framenote::sqlite
