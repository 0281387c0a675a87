// Media through the relay (docs/PROTOCOL.md, "Media transfer"): the built framenote-relay with
// --media-port, spoken to with Qt's HTTP client (and a raw socket where a client must die
// mid-body). Resumable uploads in tus 1.0 (creation, creation-with-upload, checksum,
// concatenation, termination, expiration), publication only of content that is its media id,
// downloads with Range, ETag and HEAD, tokens and roles, quotas, and a resume after the client
// and after the relay were killed halfway.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>

#include "core/media/media_fingerprint.h"
#include "core/media/sequence_manifest.h"
#include "core/sqlite/sqlite_db.h"
#include "core/store/upload_resume_table.h"
#include "core/sync/media_uploader.h"
#include "tests/support/http_client.h"
#include "tests/support/relay_process.h"
#include "tests/support/test_relay.h"
#include "tests/support/wait.h"

namespace ft = framenote::test;
namespace fm = framenote::model;
using ft::HttpReply;

namespace {

class MediaTransferTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(home_.valid());
        ASSERT_TRUE(files_.isValid());
    }
    void start(const QStringList& extra = {}) {
        // A port of its own (not 0), so that a restarted relay is found where it was. Another
        // test running beside this one may take the free port first: then another one.
        bool launched = false;
        for (int attempt = 0; attempt < 5 && !launched; ++attempt)
            launched =
                relay_.launch(QStringList{"--media-port", QString::number(ft::freePort())} + extra);
        ASSERT_TRUE(launched) << relay_.why();
        ASSERT_NE(relay_.mediaPort(), 0) << relay_.output().toStdString();
    }
    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(relay_.mediaPort()).arg(path);
    }
    QByteArray bearer(const QString& user, fm::Role role, const QStringList& rooms = {"*"}) const {
        return "Bearer " + QByteArray::fromStdString(home_.token(user, role, rooms));
    }
    // Random bytes in a file, and their media id (the function the app uses).
    struct Media {
        QByteArray bytes;
        QString id;
        QString path;
    };
    Media media(qsizetype size) {
        QByteArray bytes(size, Qt::Uninitialized);
        QRandomGenerator gen(static_cast<quint32>(++made_));
        for (char& b : bytes) b = static_cast<char>(gen.generate());
        const QString path = files_.filePath(QString("m%1").arg(made_));
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly) && f.write(bytes) == size);
        f.close();
        return {bytes,
                QString::fromStdString(*framenote::media::mediaFingerprint(path.toStdString())),
                path};
    }
    HttpReply tus(const QByteArray& method, const QString& path, const QByteArray& auth,
                  ft::HttpHeaders headers = {}, const QByteArray& body = {}) {
        headers.emplace_back("Tus-Resumable", "1.0.0");
        headers.emplace_back("Authorization", auth);
        return ft::httpRequest(method, url(path), headers, body);
    }
    // POST /files/ for `length` bytes that must be `mediaId`; the upload's path ("" if refused).
    QString create(const QByteArray& auth, int64_t length, const QString& mediaId,
                   HttpReply* reply = nullptr) {
        HttpReply r = tus("POST", "/files/", auth,
                          {{"Upload-Length", QByteArray::number(length)},
                           {"Upload-Metadata", "media_id " + mediaId.toLatin1().toBase64()}});
        if (reply) *reply = r;
        return r.status == 201 ? QString::fromLatin1(r.header("Location")) : QString();
    }
    HttpReply patch(const QByteArray& auth, const QString& path, int64_t offset,
                    const QByteArray& chunk, const QByteArray& checksumOf = {}) {
        ft::HttpHeaders h{{"Content-Type", "application/offset+octet-stream"},
                          {"Upload-Offset", QByteArray::number(offset)}};
        if (!checksumOf.isNull())
            h.emplace_back(
                "Upload-Checksum",
                "sha256 " +
                    QCryptographicHash::hash(checksumOf, QCryptographicHash::Sha256).toBase64());
        return tus("PATCH", path, auth, h, chunk);
    }
    HttpReply get(const QString& mediaId, const QByteArray& auth, ft::HttpHeaders headers = {},
                  const QByteArray& method = "GET") {
        headers.emplace_back("Authorization", auth);
        return ft::httpRequest(method, url("/media/" + mediaId), headers);
    }
    QString published(const QString& mediaId) const {
        return QDir(home_.dataDir()).filePath("media/" + mediaId);
    }
    QStringList uploadFiles() const {
        return QDir(QDir(home_.dataDir()).filePath("media/uploads")).entryList(QDir::Files);
    }

    ft::RelayHome home_;
    ft::RelayProcess relay_{home_};
    QTemporaryDir files_;
    int made_ = 0;
};

}  // namespace

TEST_F(MediaTransferTest, OptionsTellTheProtocolItsExtensionsAndTheLargestFile) {
    start({"--max-media-bytes", "123456789"});
    HttpReply r = ft::httpRequest("OPTIONS", url("/files/"));
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.header("Tus-Version"), "1.0.0");
    EXPECT_EQ(r.header("Tus-Max-Size"), "123456789");
    EXPECT_EQ(r.header("Tus-Checksum-Algorithm"), "sha256");
    for (const char* ext : {"creation", "creation-with-upload", "termination", "checksum",
                            "expiration", "concatenation"})
        EXPECT_TRUE(r.header("Tus-Extension").split(',').contains(ext)) << ext;
}

// Three chunks, one of them corrupted on the way (refused by its checksum, nothing kept), one
// sent at the wrong offset (refused); the file is published byte-identical and downloads whole,
// by ranges and by HEAD, with its media id as ETag.
TEST_F(MediaTransferTest, AnUploadInChunksIsPublishedAndDownloadsWholeAndByRange) {
    start();
    const auto [bytes, id, path] = media(3'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    HttpReply made;
    const QString upload = create(ana, bytes.size(), id, &made);
    ASSERT_FALSE(upload.isEmpty()) << made.status << " " << made.body.toStdString();
    EXPECT_FALSE(made.header("Upload-Expires").isEmpty());

    const QByteArray first = bytes.left(1'000'000), second = bytes.mid(1'000'000, 1'000'000);
    HttpReply r = patch(ana, upload, 0, first, first);
    ASSERT_EQ(r.status, 204) << r.body.toStdString();
    EXPECT_EQ(r.header("Upload-Offset"), "1000000");
    QByteArray corrupted = second;
    corrupted[4242] = static_cast<char>(corrupted[4242] ^ 0x20);
    r = patch(ana, upload, 1'000'000, corrupted, second);
    EXPECT_EQ(r.status, 460) << r.body.toStdString();
    EXPECT_EQ(tus("HEAD", upload, ana).header("Upload-Offset"), "1000000");
    r = patch(ana, upload, 500, second);
    EXPECT_EQ(r.status, 409);
    EXPECT_TRUE(r.body.contains("1000000")) << r.body.toStdString();
    ASSERT_EQ(patch(ana, upload, 1'000'000, second, second).status, 204);
    EXPECT_FALSE(QFile::exists(published(id)));  // not before it is complete
    r = patch(ana, upload, 2'000'000, bytes.mid(2'000'000));
    ASSERT_EQ(r.status, 204) << r.body.toStdString();
    EXPECT_EQ(r.header("Upload-Offset"), "3000000");

    QFile stored(published(id));
    ASSERT_TRUE(stored.open(QIODevice::ReadOnly));
    EXPECT_TRUE(stored.readAll() == bytes);
    EXPECT_TRUE(uploadFiles().isEmpty()) << uploadFiles().join(' ').toStdString();

    const QByteArray vic = bearer("vic", fm::Role::Viewer);  // viewers download
    HttpReply whole = get(id, vic);
    ASSERT_EQ(whole.status, 200);
    EXPECT_TRUE(whole.body == bytes);
    EXPECT_EQ(whole.header("ETag"), '"' + id.toLatin1() + '"');
    EXPECT_EQ(whole.header("Accept-Ranges"), "bytes");
    HttpReply part = get(id, vic, {{"Range", "bytes=1000-1999"}});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.header("Content-Range"), "bytes 1000-1999/3000000");
    EXPECT_TRUE(part.body == bytes.mid(1000, 1000));
    HttpReply tail = get(id, vic, {{"Range", "bytes=2999000-"}});
    EXPECT_EQ(tail.status, 206);
    EXPECT_TRUE(tail.body == bytes.mid(2'999'000));
    HttpReply last = get(id, vic, {{"Range", "bytes=-10"}});
    EXPECT_TRUE(last.body == bytes.right(10));
    HttpReply beyond = get(id, vic, {{"Range", "bytes=3000000-"}});
    EXPECT_EQ(beyond.status, 416);
    EXPECT_EQ(beyond.header("Content-Range"), "bytes */3000000");
    HttpReply head = get(id, vic, {}, "HEAD");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Length"), "3000000");
    EXPECT_TRUE(head.body.isEmpty());
    EXPECT_EQ(get(id, vic, {{"If-None-Match", '"' + id.toLatin1() + '"'}}).status, 304);
}

// A file whose bytes are not the media id it claims is never published, and says why.
TEST_F(MediaTransferTest, ContentThatIsNotItsMediaIdIsNeverPublished) {
    start();
    const auto [bytes, id, path] = media(200'000);
    const auto [other, otherId, otherPath] = media(200'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QString upload = create(ana, other.size(), id);  // claims id, carries other
    ASSERT_FALSE(upload.isEmpty());
    HttpReply r = patch(ana, upload, 0, other);
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(r.body.contains(otherId.toLatin1())) << r.body.toStdString();
    EXPECT_FALSE(QFile::exists(published(id)));
    EXPECT_FALSE(QFile::exists(published(otherId)));
    EXPECT_EQ(get(id, ana).status, 404);
    EXPECT_TRUE(uploadFiles().isEmpty());
    // A media id that is not one is refused before any byte is sent.
    HttpReply bad;
    EXPECT_TRUE(create(ana, 10, "../../relay.secret", &bad).isEmpty());
    EXPECT_EQ(bad.status, 400);
}

TEST_F(MediaTransferTest, OnlyWritersUploadAndATokensRoomsLimitWhichMedia) {
    start();
    const auto [bytes, id, path] = media(100'000);
    const auto [otherBytes, otherId, otherPath] = media(1000);
    HttpReply r;
    EXPECT_TRUE(create("", bytes.size(), id, &r).isEmpty());
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer");
    EXPECT_TRUE(create("Bearer not.a.token", bytes.size(), id, &r).isEmpty());
    EXPECT_EQ(r.status, 401);
    EXPECT_TRUE(create(bearer("vic", fm::Role::Viewer), bytes.size(), id, &r).isEmpty());
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(r.body.contains("viewer")) << r.body.toStdString();
    const QByteArray scoped = bearer("ana", fm::Role::Reviewer, {otherId});
    EXPECT_TRUE(create(scoped, bytes.size(), id, &r).isEmpty());
    EXPECT_EQ(r.status, 403);

    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QString upload = create(ana, bytes.size(), id);
    ASSERT_FALSE(upload.isEmpty());
    // Someone else's upload can be neither written, read nor deleted.
    const QByteArray bo = bearer("bo", fm::Role::Reviewer);
    EXPECT_EQ(patch(bo, upload, 0, bytes).status, 403);
    EXPECT_EQ(tus("HEAD", upload, bo).status, 403);
    EXPECT_EQ(tus("DELETE", upload, bo).status, 403);
    ASSERT_EQ(patch(ana, upload, 0, bytes).status, 204);
    EXPECT_EQ(get(id, bearer("vic", fm::Role::Viewer, {otherId})).status, 403);
    EXPECT_EQ(get(id, "").status, 401);
    // The protocol's version is required, and no path leaves the upload folder.
    EXPECT_EQ(ft::httpRequest("HEAD", url(upload), {{"Authorization", ana}}).status, 412);
    EXPECT_EQ(tus("HEAD", "/files/..%2F..%2Frelay.secret", ana).status, 404);
    EXPECT_EQ(
        tus("PATCH", "/files/../relay.secret", ana,
            {{"Content-Type", "application/offset+octet-stream"}, {"Upload-Offset", "0"}}, "x")
            .status,
        404);
}

// Parallel chunks as tus clients send them: partial uploads, then a final one naming them.
TEST_F(MediaTransferTest, PartialUploadsAreJoinedInOrderByAFinalOne) {
    start();
    const auto [bytes, id, path] = media(2'500'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    QStringList parts;
    for (int i = 0; i < 3; ++i) {
        const QByteArray chunk = bytes.mid(i * 1'000'000, 1'000'000);
        HttpReply r = tus("POST", "/files/", ana,
                          {{"Upload-Length", QByteArray::number(chunk.size())},
                           {"Upload-Concat", "partial"},
                           {"Content-Type", "application/offset+octet-stream"}},
                          chunk);  // creation-with-upload
        ASSERT_EQ(r.status, 201) << r.body.toStdString();
        EXPECT_EQ(r.header("Upload-Offset"), QByteArray::number(chunk.size()));
        parts << QString::fromLatin1(r.header("Location"));
    }
    // A final naming a part that is not complete is refused.
    HttpReply unfinished =
        tus("POST", "/files/", ana, {{"Upload-Length", "10"}, {"Upload-Concat", "partial"}});
    ASSERT_EQ(unfinished.status, 201);
    const auto final = [&](const QStringList& names) {
        return tus("POST", "/files/", ana,
                   {{"Upload-Concat", ("final;" + names.join(' ')).toLatin1()},
                    {"Upload-Metadata", "media_id " + id.toLatin1().toBase64()}});
    };
    EXPECT_EQ(final({parts[0], QString::fromLatin1(unfinished.header("Location"))}).status, 400);
    HttpReply joined = final(parts);
    ASSERT_EQ(joined.status, 201) << joined.body.toStdString();
    EXPECT_EQ(joined.header("Upload-Offset"), "2500000");
    HttpReply down = get(id, bearer("vic", fm::Role::Viewer));
    EXPECT_TRUE(down.body == bytes);
}

// Partials that say where they go (part_offset, docs/PROTOCOL.md "Media transfer") are written
// into one file per user and media, which becomes the final without a copy; joined in another
// order they are copied as tus says, and the content check refuses the result. A place past the
// file's end is refused; another user's parts of the same media never share the file.
TEST_F(MediaTransferTest, PlacedPartsAreJoinedWithoutACopyAndCheckedAllTheSame) {
    start();
    const auto [bytes, id, path] = media(2'500'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const auto placed = [&](const QByteArray& auth, int64_t offset, int64_t length,
                            int64_t fileLength = 2'500'000) {
        return tus(
            "POST", "/files/", auth,
            {{"Upload-Length", QByteArray::number(length)},
             {"Upload-Concat", "partial"},
             {"Upload-Metadata", "media_id " + id.toLatin1().toBase64() + ",part_of_length " +
                                     QByteArray::number(fileLength).toBase64() + ",part_offset " +
                                     QByteArray::number(offset).toBase64()},
             {"Content-Type", "application/offset+octet-stream"}},
            bytes.mid(offset, length));
    };
    const auto filesEndingIn = [&](const QString& suffix) {
        return uploadFiles().filter(QRegularExpression("\\." + suffix + "$")).size();
    };
    EXPECT_EQ(placed(ana, 2'000'000, 600'000).status, 400);  // past the file's end
    const auto sendAll = [&] {
        QStringList parts;
        for (int64_t at = 0; at < 2'500'000; at += 1'000'000) {
            HttpReply r = placed(ana, at, std::min<int64_t>(1'000'000, 2'500'000 - at));
            EXPECT_EQ(r.status, 201) << r.body.toStdString();
            parts << QString::fromLatin1(r.header("Location"));
        }
        return parts;
    };
    const auto final = [&](const QStringList& names) {
        return tus("POST", "/files/", ana,
                   {{"Upload-Concat", ("final;" + names.join(' ')).toLatin1()},
                    {"Upload-Metadata", "media_id " + id.toLatin1().toBase64()}});
    };
    // Out of order: copied, found not to be the media id, nothing kept.
    QStringList parts = sendAll();
    EXPECT_EQ(filesEndingIn("assembly"), 1);
    EXPECT_EQ(filesEndingIn("part"), 0);
    HttpReply swapped = final({parts[1], parts[0], parts[2]});
    EXPECT_EQ(swapped.status, 422) << swapped.body.toStdString();
    EXPECT_FALSE(QFileInfo::exists(published(id)));
    EXPECT_EQ(uploadFiles().size(), 0) << uploadFiles().join(' ').toStdString();
    // Another user's parts of the same media write elsewhere.
    parts = sendAll();
    ASSERT_EQ(placed(bearer("bob", fm::Role::Reviewer), 0, 1'000'000).status, 201);
    EXPECT_EQ(filesEndingIn("assembly"), 2);
    HttpReply joined = final(parts);
    ASSERT_EQ(joined.status, 201) << joined.body.toStdString();
    EXPECT_TRUE(get(id, bearer("vic", fm::Role::Viewer)).body == bytes);
    EXPECT_EQ(filesEndingIn("assembly"), 1);  // bob's, still waiting
}

// A client dies halfway through a PATCH: what arrived is kept, and the upload resumes from there.
// The relay is then SIGKILLed between chunks: the upload resumes after its restart, and nothing
// sent before is sent again.
TEST_F(MediaTransferTest, AnUploadResumesAfterTheClientAndAfterTheRelayWereKilled) {
    start();
    const auto [bytes, id, path] = media(4'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QString upload = create(ana, bytes.size(), id);
    ASSERT_FALSE(upload.isEmpty());
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay_.mediaPort());
        ASSERT_TRUE(socket.waitForConnected(5000));
        socket.write("PATCH " + upload.toLatin1() +
                     " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nAuthorization: " + ana +
                     "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
                     "Content-Length: 4000000\r\n\r\n");
        socket.write(bytes.left(1'500'000));
        ASSERT_TRUE(ft::spinUntil([&] { return socket.bytesToWrite() == 0; }));
        ft::settle(300, "the relay reads what was sent");
        socket.abort();  // the client is gone mid-body
    }
    int64_t offset = 0;
    ASSERT_TRUE(ft::spinUntil([&] {
        offset = tus("HEAD", upload, ana).header("Upload-Offset").toLongLong();
        return offset > 0;
    }));
    EXPECT_LE(offset, 1'500'000);
    ASSERT_EQ(patch(ana, upload, offset, bytes.mid(offset, 2'500'000 - offset)).status, 204);

    relay_.kill();  // SIGKILL between two chunks
    ASSERT_TRUE(relay_.restart()) << relay_.why();
    ASSERT_NE(relay_.mediaPort(), 0);
    HttpReply head = tus("HEAD", upload, ana);
    ASSERT_EQ(head.status, 200) << head.body.toStdString();
    EXPECT_EQ(head.header("Upload-Offset"), "2500000");
    ASSERT_EQ(patch(ana, upload, 2'500'000, bytes.mid(2'500'000)).status, 204);
    EXPECT_TRUE(get(id, ana).body == bytes);
}

TEST_F(MediaTransferTest, AnUploadIsDeletedOnRequestAndWhenLeftPastItsExpiry) {
    start({"--upload-expiry", "2"});
    const auto [bytes, id, path] = media(50'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QString deleted = create(ana, bytes.size(), id);
    ASSERT_EQ(patch(ana, deleted, 0, bytes.left(100)).status, 204);
    EXPECT_EQ(tus("DELETE", deleted, ana).status, 204);
    EXPECT_EQ(tus("HEAD", deleted, ana).status, 404);
    EXPECT_TRUE(uploadFiles().isEmpty());

    const QString left = create(ana, bytes.size(), id);
    ASSERT_EQ(patch(ana, left, 0, bytes.left(100)).status, 204);
    EXPECT_FALSE(uploadFiles().isEmpty());
    EXPECT_TRUE(ft::spinUntil([&] { return uploadFiles().isEmpty(); }, 15000));
    EXPECT_EQ(tus("HEAD", left, ana).status, 404);
}

TEST_F(MediaTransferTest, SizesAndQuotasAreRefusedWithTheirReason) {
    start({"--max-media-bytes", "1000000", "--media-quota-per-user", "1500000"});
    const auto [bytes, id, path] = media(900'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    HttpReply r;
    EXPECT_TRUE(create(ana, 1'000'001, id, &r).isEmpty());
    EXPECT_EQ(r.status, 413);
    ASSERT_FALSE(create(ana, bytes.size(), id).isEmpty());
    EXPECT_TRUE(create(ana, bytes.size(), id, &r).isEmpty());  // 1.8 MB would pass 1.5 MB
    EXPECT_EQ(r.status, 507);
    EXPECT_TRUE(r.body.contains("quota")) << r.body.toStdString();
    EXPECT_FALSE(create(bearer("bo", fm::Role::Reviewer), bytes.size(), id).isEmpty());
    // A body longer than the upload is refused, and nothing of it kept.
    const QString small = create(bearer("bo", fm::Role::Reviewer), 10, id);
    ASSERT_FALSE(small.isEmpty());
    EXPECT_EQ(patch(bearer("bo", fm::Role::Reviewer), small, 0, QByteArray(20, 'x')).status, 400);
    EXPECT_EQ(tus("HEAD", small, bearer("bo", fm::Role::Reviewer)).header("Upload-Offset"), "0");
}

// ---- framenote-cli upload and download -----------------------------------------------------

namespace {

class MediaCliTest : public MediaTransferTest {
  protected:
    // framenote-cli with the test's cache (the upload's resume state) and `args`.
    void launch(QProcess& cli, const QStringList& args) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CACHE_HOME", files_.filePath("cache"));
        cli.setProcessEnvironment(env);
        cli.start(FRAMENOTE_CLI_BINARY, args);
        ASSERT_TRUE(cli.waitForStarted(5000));
    }
    QStringList server(const QByteArray& auth) const {
        return {"--server", url(""), "--token", QString::fromLatin1(auth.mid(7))};
    }
    // Runs it to the end: exit code, stdout, stderr.
    int run(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr) {
        QProcess cli;
        launch(cli, args);
        EXPECT_TRUE(cli.waitForFinished(120000));
        if (out) *out = cli.readAllStandardOutput();
        if (err) *err = cli.readAllStandardError();
        return cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    }
    // Waits until `cli`'s progress shows `percent` or more (or it ended); what it printed
    // meanwhile. (Its lines come every 10 %, at whatever percent the transfer had reached.)
    static QByteArray waitForProgress(QProcess& cli, int percent) {
        QByteArray err;
        const QRegularExpression shown(QStringLiteral("(\\d+)%"));
        const auto reached = [&] {
            int most = -1;
            for (const auto& m : shown.globalMatch(QString::fromLatin1(err)))
                most = std::max(most, m.captured(1).toInt());
            return most >= percent;
        };
        EXPECT_TRUE(ft::spinUntil(
            [&] {
                err += cli.readAllStandardError();
                return reached() || cli.state() == QProcess::NotRunning;
            },
            60000));
        EXPECT_EQ(cli.state(), QProcess::Running) << "it ended before " << percent << "%";
        return err;
    }
    // Starts it and SIGKILLs it once its progress passes `percent`.
    void killAt(const QStringList& args, int percent) {
        QProcess cli;
        launch(cli, args);
        waitForProgress(cli, percent);
        cli.kill();
        cli.waitForFinished(5000);
    }
    // Runs it, SIGKILLs and restarts the relay once its progress passes `percent`, and expects it
    // to carry on to a clean end; what it printed.
    QByteArray throughARelayRestart(const QStringList& args, int percent) {
        QProcess cli;
        launch(cli, args);
        QByteArray err = waitForProgress(cli, percent);
        EXPECT_EQ(cli.state(), QProcess::Running) << err.toStdString();
        relay_.kill();
        EXPECT_TRUE(relay_.restart()) << relay_.why();
        EXPECT_TRUE(cli.state() == QProcess::NotRunning || cli.waitForFinished(120000));
        err += cli.readAllStandardError();
        EXPECT_EQ(cli.exitCode(), 0) << err.toStdString();
        return err;
    }
    // "(N already there)" of the summary line.
    static qint64 alreadyThere(const QByteArray& err) {
        const qsizetype at = err.indexOf(" already there");
        if (at < 0) return -1;
        return err.mid(err.lastIndexOf('(', at) + 1, at - err.lastIndexOf('(', at) - 1)
            .toLongLong();
    }
    static QByteArray read(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
};

}  // namespace

// Killed at 40 %, the upload starts again from what the relay holds: at most one PATCH (1 MiB)
// per chunk in flight (2) is sent again. (--limit-rate: on loopback the whole file would be
// sent before the kill.)
TEST_F(MediaCliTest, AnUploadKilledHalfwayResumesWithoutResendingWhatArrived) {
    start();
    const auto [bytes, id, file] = media(60'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QStringList args =
        QStringList{"upload", file, "--chunk-mib", "1", "--parallel", "2", "--limit-rate", "30M"} +
        server(ana);
    killAt(args, 40);
    QByteArray out, err;
    ASSERT_EQ(run(args, &out, &err), 0) << err.toStdString();
    EXPECT_EQ(out.trimmed(), id.toLatin1());
    const qint64 resumed = alreadyThere(err);
    EXPECT_GE(resumed, 24'000'000 - 2 * (1 << 20)) << err.toStdString();
    EXPECT_LT(resumed, bytes.size());
    EXPECT_TRUE(read(published(id)) == bytes);
    // Again: the relay has it, nothing is sent.
    ASSERT_EQ(run(args, &out, &err), 0);
    EXPECT_EQ(alreadyThere(err), bytes.size());
}

// The relay is SIGKILLed and restarted under a running upload, which carries on.
TEST_F(MediaCliTest, AnUploadCarriesOnThroughARelayRestart) {
    start();
    const auto [bytes, id, file] = media(120'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    throughARelayRestart(
        QStringList{"upload", file, "--chunk-mib", "4", "--parallel", "1", "--limit-rate", "60M"} +
            server(ana),
        10);
    EXPECT_TRUE(read(published(id)) == bytes);
}

// A download SIGKILLed at 40 % resumes with Range requests for what its .part lacks (its streams
// record what they wrote every MiB: at most that much per stream is fetched again); that run
// then carries on through a SIGKILL and restart of the relay; the file ends byte-identical.
// (--limit-rate: on loopback the whole file would arrive before the kill.)
TEST_F(MediaCliTest, ADownloadKilledHalfwayAndARelayRestartBothResume) {
    start();
    const auto [bytes, id, file] = media(60'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    ASSERT_EQ(run(QStringList{"upload", file} + server(ana)), 0);
    const QString target = files_.filePath("fetched.bin");
    const QStringList args =
        QStringList{"download", id, "-o", target, "--limit-rate", "30M"} + server(ana);
    killAt(args, 40);
    EXPECT_TRUE(QFileInfo::exists(target + ".part.ranges"));
    const QByteArray err = throughARelayRestart(args, 70);
    const qint64 kept = alreadyThere(err);
    EXPECT_GE(kept, qint64{60'000'000} * 40 / 100 - 4 * (1 << 20)) << err.toStdString();
    EXPECT_LT(kept, 60'000'000);
    EXPECT_TRUE(read(target) == bytes);
    EXPECT_FALSE(QFileInfo::exists(target + ".part"));
    EXPECT_FALSE(QFileInfo::exists(target + ".part.ranges"));
}

// A download that stopped at 30 % (what a killed run leaves: FILE.part, on loopback too fast
// to kill reliably) resumes with a Range request and ends byte-identical; a .part that is not
// the file's beginning fails the media id check and is not kept. A viewer downloads but cannot
// upload; a wrong media id is refused.
TEST_F(MediaCliTest, ADownloadResumesFromWhatItHasAndRolesAreKept) {
    start();
    const auto [bytes, id, file] = media(20'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    QByteArray err;
    ASSERT_EQ(run(QStringList{"upload", file} + server(ana), nullptr, &err), 0)
        << err.toStdString();
    const QByteArray vic = bearer("vic", fm::Role::Viewer);
    const QString target = files_.filePath("fetched.bin");
    const QStringList args = QStringList{"download", id, "-o", target} + server(vic);
    const auto leavePart = [&](const QByteArray& content) {
        QFile part(target + ".part");
        ASSERT_TRUE(part.open(QIODevice::WriteOnly));
        part.write(content);
    };
    leavePart(bytes.left(6'000'000));
    ASSERT_EQ(run(args, nullptr, &err), 0) << err.toStdString();
    EXPECT_EQ(alreadyThere(err), 6'000'000) << err.toStdString();
    EXPECT_TRUE(read(target) == bytes);
    EXPECT_FALSE(QFile::exists(target + ".part"));
    QFile::remove(target);
    leavePart(QByteArray(6'000'000, 'x'));
    EXPECT_EQ(run(args, nullptr, &err), 1);
    EXPECT_TRUE(err.contains("not kept")) << err.toStdString();
    EXPECT_FALSE(QFile::exists(target));
    EXPECT_FALSE(QFile::exists(target + ".part"));
    ASSERT_EQ(run(args, nullptr, &err), 0) << err.toStdString();  // from the start this time
    EXPECT_TRUE(read(target) == bytes);

    const QString other = media(1000).path;  // a file the relay does not have
    EXPECT_EQ(run(QStringList{"upload", other} + server(vic), nullptr, &err), 1);
    EXPECT_TRUE(err.contains("viewer")) << err.toStdString();
    EXPECT_EQ(run(QStringList{"download", "shot.mov", "-o", target} + server(vic), nullptr, &err),
              1);
    EXPECT_EQ(run(QStringList{"upload", file, "--server", "ftp://x"}, nullptr, &err), 2);
    for (const char* rate : {"0", "12X", "-5M", "1"}) {
        EXPECT_EQ(
            run(QStringList{"upload", file, "--limit-rate", rate} + server(ana), nullptr, &err), 2)
            << rate;
        EXPECT_TRUE(err.contains("--limit-rate")) << err.toStdString();
    }
}

namespace {

// The app's way (ui/clip_share.h): MediaUploader in process, its resume state in the draft
// store (store::UploadResumeTable). Cancelled at 40 %, as the user's Cancel does, then started
// again from a new table on the same file (the app restarted): what the relay holds is not sent
// again, and the state goes once the file is published.
TEST_F(MediaTransferTest, ACancelledUploadResumesFromTheDraftStore) {
    start();
    const auto [bytes, id, file] = media(40'000'000);
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QString storePath = files_.filePath("framenote.db");
    const auto upload = [&](int cancelAtPercent, const QString& knownId) {
        auto table = framenote::store::UploadResumeTable::open(storePath);
        EXPECT_TRUE(table) << table.error();
        framenote::store::UploadResumeTable* t = table->get();
        framenote::sync::MediaUploadOptions options;
        options.server = QUrl(url(""));
        options.token = QString::fromLatin1(ana.mid(7));
        options.chunkBytes = 2 << 20;
        options.patchBytes = 1 << 20;
        options.parallel = 2;
        options.maxBytesPerSecond = 20'000'000;
        options.mediaId = knownId;
        options.resumeStates.load = [t](const QString& key) { return *t->load(key); };
        options.resumeStates.save = [t](const QString& key, const QByteArray& state) {
            EXPECT_TRUE(t->save(key, state));
        };
        options.resumeStates.remove = [t](const QString& key) { EXPECT_TRUE(t->remove(key)); };
        framenote::sync::MediaUploader uploader(file, options);
        bool ended = false, ok = false;
        QObject::connect(&uploader, &framenote::sync::MediaUploader::finished,
                         [&](bool success, const QString&) { ended = true, ok = success; });
        QObject::connect(&uploader, &framenote::sync::MediaUploader::progress,
                         [&](qint64 sent, qint64 total) {
                             if (cancelAtPercent > 0 && sent * 100 >= total * cancelAtPercent)
                                 uploader.cancel();
                         });
        uploader.start();
        EXPECT_TRUE(ft::spinUntil([&] { return ended; }, 60000));
        return std::pair{ok, uploader.resumedBytes()};
    };
    const auto [cancelledOk, _] = upload(40, {});
    EXPECT_FALSE(cancelledOk);
    EXPECT_FALSE(QFileInfo::exists(published(id)));
    // The app knows the clip's id since it opened it, and says so: the same resume state.
    const auto [ok, resumed] = upload(0, id);
    ASSERT_TRUE(ok);
    EXPECT_GE(resumed, 40'000'000 * 30 / 100);  // at least what had arrived at the cancel, less
    EXPECT_LT(resumed, bytes.size());           // the PATCHes it cut off (2 x 1 MiB)
    QFile stored(published(id));
    ASSERT_TRUE(stored.open(QIODevice::ReadOnly));
    EXPECT_TRUE(stored.readAll() == bytes);
    auto db = framenote::sqlite::SqliteDb::open(storePath);
    ASSERT_TRUE(db);
    EXPECT_EQ(*(*db)->queryInt("SELECT count(*) FROM upload_resume"), 0);
}

// A caller that names the wrong media id for its file (a stale cache, a bug, a lie) uploads it
// for nothing: the relay refuses to publish it under that id and says what the content is.
TEST_F(MediaTransferTest, AWrongKnownMediaIdIsNeverPublished) {
    start();
    const auto [bytes, id, file] = media(3'000'000);
    const auto other = media(1000);
    framenote::sync::MediaUploadOptions options;
    options.server = QUrl(url(""));
    options.token = QString::fromLatin1(bearer("ana", fm::Role::Reviewer).mid(7));
    options.mediaId = other.id;
    framenote::sync::MediaUploader uploader(file, options);
    std::optional<std::pair<bool, QString>> result;
    QObject::connect(&uploader, &framenote::sync::MediaUploader::finished,
                     [&](bool ok, const QString& why) { result.emplace(ok, why); });
    uploader.start();
    ASSERT_TRUE(ft::spinUntil([&] { return result.has_value(); }, 30000));
    EXPECT_FALSE(result->first);
    EXPECT_TRUE(result->second.contains("422") && result->second.contains(id))
        << result->second.toStdString();
    EXPECT_FALSE(QFileInfo::exists(published(other.id)));
    EXPECT_FALSE(QFileInfo::exists(published(id)));
}

}  // namespace

namespace {

// An image sequence travels as its manifest (under the sequence's id) and its files (each under
// its own): docs/PROTOCOL.md, "Media of an image sequence". The files are random bytes under
// sequence names, with a gap: the relay and the transfer read names, sizes and media ids only.
TEST_F(MediaCliTest, AnImageSequenceTravelsAsAManifestAndItsFiles) {
    start();
    const QString shot = files_.filePath("shot");
    ASSERT_TRUE(QDir().mkpath(shot));
    framenote::media::SequenceManifest expected{"shot.", ".exr", 4, {}};
    QHash<QString, QByteArray> contents;
    for (const int number : {1001, 1002, 1003, 1005, 1006}) {
        const Media frame = media(300'000 + number);
        const QString name = QStringLiteral("shot.%1.exr").arg(number);
        ASSERT_TRUE(QFile::copy(frame.path, QDir(shot).filePath(name)));
        contents.insert(name, frame.bytes);
        expected.files.push_back({number, frame.bytes.size(), frame.id.toStdString()});
    }
    const QString id = QString::fromStdString(expected.mediaId());
    // Reviewers and viewers whose tokens reach this sequence only.
    const QByteArray ana = bearer("ana", fm::Role::Reviewer, {id});
    const QByteArray vic = bearer("vic", fm::Role::Viewer, {id});
    QByteArray out, err;
    ASSERT_EQ(
        run(QStringList{"upload", QDir(shot).filePath("shot.1001.exr")} + server(ana), &out, &err),
        0)
        << err.toStdString();
    EXPECT_EQ(out.trimmed(), id.toLatin1());
    EXPECT_EQ(get(id, vic, {}, "HEAD").header("Content-Type"),
              "application/vnd.framenote.sequence+json");
    // A frame is reached through its sequence; a token for another room reaches neither.
    const QString frameId = QString::fromStdString(expected.files[3].mediaId);
    EXPECT_TRUE(get(frameId, vic).body == contents["shot.1005.exr"]);
    const QByteArray stranger = bearer("sam", fm::Role::Viewer, {media(10).id});
    EXPECT_EQ(get(frameId, stranger).status, 403);
    EXPECT_EQ(get(id, stranger).status, 403);

    const QString fetched = files_.filePath("fetched");
    const QStringList download = QStringList{"download", id, "-o", fetched} + server(vic);
    ASSERT_EQ(run(download, nullptr, &err), 0) << err.toStdString();
    EXPECT_EQ(QDir(fetched).entryList(QDir::Files | QDir::Hidden).size(), contents.size())
        << "the files and nothing else: the manifest is gone once they are in";
    for (auto it = contents.begin(); it != contents.end(); ++it)
        EXPECT_TRUE(read(QDir(fetched).filePath(it.key())) == it.value()) << it.key().toStdString();
    // Again: every file is there already, and nothing is fetched.
    ASSERT_EQ(run(download, nullptr, &err), 0) << err.toStdString();
    qint64 total = 0;
    for (const auto& f : expected.files) total += f.size;
    EXPECT_EQ(alreadyThere(err), total) << err.toStdString();
    // Uploading again sends nothing.
    ASSERT_EQ(run(QStringList{"upload", shot} + server(ana), &out, &err), 0) << err.toStdString();
}

// A manifest is checked against its id by what it lists, before any file: one that claims the
// sequence's id with another size, or names that could leave the folder, is refused with 422;
// one over the size a manifest may have with 413. Viewers upload none.
TEST_F(MediaTransferTest, AForgedOrHostileSequenceManifestIsRefused) {
    start();
    const Media first = media(5000), last = media(6000);
    framenote::media::SequenceManifest manifest{
        "shot.", ".exr", 4, {{1, 5000, first.id.toStdString()}, {2, 6000, last.id.toStdString()}}};
    const QString id = QString::fromStdString(manifest.mediaId());
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const QByteArray kind = ",kind " + QByteArray("sequence").toBase64();
    const auto upload = [&](const QByteArray& body, const QString& claimedId) {
        return tus("POST", "/files/", ana,
                   {{"Upload-Length", QByteArray::number(body.size())},
                    {"Upload-Metadata", "media_id " + claimedId.toLatin1().toBase64() + kind},
                    {"Content-Type", "application/offset+octet-stream"}},
                   body);
    };
    framenote::media::SequenceManifest resized = manifest;
    resized.files[1].size = 6001;
    HttpReply r = upload(resized.toJson(), id);
    EXPECT_EQ(r.status, 422) << r.body.toStdString();
    framenote::media::SequenceManifest escaping = manifest;
    escaping.prefix = "../shot.";
    r = upload(escaping.toJson(), QString::fromStdString(escaping.mediaId()));
    EXPECT_EQ(r.status, 422);
    EXPECT_TRUE(r.body.contains("could name a path")) << r.body.toStdString();
    r = upload("{\"format\": 1}", id);
    EXPECT_EQ(r.status, 422);
    r = tus(
        "POST", "/files/", ana,
        {{"Upload-Length", QByteArray::number(framenote::media::SequenceManifest::kMaxBytes + 1)},
         {"Upload-Metadata", "media_id " + id.toLatin1().toBase64() + kind}});
    EXPECT_EQ(r.status, 413) << r.body.toStdString();
    EXPECT_FALSE(QFile::exists(published(id)));
    r = tus("POST", "/files/", bearer("vic", fm::Role::Viewer),
            {{"Upload-Length", QByteArray::number(manifest.toJson().size())},
             {"Upload-Metadata", "media_id " + id.toLatin1().toBase64() + kind}});
    EXPECT_EQ(r.status, 403);
    // The true one is published, and is what a download gets.
    r = upload(manifest.toJson(), id);
    EXPECT_EQ(r.status, 201) << r.body.toStdString();
    EXPECT_TRUE(get(id, ana).body == manifest.toJson());
}

}  // namespace

namespace {

// A manifest of `files` made-up files (their ids need not exist: the relay checks a manifest by
// what it lists), with its id.
framenote::media::SequenceManifest madeUpManifest(int files, int seed) {
    framenote::media::SequenceManifest manifest{"plate.", ".exr", 7, {}};
    for (int i = 0; i < files; ++i)
        manifest.files.push_back(
            {i, 1000 + i,
             QByteArray::number(seed * 10'000'000 + i, 16).rightJustified(64, '0').toStdString()});
    return manifest;
}

const QByteArray kSequenceKind = ",kind " + QByteArray("sequence").toBase64();

TEST_F(MediaTransferTest, AManifestBeingCheckedStallsNoOtherRequest) {
    start();
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const Media clip = media(70'000);
    HttpReply r;
    const QString clipUpload = create(ana, clip.bytes.size(), clip.id, &r);
    ASSERT_EQ(patch(ana, clipUpload, 0, clip.bytes).status, 204);
    // A large manifest takes the relay a second or more to parse and check.
    const auto manifest = madeUpManifest(400'000, 1);
    const QByteArray body = manifest.toJson();
    const QString id = QString::fromStdString(manifest.mediaId());
    r = tus("POST", "/files/", ana,
            {{"Upload-Length", QByteArray::number(body.size())},
             {"Upload-Metadata", "media_id " + id.toLatin1().toBase64() + kSequenceKind}});
    ASSERT_EQ(r.status, 201) << r.body.toStdString();
    const QString upload = QString::fromLatin1(r.header("Location"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, relay_.mediaPort());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("PATCH " + upload.toLatin1() + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n" +
                 "Authorization: " + ana +
                 "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n" +
                 "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const QString part =
        QDir(home_.dataDir()).filePath("media/uploads/" + upload.section('/', -1) + ".part");
    ASSERT_TRUE(ft::spinUntil([&] {
        socket.waitForBytesWritten(10);
        return QFileInfo(part).size() == body.size();
    }));
    ft::settle(300, "the relay begins checking the manifest");
    // While the relay checks it, another reader is served, and the manifest is not answered yet.
    const HttpReply other = get(clip.id, bearer("vic", fm::Role::Viewer));
    EXPECT_EQ(other.status, 200);
    EXPECT_TRUE(other.body == clip.bytes);
    EXPECT_FALSE(socket.waitForReadyRead(0) || socket.bytesAvailable() > 0)
        << "the manifest was checked before another request could be served";
    ASSERT_TRUE(ft::spinUntil(
        [&] { return socket.bytesAvailable() > 0 || socket.waitForReadyRead(50); }, 120'000))
        << relay_.output().toStdString();
    EXPECT_TRUE(socket.readAll().startsWith("HTTP/1.1 204"));
    EXPECT_TRUE(get(id, ana).body == body);
}

TEST_F(MediaTransferTest, TheFilesManifestsListAreBoundedInAll) {
    start({"--max-listed-files", "12"});
    const QByteArray ana = bearer("ana", fm::Role::Reviewer);
    const auto publish = [&](const framenote::media::SequenceManifest& manifest) {
        const QByteArray body = manifest.toJson();
        return tus("POST", "/files/", ana,
                   {{"Upload-Length", QByteArray::number(body.size())},
                    {"Upload-Metadata",
                     "media_id " + QByteArray::fromStdString(manifest.mediaId()).toBase64() +
                         kSequenceKind},
                    {"Content-Type", "application/offset+octet-stream"}},
                   body);
    };
    // Each manifest counts its files and itself: 6 + 1, then 4 + 1 make 12.
    const auto first = madeUpManifest(6, 1), second = madeUpManifest(4, 2),
               third = madeUpManifest(1, 3);
    EXPECT_EQ(publish(first).status, 201);
    EXPECT_EQ(publish(second).status, 201);
    const HttpReply refused = publish(third);
    EXPECT_EQ(refused.status, 507);
    EXPECT_TRUE(refused.body.contains("would pass its limit of 12")) << refused.body.toStdString();
    EXPECT_EQ(get(QString::fromStdString(third.mediaId()), ana).status, 404);
    EXPECT_TRUE(uploadFiles().isEmpty()) << uploadFiles().join(' ').toStdString();
    // What was listed still reaches its files: a token for the second sequence may upload a
    // frame of it, and not a frame of the first.
    const QByteArray scoped =
        bearer("ana", fm::Role::Reviewer, {QString::fromStdString(second.mediaId())});
    EXPECT_EQ(create(scoped, 1002, QString::fromStdString(second.files[2].mediaId)).isEmpty(),
              false);
    EXPECT_TRUE(create(scoped, 1002, QString::fromStdString(first.files[2].mediaId)).isEmpty());
}

}  // namespace
