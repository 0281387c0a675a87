// Child of the crash test (crash_test.cpp): makes edits in a loop on the store at argv[1] and
// prints a line after each commit returns, until it is killed:
//   op <op_id>            a local edit is committed (with its outbox entry)
//   ack <op_id> <seq>     an acknowledgement is committed
// Each line is one write(2) of a few bytes, so a kill never leaves half a line in the pipe.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "core/model/id_text.h"
#include "core/model/operation.h"
#include "core/store/draft_store.h"

using namespace framenote;

namespace {

void say(const std::string& line) {
    const std::string text = line + "\n";
    if (::write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        std::_Exit(3);
}

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "store_crash_writer: %s\n", message.c_str());
    std::_Exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) fail("usage: store_crash_writer DB SEED");
    const QString room = "crash";
    auto opened = store::DraftStore::open(QString::fromLocal8Bit(argv[1]));
    if (!opened) fail(opened.error());
    store::DraftStore& s = **opened;
    std::mt19937 rng(static_cast<unsigned>(std::atoi(argv[2])));

    auto existing = s.queries().page(room, {}, 1000000);
    if (!existing) fail(existing.error());
    std::vector<model::Annotation> notes = existing->items;
    const char* words[] = {"flare", "grain", "镜头", "太暗", "sky", "提亮", "noise", "焦点"};

    for (int i = 0;; ++i) {
        const unsigned what = rng() % 10;
        if (what < 4 || notes.empty()) {
            model::Annotation a;
            a.id = QUuid::createUuid();
            a.mediaId = room;
            a.kind = model::Kind::Text;
            a.firstFrame = rng() % 1000;
            a.lastFrame = a.firstFrame + rng() % 50;
            a.points = {{0.5, 0.5}};
            a.text = QString("%1 %2 %3").arg(words[rng() % 8], words[rng() % 8]).arg(i);
            a.author = "writer";
            const model::Operation op = model::makeCreate(a, "writer", model::Role::Reviewer);
            if (Status r = s.applyLocal(op); !r) fail(r.error());
            say("op " + model::idText(op.opId).toStdString());
            notes.push_back(op.annotation);
        } else if (what < 8) {
            const model::Annotation& a = notes[rng() % notes.size()];
            model::FieldChanges c;
            if (rng() % 2)
                c.text = QString("%1 edited %2").arg(words[rng() % 8]).arg(i);
            else
                c.frames = std::make_pair<int64_t, int64_t>(rng() % 1000, 1000 + rng() % 10);
            const model::Operation op =
                model::makeSetFields(room, a.id, c, "writer", model::Role::Reviewer);
            if (Status r = s.applyLocal(op); !r) fail(r.error());
            say("op " + model::idText(op.opId).toStdString());
        } else if (what < 9) {
            // The relay acknowledges our oldest pending edit with the next sequence number.
            auto pending = s.pendingOperations(room);
            if (!pending) fail(pending.error());
            if (pending->empty()) continue;
            auto last = s.lastConfirmedSequence(room);
            if (!last) fail(last.error());
            const int64_t sequence = *last + 1;
            if (Status r = s.markAcknowledged(pending->front().opId, sequence); !r) fail(r.error());
            say("ack " + model::idText(pending->front().opId).toStdString() + " " +
                std::to_string(sequence));
        } else {
            const size_t pick = rng() % notes.size();
            const model::Operation op =
                model::makeDelete(room, notes[pick].id, "writer", model::Role::Reviewer);
            if (Status r = s.applyLocal(op); !r) fail(r.error());
            say("op " + model::idText(op.opId).toStdString());
            notes.erase(notes.begin() + static_cast<long>(pick));
        }
    }
}
