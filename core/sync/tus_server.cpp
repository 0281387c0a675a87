#include "core/sync/tus_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <unistd.h>

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QThreadPool>
#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "core/model/permissions.h"
#include "core/sync/media_id.h"
#include "core/sync/sha256.h"
#include "core/sync/tus_metadata.h"

Q_LOGGING_CATEGORY(lcTus, "framenote.relay.media", QtInfoMsg)

namespace framenote::sync {

namespace {

constexpr const char* kTusVersion = "1.0.0";
constexpr const char* kExtensions =
    "creation,creation-with-upload,termination,checksum,expiration,concatenation";
const QString kFilesPath = QStringLiteral("/files/");
const QString kMediaPath = QStringLiteral("/media/");
// What an image sequence's manifest is served as (docs/PROTOCOL.md, "Media transfer").
constexpr const char* kManifestType = "application/vnd.framenote.sequence+json";
// The body of a refused request is read and dropped up to this much before the answer (beyond
// it the connection is closed after the answer).
constexpr size_t kDrainBytes = 16u << 20;

int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

// RFC 7231's HTTP-date, as Upload-Expires carries it.
QByteArray httpDate(int64_t ms) {
    return QLocale::c()
        .toString(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

QString header(MHD_Connection* c, const char* name) {
    const char* value = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return value ? QString::fromUtf8(value) : QString();
}

std::optional<int64_t> number(const QString& text) {
    bool ok = false;
    const qlonglong n = text.trimmed().toLongLong(&ok);
    if (!ok || n < 0 || text.trimmed().startsWith(QLatin1Char('+'))) return std::nullopt;
    return n;
}

struct Reply {
    unsigned status = MHD_HTTP_NO_CONTENT;
    QByteArray body;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    Reply& with(const char* name, const QByteArray& value) {
        headers.emplace_back(name, value);
        return *this;
    }
};

Reply refused(unsigned status, const std::string& why) {
    return Reply{status, QByteArray::fromStdString(why + "\n"), {}}.with(
        "Content-Type", "text/plain; charset=utf-8");
}
Reply refused(const MediaRefusal& r) { return refused(static_cast<unsigned>(r.status), r.why); }

MHD_Result send(MHD_Connection* c, const Reply& reply) {
    MHD_Response* response = MHD_create_response_from_buffer(
        static_cast<size_t>(reply.body.size()), const_cast<char*>(reply.body.constData()),
        MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(response, "Tus-Resumable", kTusVersion);
    MHD_add_response_header(response, "Cache-Control", "no-store");
    for (const auto& [name, value] : reply.headers)
        MHD_add_response_header(response, name.constData(), value.constData());
    const MHD_Result result = MHD_queue_response(c, reply.status, response);
    MHD_destroy_response(response);
    return result;
}

// The state of one request across libmicrohttpd's calls of the handler.
struct Request {
    bool bodiless = false;         // no body announced: answered on the second call
    bool answered = false;         // a reply was queued
    std::optional<Reply> refusal;  // to send once the body was read and dropped
    size_t drained = 0;
    std::shared_ptr<MediaStore::Writer> writer;  // a PATCH (or a creation with upload) writing
    std::optional<Sha256> hash;                  // Upload-Checksum asked for
    QByteArray expectedDigest;
    std::string failure;            // the body could not be taken
    std::optional<Upload> created;  // creation-with-upload: the upload made by the POST
    QString user;
    // An upload this request completed, to publish before answering: off the connection's
    // thread, with the connection suspended meanwhile.
    struct Publish {
        QString id;
        unsigned status;  // of the answer once published
        bool created;     // a creation: the answer says where the upload is
    };
    std::optional<Publish> publish;
    std::optional<Reply> published;  // the answer, set by the publisher before it resumes
};

}  // namespace

struct TusServer::Impl {
    MediaStore& store;
    Authorize authorize;
    TusSettings settings;
    MHD_Daemon* daemon = nullptr;
    QByteArray certificate, key;
    // Publishing reads, copies and parses whole files: never on a connection thread, where it
    // would stall every connection that thread serves (docs/ARCHITECTURE.md, "Media transfer").
    QThreadPool publishers;

    Impl(MediaStore& s, Authorize a, TusSettings t)
        : store(s), authorize(std::move(a)), settings(std::move(t)) {
        publishers.setMaxThreadCount(2);
    }

    static MHD_Result onRequest(void* self, MHD_Connection* c, const char* url, const char* method,
                                const char*, const char* data, size_t* size, void** context) {
        return static_cast<Impl*>(self)->handle(c, QString::fromUtf8(url), QByteArray(method), data,
                                                size, context);
    }
    static void onCompleted(void* self, MHD_Connection*, void** context,
                            MHD_RequestTerminationCode) {
        auto* request = static_cast<Request*>(*context);
        if (!request) return;
        // A client gone mid-body keeps what arrived (it resumes from there), unless it asked for
        // a checksum, which the bytes so far cannot have.
        auto* impl = static_cast<Impl*>(self);
        if (request->writer) {
            auto after = impl->store.end(*request->writer, !request->hash, nowMs());
            if (const auto* upload = std::get_if<Upload>(&after);
                upload && impl->store.awaitsPublishing(upload->id))
                impl->publishers.start([impl, id = upload->id] { (void)impl->store.publish(id); });
        }
        delete request;
        *context = nullptr;
    }
    static void log(void*, const char* format, va_list args) {
        char text[512];
        std::vsnprintf(text, sizeof text, format, args);
        qCInfo(lcTus).noquote() << QString::fromUtf8(text).trimmed();
    }

    MHD_Result handle(MHD_Connection* c, const QString& path, const QByteArray& method,
                      const char* data, size_t* size, void** context);
    // Sends `reply`, or, when the request completed an upload, publishes it first on a
    // publisher thread and answers with what that found.
    MHD_Result answer(MHD_Connection* c, Request& request, const Reply& reply);
    // The first call: headers only. Returns a reply to send now, or nothing to take a body.
    std::optional<Reply> start(MHD_Connection* c, const QString& path, const QByteArray& method,
                               Request& request);
    std::optional<Reply> authenticate(MHD_Connection* c, TokenClaims* claims);
    // The token's rooms, and the files of the image sequences among them.
    bool mayReach(const TokenClaims& claims, const QString& mediaId) const;
    std::optional<Reply> create(MHD_Connection* c, const TokenClaims& claims, Request& request);
    std::optional<Reply> beginPatch(MHD_Connection* c, const QString& id, int64_t offset,
                                    Request& request);
    Reply finishPatch(Request& request);
    Reply head(const QString& id, const TokenClaims& claims);
    MHD_Result download(MHD_Connection* c, const QString& mediaId, const QByteArray& method);
    static Reply uploadState(const Upload& u, unsigned status);
};

TusServer::TusServer(MediaStore& store, Authorize authorize, TusSettings settings)
    : d_(std::make_unique<Impl>(store, std::move(authorize), std::move(settings))) {}

TusServer::~TusServer() { stop(); }

Status TusServer::start() {
    Impl& d = *d_;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
#ifdef __linux__
    flags |= MHD_USE_EPOLL;
#endif
    std::vector<MHD_OptionItem> options = {
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&Impl::log), &d},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Impl::onCompleted), &d},
        {MHD_OPTION_CONNECTION_LIMIT, d.settings.maxConnections, nullptr},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, d.settings.maxConnectionsPerAddress, nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(d.settings.connectionMemory),
         nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, d.settings.idleTimeoutSeconds, nullptr},
        {MHD_OPTION_THREAD_POOL_SIZE, d.settings.threads, nullptr},
    };
    if (!d.settings.tlsCertificate.isEmpty()) {
        QFile cert(d.settings.tlsCertificate), key(d.settings.tlsKey);
        if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return makeError("media port: cannot read the TLS certificate or key");
        d.certificate = cert.readAll() + '\0';
        d.key = key.readAll() + '\0';
        flags |= MHD_USE_TLS;
        options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, d.certificate.data()});
        options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, d.key.data()});
    }
    // The address to listen on, as the WebSocket port's: Any is every IPv6 and IPv4 address
    // (IPv4 alone where the machine has no IPv6).
    const auto listen = [&](const QHostAddress& on, unsigned extraFlags) {
        sockaddr_storage address{};
        if (on.protocol() == QAbstractSocket::IPv6Protocol) {
            auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
            in6->sin6_family = AF_INET6;
            in6->sin6_port = htons(d.settings.port);
            const Q_IPV6ADDR bytes = on.toIPv6Address();
            std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
            extraFlags |= MHD_USE_IPv6;
        } else {
            auto* in = reinterpret_cast<sockaddr_in*>(&address);
            in->sin_family = AF_INET;
            in->sin_port = htons(d.settings.port);
            in->sin_addr.s_addr = htonl(on.toIPv4Address());
        }
        std::vector<MHD_OptionItem> all = options;
        all.push_back({MHD_OPTION_SOCK_ADDR, 0, &address});
        all.push_back({MHD_OPTION_END, 0, nullptr});
        return MHD_start_daemon(flags | extraFlags, d.settings.port, nullptr, nullptr,
                                &Impl::onRequest, &d, MHD_OPTION_ARRAY, all.data(), MHD_OPTION_END);
    };
    if (d.settings.address == QHostAddress::Any) {
        d.daemon = listen(QHostAddress::AnyIPv6, MHD_USE_DUAL_STACK);
        if (!d.daemon) d.daemon = listen(QHostAddress::AnyIPv4, 0);
    } else {
        d.daemon = listen(d.settings.address, 0);
    }
    if (!d.daemon)
        return makeError("media port " + std::to_string(d.settings.port) +
                         ": the HTTP server could not start (port in use?)");
    return Ok{};
}

void TusServer::stop() {
    // Publishers resume the connections they hold; none may be suspended when the daemon stops.
    d_->publishers.waitForDone();
    if (d_->daemon) MHD_stop_daemon(d_->daemon);
    d_->daemon = nullptr;
}

quint16 TusServer::port() const {
    if (!d_->daemon) return 0;
    const MHD_DaemonInfo* info = MHD_get_daemon_info(d_->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

MHD_Result TusServer::Impl::handle(MHD_Connection* c, const QString& path, const QByteArray& method,
                                   const char* data, size_t* size, void** context) {
    auto* request = static_cast<Request*>(*context);
    if (!request) {
        // The answer to a request without a body waits for the second call: one queued on the
        // first would close the connection (libmicrohttpd cannot know the body was all read).
        request = new Request;
        *context = request;
        request->bodiless =
            !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) &&
            number(header(c, MHD_HTTP_HEADER_CONTENT_LENGTH)).value_or(0) == 0;
        if (request->bodiless) return MHD_YES;
        if (std::optional<Reply> reply = start(c, path, method, *request)) {
            // A client that waits for "100 Continue" gets the refusal instead and sends nothing;
            // one that sends its body at once would see the connection cut under it, so the body
            // is read and dropped first (up to kDrainBytes, then the connection is closed).
            if (!request->publish &&
                header(c, "Expect").compare(QLatin1String("100-continue"), Qt::CaseInsensitive) ==
                    0) {
                request->answered = true;
                return send(c, *reply);
            }
            request->refusal = std::move(reply);
        }
        return MHD_YES;  // a body follows
    }
    if (request->published) {  // called again once the publisher resumed the connection
        const Reply reply = std::move(*request->published);
        request->published.reset();
        return send(c, reply);
    }
    if (request->refusal) {
        request->drained += *size;
        if (*size > 0 && request->drained <= kDrainBytes) {
            *size = 0;
            return MHD_YES;
        }
        *size = 0;
        request->answered = true;
        const Reply reply = *request->refusal;
        request->refusal.reset();
        return answer(c, *request, reply);
    }
    if (request->bodiless && !request->answered) {
        request->answered = true;
        if (method == "GET" || (method == "HEAD" && path.startsWith(kMediaPath)))
            return download(c, path.mid(kMediaPath.size()), method);
        if (std::optional<Reply> reply = start(c, path, method, *request))
            return answer(c, *request, *reply);
        // A creation without a body: start() made it; finishPatch() has nothing to write.
        return answer(c, *request, finishPatch(*request));
    }
    if (request->answered) {
        *size = 0;  // the body of a refused request is read and dropped
        return MHD_YES;
    }
    if (*size > 0) {
        if (request->failure.empty() && request->writer) {
            if (Status s = store.write(*request->writer, data, *size); !s)
                request->failure = s.error();
            else if (request->hash)
                request->hash->add(data, *size);
        } else if ((request->drained += *size) > kDrainBytes) {
            *size = 0;
            request->answered = true;
            return answer(c, *request, finishPatch(*request));  // a body refused anyway
        }
        *size = 0;
        return MHD_YES;
    }
    request->answered = true;
    return answer(c, *request, finishPatch(*request));
}

MHD_Result TusServer::Impl::answer(MHD_Connection* c, Request& request, const Reply& reply) {
    if (!request.publish) return send(c, reply);
    const Request::Publish job = *request.publish;
    request.publish.reset();
    MHD_suspend_connection(c);
    publishers.start([this, c, &request, job] {
        auto after = store.publish(job.id);
        if (const auto* refusal = std::get_if<MediaRefusal>(&after)) {
            request.published = refused(*refusal);
        } else {
            const Upload& u = std::get<Upload>(after);
            request.published = uploadState(u, job.status);
            if (job.created) request.published->with("Location", (kFilesPath + u.id).toUtf8());
        }
        MHD_resume_connection(c);  // the handler is called again and sends it
    });
    return MHD_YES;
}

bool TusServer::Impl::mayReach(const TokenClaims& claims, const QString& mediaId) const {
    if (claims.allowsRoom(mediaId)) return true;
    // A frame of an image sequence the token names: as the sequence, whose room it belongs to.
    return std::any_of(claims.rooms.begin(), claims.rooms.end(),
                       [&](const QString& room) { return store.listsFile(room, mediaId); });
}

std::optional<Reply> TusServer::Impl::authenticate(MHD_Connection* c, TokenClaims* claims) {
    const QString auth = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
    const QString token = auth.startsWith(QStringLiteral("Bearer "), Qt::CaseInsensitive)
                              ? auth.mid(7).trimmed()
                              : QString();
    auto verified = authorize(token);
    if (!verified)
        return refused(MHD_HTTP_UNAUTHORIZED, "Authorization: " + verified.error())
            .with("WWW-Authenticate", "Bearer");
    *claims = *verified;
    return std::nullopt;
}

std::optional<Reply> TusServer::Impl::start(MHD_Connection* c, const QString& path,
                                            const QByteArray& method, Request& request) {
    if (method == "OPTIONS")
        return Reply{}
            .with("Tus-Version", kTusVersion)
            .with("Tus-Extension", kExtensions)
            .with("Tus-Checksum-Algorithm", "sha256")
            .with("Tus-Max-Size", QByteArray::number(store.limits().maxFileBytes));
    if (header(c, "Tus-Resumable") != QLatin1String(kTusVersion))
        return refused(MHD_HTTP_PRECONDITION_FAILED,
                       "Tus-Resumable: this server speaks tus 1.0.0 only")
            .with("Tus-Version", kTusVersion);
    if (!path.startsWith(kFilesPath))
        return refused(MHD_HTTP_NOT_FOUND, "no such resource: uploads are under /files/");
    TokenClaims claims;
    if (auto refusal = authenticate(c, &claims)) return refusal;
    request.user = claims.user;
    if (!model::canCreate(claims.role))
        return refused(MHD_HTTP_FORBIDDEN, "a viewer may download media, not upload it");
    const QString id = path.mid(kFilesPath.size());
    if (method == "POST") {
        if (!id.isEmpty()) return refused(MHD_HTTP_METHOD_NOT_ALLOWED, "POST to /files/ only");
        return create(c, claims, request);
    }
    if (method == "HEAD") return head(id, claims);
    if (method == "DELETE") {
        if (auto refusal = store.remove(id, claims.user)) return refused(*refusal);
        return Reply{};
    }
    if (method == "PATCH") {
        if (header(c, MHD_HTTP_HEADER_CONTENT_TYPE) !=
            QLatin1String("application/offset+octet-stream"))
            return refused(MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                           "Content-Type: a PATCH carries application/offset+octet-stream");
        const auto offset = number(header(c, "Upload-Offset"));
        if (!offset) return refused(MHD_HTTP_BAD_REQUEST, "Upload-Offset: missing or not a number");
        return beginPatch(c, id, *offset, request);
    }
    return refused(MHD_HTTP_METHOD_NOT_ALLOWED, "method " + method.toStdString() + " not allowed");
}

std::optional<Reply> TusServer::Impl::create(MHD_Connection* c, const TokenClaims& claims,
                                             Request& request) {
    const QString metadata = header(c, "Upload-Metadata");
    const QString mediaId = metadataValue(metadata, QStringLiteral("media_id"));
    const QString concat = header(c, "Upload-Concat");
    if (!concat.isEmpty() && concat != QLatin1String("partial") &&
        !concat.startsWith(QLatin1String("final;")))
        return refused(MHD_HTTP_BAD_REQUEST, "Upload-Concat: partial, or final;URL URL...");
    const bool partial = concat == QLatin1String("partial");
    // The token's rooms are the media it may reach; a partial is only bytes until joined.
    if (!partial && isMediaId(mediaId) && !mayReach(claims, mediaId))
        return refused(MHD_HTTP_FORBIDDEN, "the token of " + claims.user.toStdString() +
                                               " does not allow media " + mediaId.toStdString());
    if (concat.startsWith(QLatin1String("final;"))) {
        QStringList parts;
        for (const QString& url : concat.mid(6).split(QLatin1Char(' '), Qt::SkipEmptyParts))
            parts << url.section(QLatin1Char('/'), -1);
        auto made = store.concatenate(claims.user, mediaId, parts, metadata, nowMs());
        if (auto* refusal = std::get_if<MediaRefusal>(&made)) return refused(*refusal);
        const Upload& u = std::get<Upload>(made);
        request.publish = Request::Publish{u.id, MHD_HTTP_CREATED, true};
        return uploadState(u, MHD_HTTP_CREATED).with("Location", (kFilesPath + u.id).toUtf8());
    }
    const auto length = number(header(c, "Upload-Length"));
    if (!length)
        return refused(MHD_HTTP_BAD_REQUEST,
                       "Upload-Length: missing or not a number (deferred lengths are not taken)");
    // A partial that says where it goes in its file is written there (media_store.h).
    std::optional<PartPlacement> placement;
    const QString partOffset = metadataValue(metadata, QStringLiteral("part_offset"));
    if (partial && !partOffset.isEmpty()) {
        const auto offset = number(partOffset);
        const auto fileLength = number(metadataValue(metadata, QStringLiteral("part_of_length")));
        if (!offset || !fileLength)
            return refused(MHD_HTTP_BAD_REQUEST,
                           "Upload-Metadata: part_offset and part_of_length must be numbers");
        placement = PartPlacement{mediaId, *fileLength, *offset};
    }
    auto made = store.create(claims.user, mediaId, *length, partial, metadata, nowMs(), placement);
    if (auto* refusal = std::get_if<MediaRefusal>(&made)) return refused(*refusal);
    const Upload& u = std::get<Upload>(made);
    request.created = u;
    if (store.awaitsPublishing(u.id))  // an empty file, complete at once
        request.publish = Request::Publish{u.id, MHD_HTTP_CREATED, true};
    // creation-with-upload: a body with the right Content-Type is the first PATCH.
    if (header(c, MHD_HTTP_HEADER_CONTENT_TYPE) ==
            QLatin1String("application/offset+octet-stream") &&
        !u.complete())
        return beginPatch(c, u.id, 0, request);
    return uploadState(u, MHD_HTTP_CREATED).with("Location", (kFilesPath + u.id).toUtf8());
}

std::optional<Reply> TusServer::Impl::beginPatch(MHD_Connection* c, const QString& id,
                                                 int64_t offset, Request& request) {
    const QString checksum = header(c, "Upload-Checksum");
    if (!checksum.isEmpty()) {
        const QStringList parts = checksum.split(QLatin1Char(' '));
        if (parts.value(0) != QLatin1String("sha256") || parts.size() != 2)
            return refused(MHD_HTTP_BAD_REQUEST,
                           "Upload-Checksum: sha256 with a base64 digest is the one algorithm");
        request.expectedDigest = QByteArray::fromBase64(parts[1].toLatin1());
        request.hash.emplace();
    }
    auto writer = store.begin(id, request.user, offset, nowMs());
    if (auto* refusal = std::get_if<MediaRefusal>(&writer)) return refused(*refusal);
    request.writer = std::get<std::shared_ptr<MediaStore::Writer>>(writer);
    return std::nullopt;
}

Reply TusServer::Impl::finishPatch(Request& request) {
    if (!request.writer) return refused(MHD_HTTP_BAD_REQUEST, "nothing to write");
    const bool checksumOk = !request.hash || request.hash->result() == request.expectedDigest;
    const bool keep = request.failure.empty() && checksumOk;
    auto after = store.end(*request.writer, keep, nowMs());
    request.writer.reset();
    if (!request.failure.empty()) return refused(MHD_HTTP_BAD_REQUEST, request.failure);
    if (!checksumOk)
        return refused(460, "Upload-Checksum: the body's sha256 differs; it was not kept");
    if (auto* refusal = std::get_if<MediaRefusal>(&after)) return refused(*refusal);
    const Upload& u = std::get<Upload>(after);
    if (store.awaitsPublishing(u.id))
        request.publish = Request::Publish{
            u.id, request.created ? unsigned{MHD_HTTP_CREATED} : unsigned{MHD_HTTP_NO_CONTENT},
            request.created.has_value()};
    if (request.created)
        return uploadState(u, MHD_HTTP_CREATED).with("Location", (kFilesPath + u.id).toUtf8());
    return uploadState(u, MHD_HTTP_NO_CONTENT);
}

Reply TusServer::Impl::uploadState(const Upload& u, unsigned status) {
    Reply reply{status, {}, {}};
    reply.with("Upload-Offset", QByteArray::number(u.offset))
        .with("Upload-Length", QByteArray::number(u.length));
    if (!u.complete()) reply.with("Upload-Expires", httpDate(u.expiresMs));
    if (u.partial) reply.with("Upload-Concat", "partial");
    if (u.final) {
        QStringList urls;
        for (const QString& part : u.parts) urls << kFilesPath + part;
        reply.with("Upload-Concat", ("final;" + urls.join(QLatin1Char(' '))).toUtf8());
    }
    if (!u.metadata.isEmpty()) reply.with("Upload-Metadata", u.metadata.toUtf8());
    return reply;
}

Reply TusServer::Impl::head(const QString& id, const TokenClaims& claims) {
    auto upload = store.find(id, nowMs());
    if (!upload)
        return refused(MHD_HTTP_NOT_FOUND,
                       "no such upload (finished long ago, deleted or expired)");
    if (upload->owner != claims.user)
        return refused(MHD_HTTP_FORBIDDEN, "the upload belongs to another user");
    return uploadState(*upload, MHD_HTTP_OK);
}

MHD_Result TusServer::Impl::download(MHD_Connection* c, const QString& mediaId,
                                     const QByteArray& method) {
    const auto answer = [c](const Reply& r) { return send(c, r); };
    TokenClaims claims;
    if (auto refusal = authenticate(c, &claims)) return answer(*refusal);
    if (!isMediaId(mediaId))
        return answer(refused(MHD_HTTP_NOT_FOUND, "downloads are /media/MEDIA_ID"));
    if (!mayReach(claims, mediaId))
        return answer(refused(MHD_HTTP_FORBIDDEN, "the token of " + claims.user.toStdString() +
                                                      " does not allow media " +
                                                      mediaId.toStdString()));
    const auto file = store.published(mediaId);
    if (!file)
        return answer(
            refused(MHD_HTTP_NOT_FOUND, "this relay has no media " + mediaId.toStdString()));
    const QByteArray etag = '"' + mediaId.toLatin1() + '"';
    if (header(c, MHD_HTTP_HEADER_IF_NONE_MATCH).toLatin1() == etag)
        return answer(Reply{MHD_HTTP_NOT_MODIFIED, {}, {}}.with("ETag", etag));
    int64_t first = 0, last = file->size - 1;
    unsigned status = MHD_HTTP_OK;
    const QString range = header(c, MHD_HTTP_HEADER_RANGE);
    const QString ifRange = header(c, MHD_HTTP_HEADER_IF_RANGE);
    static const QRegularExpression kRange(QStringLiteral("^bytes=(\\d*)-(\\d*)$"));
    if (!range.isEmpty() && (ifRange.isEmpty() || ifRange.toLatin1() == etag)) {
        const auto m = kRange.match(range.trimmed());
        const bool suffix = m.hasMatch() && m.captured(1).isEmpty();
        if (m.hasMatch() && !(suffix && m.captured(2).isEmpty())) {
            if (suffix) {
                first = std::max<int64_t>(0, file->size - m.captured(2).toLongLong());
            } else {
                first = m.captured(1).toLongLong();
                if (!m.captured(2).isEmpty())
                    last = std::min<int64_t>(last, m.captured(2).toLongLong());
            }
            if (first >= file->size || first > last)
                return answer(
                    refused(MHD_HTTP_RANGE_NOT_SATISFIABLE,
                            "Range: outside the file's " + std::to_string(file->size) + " bytes")
                        .with("Content-Range", "bytes */" + QByteArray::number(file->size)));
            status = MHD_HTTP_PARTIAL_CONTENT;
        }
        // Several ranges, or a form not understood: the whole file (RFC 9110 allows it).
    }
    const int fd = ::open(QFile::encodeName(file->path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return answer(refused(MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the media"));
    const uint64_t count = file->size == 0 ? 0 : static_cast<uint64_t>(last - first + 1);
    MHD_Response* response =
        MHD_create_response_from_fd_at_offset64(count, fd, static_cast<uint64_t>(first));
    if (!response) {
        ::close(fd);
        return answer(refused(MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot send the media"));
    }
    MHD_add_response_header(response, "ETag", etag.constData());
    MHD_add_response_header(response, "Accept-Ranges", "bytes");
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                            file->manifest ? kManifestType : "application/octet-stream");
    if (status == MHD_HTTP_PARTIAL_CONTENT)
        MHD_add_response_header(response, "Content-Range",
                                ("bytes " + QByteArray::number(first) + "-" +
                                 QByteArray::number(last) + "/" + QByteArray::number(file->size))
                                    .constData());
    (void)method;  // HEAD: libmicrohttpd sends the headers (Content-Length too) and no body
    const MHD_Result result = MHD_queue_response(c, status, response);
    MHD_destroy_response(response);
    return result;
}

}  // namespace framenote::sync
