#include "core/cluster/jetstream_log.h"

#include <nats/nats.h>

#include <algorithm>

namespace framenote::cluster {

namespace {

constexpr const char* kSubjectPrefix = "framenote.room.";
// What a message carries beside its payload (the operation): docs/ARCHITECTURE.md,
// "Relay cluster".
constexpr const char* kRoomSequence = "Framenote-Room-Sequence";
constexpr const char* kActor = "Framenote-Actor";
constexpr const char* kTime = "Framenote-Time";
constexpr const char* kReceived = "Framenote-Received";
constexpr const char* kMsgId = "Nats-Msg-Id";
constexpr const char* kProbeSubject = "framenote.probe";
constexpr int64_t kDuplicateWindowNs = int64_t{120} * 1000 * 1000 * 1000;

std::string natsError(natsStatus status, jsErrCode code = static_cast<jsErrCode>(0)) {
    std::string text = nats_GetLastError(nullptr) ? nats_GetLastError(nullptr) : "";
    if (text.empty()) text = natsStatus_GetText(status);
    if (code != 0) text += " (JetStream error " + std::to_string(code) + ")";
    return text;
}

// A media id (or any room name) as one subject token: letters, digits, '-' and '_' only.
bool isSubjectToken(const QString& room) {
    return !room.isEmpty() && room.size() <= 256 &&
           std::all_of(room.begin(), room.end(), [](QChar c) {
               return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                      (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                      (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') ||
                      c == QLatin1Char('_');
           });
}

QString header(natsMsg* msg, const char* key) {
    const char* value = nullptr;
    return natsMsgHeader_Get(msg, key, &value) == NATS_OK && value ? QString::fromUtf8(value)
                                                                   : QString();
}

// Makes stream `name` on `subject` (file storage, `replicas`, at most `maxMsgs` kept, 0: no
// limit), or finds it made by another relay.
Status ensureStream(jsCtx* js, const std::string& name, const std::string& subject, int replicas,
                    int64_t maxMsgs) {
    const char* subjects[] = {subject.c_str()};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = name.c_str();
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Replicas = replicas;
    config.Duplicates = kDuplicateWindowNs;
    config.AllowDirect = true;
    if (maxMsgs > 0) config.MaxMsgs = maxMsgs;
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_AddStream(&info, js, &config, nullptr, &code);
    jsStreamInfo_Destroy(info);
    if (s == NATS_OK) return Ok{};
    info = nullptr;
    if (jsErrCode other = static_cast<jsErrCode>(0);
        js_GetStreamInfo(&info, js, name.c_str(), nullptr, &other) == NATS_OK) {
        jsStreamInfo_Destroy(info);
        return Ok{};
    }
    return makeError("cannot make the JetStream stream " + name + ": " + natsError(s, code));
}

}  // namespace

struct JetStreamLog::Handles {
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
    kvStore* meta = nullptr;
    ~Handles() {
        kvStore_Destroy(meta);
        jsCtx_Destroy(js);
        natsConnection_Destroy(connection);
    }
};

JetStreamLog::JetStreamLog(std::unique_ptr<Handles> handles, JetStreamSettings settings)
    : handles_(std::move(handles)), settings_(std::move(settings)) {}

JetStreamLog::~JetStreamLog() = default;

Result<std::unique_ptr<JetStreamLog>> JetStreamLog::open(const JetStreamSettings& settings) {
    if (settings.servers.isEmpty()) return makeError("no NATS server given");
    natsOptions* options = nullptr;
    if (natsStatus s = natsOptions_Create(&options); s != NATS_OK)
        return makeError("NATS: " + natsError(s));
    std::vector<QByteArray> urls;
    for (const QString& server : settings.servers) urls.push_back(server.toUtf8());
    std::vector<const char*> pointers;
    for (const QByteArray& url : urls) pointers.push_back(url.constData());
    natsOptions_SetServers(options, pointers.data(), static_cast<int>(pointers.size()));
    natsOptions_SetTimeout(options, settings.timeoutMs);
    natsOptions_SetMaxReconnect(options, -1);  // a node that went away: the others, for ever
    natsOptions_SetReconnectWait(options, 250);
    auto handles = std::make_unique<Handles>();
    natsStatus s = natsConnection_Connect(&handles->connection, options);
    natsOptions_Destroy(options);
    if (s != NATS_OK)
        return makeError("cannot reach NATS at " + settings.servers.join(", ").toStdString() +
                         ": " + natsError(s));
    jsOptions jsOpts;
    jsOptions_Init(&jsOpts);
    jsOpts.Wait = settings.timeoutMs;
    if (s = natsConnection_JetStream(&handles->js, handles->connection, &jsOpts); s != NATS_OK)
        return makeError("NATS JetStream: " + natsError(s));

    // The rooms' stream, and the probe's (one message kept), replicated alike.
    if (Status made = ensureStream(handles->js, settings.stream, std::string(kSubjectPrefix) + "*",
                                   settings.replicas, 0);
        !made)
        return makeError(made.error());
    if (Status made =
            ensureStream(handles->js, settings.probeStream, kProbeSubject, settings.replicas, 1);
        !made)
        return makeError(made.error());
    kvConfig kv;
    kvConfig_Init(&kv);
    kv.Bucket = settings.metaBucket.c_str();
    kv.History = 1;
    kv.StorageType = js_FileStorage;
    kv.Replicas = settings.replicas;
    if (js_CreateKeyValue(&handles->meta, handles->js, &kv) != NATS_OK &&
        (s = js_KeyValue(&handles->meta, handles->js, kv.Bucket)) != NATS_OK)
        return makeError("cannot make the JetStream bucket " + settings.metaBucket + ": " +
                         natsError(s));
    return std::unique_ptr<JetStreamLog>(new JetStreamLog(std::move(handles), settings));
}

std::string JetStreamLog::subject(const QString& room) const {
    return kSubjectPrefix + room.toStdString();
}

std::variant<Appended, AppendRefused> JetStreamLog::append(const sync::LogRecord& record,
                                                           uint64_t expectedLast) {
    if (!isSubjectToken(record.room))
        return AppendRefused{AppendRefused::Why::Invalid,
                             "room " + record.room.toStdString() + " cannot name a subject"};
    const std::string to = subject(record.room);
    natsMsg* msg = nullptr;
    if (natsStatus s = natsMsg_Create(&msg, to.c_str(), nullptr, record.payload.data(),
                                      static_cast<int>(record.payload.size()));
        s != NATS_OK)
        return AppendRefused{AppendRefused::Why::Invalid, natsError(s)};
    natsMsgHeader_Set(msg, kRoomSequence, std::to_string(record.sequence).c_str());
    natsMsgHeader_Set(msg, kActor, record.actor.toUtf8().constData());
    natsMsgHeader_Set(msg, kTime, std::to_string(record.timeMs).c_str());
    natsMsgHeader_Set(msg, kReceived, std::to_string(record.receivedMs).c_str());
    const QByteArray id = record.opId.toByteArray(QUuid::WithoutBraces);
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MsgId = id.constData();
    options.MaxWait = settings_.timeoutMs;
    if (expectedLast == 0)
        options.ExpectNoMessage = true;
    else
        options.ExpectLastSubjectSeq = expectedLast;
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const natsStatus s = js_PublishMsg(&ack, handles_->js, msg, &options, &code);
    natsMsg_Destroy(msg);
    if (s != NATS_OK) {
        jsPubAck_Destroy(ack);
        if (code == JSStreamWrongLastSequenceErr)
            return AppendRefused{AppendRefused::Why::Conflict, natsError(s, code)};
        return AppendRefused{AppendRefused::Why::Unavailable, natsError(s, code)};
    }
    const Appended appended{ack->Sequence, ack->Duplicate};
    jsPubAck_Destroy(ack);
    return appended;
}

Result<uint64_t> JetStreamLog::lastSequence(const QString& room) {
    if (!isSubjectToken(room)) return makeError("room " + room.toStdString() + " names no subject");
    natsMsg* msg = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const natsStatus s = js_GetLastMsg(&msg, handles_->js, settings_.stream.c_str(),
                                       subject(room).c_str(), nullptr, &code);
    if (s != NATS_OK) {
        if (code == JSNoMessageFoundErr) return uint64_t{0};
        return makeError("JetStream: " + natsError(s, code));
    }
    const uint64_t sequence = natsMsg_GetSequence(msg);
    natsMsg_Destroy(msg);
    return sequence;
}

Result<std::vector<StoredOperation>> JetStreamLog::read(const QString& room, uint64_t after,
                                                        int limit) {
    auto last = lastSequence(room);
    if (!last) return makeError(last.error());
    std::vector<StoredOperation> out;
    if (*last <= after || limit <= 0) return out;
    // An ordered consumer of the room's subject from `after`: JetStream sends the messages in
    // order, and the library restarts it itself if one goes missing.
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Stream = settings_.stream.c_str();
    options.Ordered = true;
    options.Config.DeliverPolicy = js_DeliverByStartSequence;
    options.Config.OptStartSeq = after + 1;
    natsSubscription* sub = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    if (natsStatus s =
            js_SubscribeSync(&sub, handles_->js, subject(room).c_str(), nullptr, &options, &code);
        s != NATS_OK)
        return makeError("JetStream: " + natsError(s, code));
    Status failed = Ok{};
    while (static_cast<int>(out.size()) < limit) {
        natsMsg* msg = nullptr;
        if (natsStatus s = natsSubscription_NextMsg(&msg, sub, settings_.timeoutMs); s != NATS_OK) {
            failed = makeError("JetStream: " + natsError(s));
            break;
        }
        jsMsgMetaData* meta = nullptr;
        uint64_t sequence = 0;
        if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) sequence = meta->Sequence.Stream;
        jsMsgMetaData_Destroy(meta);
        StoredOperation op;
        op.streamSequence = sequence;
        op.record.room = room;
        op.record.sequence = header(msg, kRoomSequence).toLongLong();
        op.record.opId = QUuid::fromString(header(msg, kMsgId));
        op.record.actor = header(msg, kActor);
        op.record.timeMs = header(msg, kTime).toLongLong();
        op.record.receivedMs = header(msg, kReceived).toLongLong();
        op.record.payload.assign(natsMsg_GetData(msg),
                                 static_cast<size_t>(natsMsg_GetDataLength(msg)));
        natsMsg_Destroy(msg);
        out.push_back(std::move(op));
        if (sequence >= *last) break;  // all there was when asked
    }
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
    if (!failed) return makeError(failed.error());
    return out;
}

Result<int64_t> JetStreamLog::storedBytes() {
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    if (natsStatus s =
            js_GetStreamInfo(&info, handles_->js, settings_.stream.c_str(), nullptr, &code);
        s != NATS_OK)
        return makeError("JetStream: " + natsError(s, code));
    const auto bytes = static_cast<int64_t>(info->State.Bytes);
    jsStreamInfo_Destroy(info);
    return bytes;
}

Status JetStreamLog::probeWrite() {
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MaxWait = settings_.timeoutMs;
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const natsStatus s = js_Publish(&ack, handles_->js, kProbeSubject, "?", 1, &options, &code);
    jsPubAck_Destroy(ack);
    if (s != NATS_OK) return makeError("JetStream: " + natsError(s, code));
    return Ok{};
}

Result<std::optional<QByteArray>> JetStreamLog::roomMeta(const QString& room) {
    if (!isSubjectToken(room)) return makeError("room " + room.toStdString() + " names no key");
    kvEntry* entry = nullptr;
    const natsStatus s = kvStore_Get(&entry, handles_->meta, room.toUtf8().constData());
    if (s == NATS_NOT_FOUND) return std::optional<QByteArray>();
    if (s != NATS_OK) return makeError("JetStream: " + natsError(s));
    QByteArray value(static_cast<const char*>(kvEntry_Value(entry)), kvEntry_ValueLen(entry));
    kvEntry_Destroy(entry);
    return std::optional<QByteArray>(std::move(value));
}

Status JetStreamLog::putRoomMeta(const QString& room, const QByteArray& meta) {
    if (!isSubjectToken(room)) return makeError("room " + room.toStdString() + " names no key");
    uint64_t revision = 0;
    if (natsStatus s = kvStore_Put(&revision, handles_->meta, room.toUtf8().constData(),
                                   meta.constData(), static_cast<int>(meta.size()));
        s != NATS_OK)
        return makeError("JetStream: " + natsError(s));
    return Ok{};
}

Result<bool> JetStreamLog::createRoomMeta(const QString& room, const QByteArray& meta) {
    if (!isSubjectToken(room)) return makeError("room " + room.toStdString() + " names no key");
    uint64_t revision = 0;
    const natsStatus s = kvStore_Create(&revision, handles_->meta, room.toUtf8().constData(),
                                        meta.constData(), static_cast<int>(meta.size()));
    if (s == NATS_OK) return true;
    // Refused because the key exists: another relay made the room first.
    if (auto existing = roomMeta(room); existing && existing->has_value()) return false;
    return makeError("JetStream: " + natsError(s));
}

Result<QStringList> JetStreamLog::roomsWithMeta() {
    kvKeysList keys{};
    const natsStatus s = kvStore_Keys(&keys, handles_->meta, nullptr);
    if (s == NATS_NOT_FOUND) return QStringList();
    if (s != NATS_OK) return makeError("JetStream: " + natsError(s));
    QStringList rooms;
    for (int i = 0; i < keys.Count; ++i) rooms << QString::fromUtf8(keys.Keys[i]);
    kvKeysList_Destroy(&keys);
    return rooms;
}

}  // namespace framenote::cluster
