#pragma once
// The draft store on its own thread (DESIGN.md "Threads"): the UI never waits on disk. Requests
// are queued to the store thread; results come back as queued signals.
#include <QObject>
#include <QThread>
#include <memory>
#include <vector>

#include "core/model/operation.h"
#include "core/store/media_record.h"

namespace framenote::store {

class DraftStore;

class StoreWorker : public QObject {
    Q_OBJECT
public:
    explicit StoreWorker(QObject* parent = nullptr);
    ~StoreWorker() override;

    // All thread-safe and asynchronous.
    void open(const QString& path);
    void rememberMedia(const MediaRecord& media);
    // Loads the room's operation log in merge order (confirmed by sequence, then pending).
    void load(const QString& mediaId);
    void apply(const model::Operation& op);
    // Runs `job` on the store thread with the open store (for exports, search, queries).
    void run(std::function<void(DraftStore&)> job);
    // Blocks until every request queued so far has been handled (tests, shutdown).
    void flush();

signals:
    void opened(QString path);
    void failed(QString message);
    void loaded(QString mediaId, std::vector<framenote::model::Operation> log, qint64 pending);
    void committed(QUuid opId);
    void rejected(QUuid opId, QString message);

private:
    QThread thread_;
    QObject* worker_ = nullptr;            // lives on thread_
    std::unique_ptr<DraftStore> store_;    // touched only on thread_
};

}  // namespace framenote::store

Q_DECLARE_METATYPE(std::vector<framenote::model::Operation>)
