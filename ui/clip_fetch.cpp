#include "ui/clip_fetch.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>

#include "core/media/media_fingerprint.h"
#include "core/sync/media_downloader.h"
#include "core/sync/media_kind.h"
#include "core/sync/sequence_transfer.h"
#include "ui/player_controller.h"
#include "ui/session_controller.h"
#include "ui/transfer_progress.h"

namespace framenote::ui {

namespace {
constexpr int kAsks = 5;  // what the media is: asked this many times, a second apart
constexpr int kAskAgainMs = 1000;
}  // namespace

ClipFetch::ClipFetch(QWidget* window, PlayerController* player, SessionController* session,
                     SessionInvite invite, std::function<void(const QString&)> open)
    : QObject(window),
      window_(window),
      player_(player),
      session_(session),
      invite_(std::move(invite)),
      open_(std::move(open)) {}

QString ClipFetch::targetPath(const SessionInvite& invite) {
    // The host's name for it, never a path: only the last part, without control characters.
    QString name = QFileInfo(invite.clip).fileName();
    name.remove(QRegularExpression(QStringLiteral("[\\x00-\\x1f/\\\\]")));
    if (name.isEmpty() || name.startsWith(QLatin1Char('.'))) name = invite.room.left(16) + name;
    const QString folder =
        QStandardPaths::writableLocation(QStandardPaths::DownloadLocation) + "/Framenote";
    const QString path = folder + "/" + name;
    // Another file under that name keeps its name: this one gets the media id in front.
    if (QFileInfo::exists(path)) {
        auto id = media::mediaFingerprint(path.toStdString());
        if (!id || QString::fromStdString(*id) != invite.room)
            return folder + "/" + invite.room.left(12) + "-" + name;
    }
    return path;
}

void ClipFetch::start() {
    const QString target = targetPath(invite_);
    QDir().mkpath(QFileInfo(target).path());
    auto id = media::mediaFingerprint(target.toStdString());
    if (id && QString::fromStdString(*id) == invite_.room) {
        openAndJoin(target);
        return;
    }
    sync::askMediaKind(
        network_, invite_.mediaServer(), invite_.token, invite_.room,
        [this, target](const sync::MediaKind& kind) {
            if (kind.missing && ++asked_ < kAsks) {
                // A host offers a sequence once its manifest is made (manifest_aside.h): a guest
                // who came at once asks again. A refusal or an unreachable relay is final.
                QTimer::singleShot(kAskAgainMs, this, &ClipFetch::start);
            } else if (!kind.isSequence) {
                end(tr("The clip could not be downloaded: %1").arg(kind.why));
            } else if (*kind.isSequence) {
                // A folder of its own; files already there and right are kept.
                const QString folder =
                    QFileInfo(target).path() + "/sequence-" + invite_.room.left(12);
                download(new sync::SequenceDownloader(invite_.room, folder, invite_.mediaServer(),
                                                      invite_.token, this),
                         folder);
            } else {
                download(new sync::MediaDownloader(invite_.room, target, invite_.mediaServer(),
                                                   invite_.token, this),
                         target);
            }
        });
}

template <typename Downloader>
void ClipFetch::download(Downloader* downloader, const QString& target) {
    progress_ = new TransferProgress(
        window_, tr("Joining the Session"),
        tr("Downloading %1 from the host...").arg(QFileInfo(target).fileName()),
        "clipDownloadProgress", this);
    connect(downloader, &Downloader::progress, progress_, &TransferProgress::update);
    connect(progress_, &TransferProgress::canceled, this, [this] {
        // What arrived stays (FILE.part, a sequence's files): joining again resumes.
        end(tr("Download cancelled: join again to go on where it stopped."));
    });
    connect(downloader, &Downloader::finished, this, [this, target](bool ok, const QString& why) {
        progress_->close();
        if (!ok) {
            end(tr("The clip could not be downloaded: %1").arg(why));
            return;
        }
        openAndJoin(target);
    });
    downloader->start();
}

void ClipFetch::openAndJoin(const QString& path) {
    auto* once = new QObject(this);
    connect(player_, &PlayerController::mediaOpened, once, [this, once] {
        once->deleteLater();
        Status joined = session_->join(invite_);
        if (joined) goToTheSessionsFrame(session_, player_);
        end(joined ? QString() : QString::fromStdString(joined.error()));
    });
    connect(player_, &PlayerController::openFailed, once, [this, once](const QString& why) {
        once->deleteLater();
        end(why);
    });
    open_(path);
}

// The clip opens where the session is: the frame of whoever presents (following takes over from
// there) or else of the host (an admin), as the relay tells it on joining (docs/PROTOCOL.md,
// "Rooms: join, snapshot, replay"). Once, and not after the user has moved.
void ClipFetch::goToTheSessionsFrame(SessionController* session, PlayerController* player) {
    auto* once = new QObject(session);
    QTimer::singleShot(10000, once, &QObject::deleteLater);
    connect(session, &SessionController::presenceReceived, once,
            [session, player, once](const sync::Presence& p) {
                const auto& everyone = session->participants();
                const auto sender = std::find_if(
                    everyone.begin(), everyone.end(),
                    [&](const sync::Participant& q) { return q.number == p.participant; });
                const bool leads = p.presenting ||
                                   (sender != everyone.end() && sender->role == model::Role::Admin);
                if (!leads) return;
                once->deleteLater();
                if (player->playhead() == 0) player->seek(p.playheadFrame);
            });
}

void ClipFetch::end(const QString& text) {
    if (!text.isEmpty()) emit message(text);
    if (progress_) progress_->close();
    deleteLater();  // the downloader, its child, goes with it (a transfer in flight is aborted)
}

}  // namespace framenote::ui
