#pragma once
// The flood scene of the RelayFlood test and of framenote-relay-flood-bench (docs/PERFORMANCE.md,
// "The relay under a snapshot flood"): a room of large strokes, viewers who ask for its snapshot
// and never read, a writer in another room. One definition, so the test checks what the
// benchmark measures.
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "core/sync/quantization.h"
#include "tests/support/raw_client.h"
#include "tests/support/stalled_client.h"
#include "tests/sync/sync_fixtures.h"

namespace framenote::test {

// A note of `user` in room `media`, quantized as a client sends it: a freehand stroke of `points`
// points (different for each `seed`), or with `points` 0 a small rectangle.
inline model::Operation noteIn(const QString& media, const QString& user, int points = 0,
                               int seed = 0) {
    model::Annotation a =
        points > 0 ? longStrokeOf(user, points, seed) : annotationOf("rect", user);
    a.mediaId = media;
    model::Operation op = model::makeCreate(a, user, model::Role::Reviewer);
    sync::quantizeOperation(op);
    return op;
}

// Posts `count` strokes of `points` points as `user` to `c`'s room, in waves of 150 (the message
// rate's burst), each wave acknowledged before the next; true when all were.
inline bool postStrokes(RawClient& c, const QString& media, const QString& user, int count,
                        int points, int ackTimeoutMs = 30000) {
    for (int done = 0; done < count;) {
        std::vector<QUuid> wave;
        for (int i = 0; i < 150 && done < count; ++i, ++done) {
            const model::Operation op = noteIn(media, user, points, done);
            c.sendOperation(op);
            wave.push_back(op.opId);
        }
        for (const QUuid& id : wave) {
            const v1::Envelope* answer = c.answerTo(id, ackTimeoutMs);
            if (!answer || !answer->has_ack()) return false;
        }
        settle(800, "the message rate's bucket refills at its rate before the next wave");
    }
    return true;
}

// A viewer that says Hello with `token` and then never reads (its socket may fail to open: the
// caller sees it unconnected).
inline std::unique_ptr<StalledClient> stalledViewer(quint16 port, const std::string& token) {
    auto v = std::make_unique<StalledClient>();
    if (!v->open(port)) return v;
    v1::Envelope hello = sync::newEnvelope();
    hello.mutable_hello()->set_token(token);
    v->send(hello);
    return v;
}

// A Join (or, with `replay`, a ReplayRequest) of `media` at a position of another epoch: each asks
// for the room's whole snapshot.
inline v1::Envelope snapshotRequest(const QString& media, bool replay = false) {
    v1::Envelope e = sync::newEnvelope();
    if (replay) {
        e.mutable_replay_request()->set_epoch(12345);
        e.mutable_replay_request()->set_after_sequence(7);
    } else {
        e.mutable_join()->set_media_id(media.toStdString());
        e.mutable_join()->set_epoch(12345);
        e.mutable_join()->set_last_sequence(7);
    }
    return e;
}

}  // namespace framenote::test
