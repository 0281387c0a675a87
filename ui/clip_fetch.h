#pragma once
// Joining a session without its clip: the clip is fetched from the host's relay (its media port,
// docs/PROTOCOL.md "Media transfer") into the Downloads folder, with a progress dialog that
// can be cancelled (a later join resumes the download), then opened, then the session joined.
// A copy already there (the same media id) is opened without a download. An image sequence
// (the relay says so, sync/media_kind.h) comes into a folder of its own, file by file.
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <functional>

#include "ui/session_invite.h"

namespace framenote::ui {

class PlayerController;
class SessionController;
class TransferProgress;

class ClipFetch : public QObject {
    Q_OBJECT
  public:
    // `open`: how the window opens a clip (its title, recent files), then `player` plays it.
    ClipFetch(QWidget* window, PlayerController* player, SessionController* session,
              SessionInvite invite, std::function<void(const QString&)> open);
    void start();
    // Where the clip of `invite` is kept: Downloads/Framenote/<the host's file name>.
    static QString targetPath(const SessionInvite& invite);

  signals:
    // For the status bar: what went wrong, or what was done.
    void message(QString text);

  private:
    // `target`: the file, or the folder of a sequence; `downloader` a child of this.
    template <typename Downloader>
    void download(Downloader* downloader, const QString& target);
    void openAndJoin(const QString& path);
    static void goToTheSessionsFrame(SessionController* session, PlayerController* player);
    void end(const QString& text);

    QWidget* window_;
    PlayerController* player_;
    SessionController* session_;
    SessionInvite invite_;
    std::function<void(const QString&)> open_;
    TransferProgress* progress_ = nullptr;
    QNetworkAccessManager network_;  // asks what the media is
    int asked_ = 0;
};

}  // namespace framenote::ui
