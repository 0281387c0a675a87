#pragma once
// Helpers for the store tests: a temp directory per test, note builders.
#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "core/model/annotation_state.h"
#include "core/model/id_text.h"
#include "core/model/operation.h"
#include "core/store/annotation_table.h"
#include "core/store/draft_store.h"
#include "tests/support/result_checks.h"

namespace framenote::test {

inline constexpr int64_t kT0 = 1700000000000;  // a fixed clock for history tests

inline model::Annotation note(const QString& mediaId, int64_t first, int64_t last,
                              const QString& text = {}, const QString& author = "ana") {
    model::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = mediaId;
    a.kind = text.isEmpty() ? model::Kind::Rect : model::Kind::Text;
    a.firstFrame = first;
    a.lastFrame = last;
    a.points = text.isEmpty() ? std::vector<model::Point>{{0.1, 0.2}, {0.5, 0.6}}
                              : std::vector<model::Point>{{0.1, 0.2}};
    a.text = text;
    a.author = author;
    a.createdMs = a.updatedMs = kT0;
    return a;
}

inline model::Operation createOp(const model::Annotation& a,
                                 model::Role role = model::Role::Reviewer) {
    return model::makeCreate(a, a.author, role);
}

inline model::Operation setText(const model::Annotation& a, const QString& text,
                                const QString& actor = "ana",
                                model::Role role = model::Role::Reviewer) {
    model::FieldChanges c;
    c.text = text;
    return model::makeSetFields(a.mediaId, a.id, c, actor, role);
}

inline model::Operation setFrames(const model::Annotation& a, int64_t first, int64_t last,
                                  const QString& actor = "ana",
                                  model::Role role = model::Role::Reviewer) {
    model::FieldChanges c;
    c.frames = std::make_pair(first, last);
    return model::makeSetFields(a.mediaId, a.id, c, actor, role);
}

inline model::Operation confirmed(model::Operation op, int64_t sequence) {
    op.sequence = sequence;
    return op;
}

// Every visible note of a media, in the store's order, through the pagination query.
inline std::vector<model::Annotation> allNotes(store::DraftStore& s, const QString& mediaId) {
    return take(s.queries().page(mediaId, {}, 1000000)).items;
}

// The reference: model::AnnotationState over `ops` with their order keys, in the store's order.
inline std::vector<model::Annotation> fold(
    const std::vector<std::pair<model::Operation, int64_t>>& ops) {
    model::AnnotationState state;
    for (const auto& [op, order] : ops) state.apply(op, order);
    std::vector<model::Annotation> list;
    for (const model::Annotation* a : state.annotations()) list.push_back(*a);
    std::sort(list.begin(), list.end(), [](const model::Annotation& x, const model::Annotation& y) {
        const QString xi = model::idText(x.id);
        const QString yi = model::idText(y.id);
        return std::tie(x.firstFrame, x.createdMs, xi) < std::tie(y.firstFrame, y.createdMs, yi);
    });
    return list;
}

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        store_ = take(store::DraftStore::open(path()));
    }
    QString path(const QString& name = "profile.framenote") const { return dir_.filePath(name); }
    store::DraftStore& store() { return *store_; }
    void reopen() {
        store_.reset();
        store_ = take(store::DraftStore::open(path()));
    }

    QTemporaryDir dir_;
    std::unique_ptr<store::DraftStore> store_;
};

}  // namespace framenote::test
