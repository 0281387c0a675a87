#pragma once
// An invitation to a shared review as one string to paste: the relay's address, the signed token
// and the room (the clip's fingerprint), e.g.
//   framenote://192.168.1.20:7370/?room=9f2c...&token=eyJ2...&clip=shot_010.mov
// A plain ws:// or wss:// address with the token given separately works too.
#include <QString>
#include <QUrl>

#include "core/common/result.h"
#include "core/model/annotation.h"

namespace framenote::ui {

struct SessionInvite {
    QUrl relay;             // ws://host:port/ (or wss://)
    QString token;          // may be empty on open relays
    QString room;           // the media fingerprint; empty if the invite does not say
    QString clip;           // the host's file name, only to name the clip in messages
    quint16 mediaPort = 0;  // the relay's media port, where the clip can be fetched; 0: none
    // http(s)://host:mediaPort, or an empty URL without a media port.
    QUrl mediaServer() const;
};

QString formatInvite(const SessionInvite& invite);
// Accepts an invitation string, a ws:// / wss:// URL (token in ?token= or separate), or
// "host:port". `token` overrides the one in the text when not empty.
Result<SessionInvite> parseInvite(const QString& text, const QString& token = {});

// The user and role a token names, read without checking its signature (the relay checks it):
// the edits made under it must carry this name and role.
struct TokenIdentity {
    QString user;
    model::Role role = model::Role::Reviewer;
};
Result<TokenIdentity> peekTokenIdentity(const QString& token);

}  // namespace framenote::ui
