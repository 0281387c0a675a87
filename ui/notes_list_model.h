#pragma once
// The rows of the notes list: the open clip's notes that pass the filter, in list order
// (first frame, creation time, id), or the hits of a search. Rows hold only ids and sort keys;
// the text of a row is made when the view asks for it, so a clip of 100,000 notes costs the
// view what its visible rows cost. An edit moves, adds or drops its own rows (update()),
// O(log n) plus a move of the row array; reset() reads the whole state again
// (docs/PERFORMANCE.md, "A busy room").
#include <QAbstractListModel>
#include <QHash>
#include <QMap>
#include <QUuid>
#include <functional>
#include <tuple>
#include <vector>

#include "core/model/annotation_state.h"

namespace framenote::ui {

class NotesListModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role { IdRole = Qt::UserRole, FrameRole, LastFrameRole };
    struct Filter {
        QString author;   // empty: everyone
        int status = -1;  // model::Status, or -1: any
        QString tag;      // empty: any (compared without case)
        bool accepts(const model::Annotation& a) const;
    };
    struct Hit {
        QUuid id;
        qint64 frame = 0;
        QString text;
    };
    using Describe = std::function<QString(const model::Annotation&)>;

    // `state` is read, never changed; it outlives the model (the review session's).
    NotesListModel(const model::AnnotationState& state, Describe describe, QObject* parent);

    // Reads every note of the state again (a load, another clip, another filter).
    void reset();
    void setFilter(const Filter& filter);
    // The notes `ids` changed: each leaves, enters or moves in the list as it now is.
    void update(const QList<QUuid>& ids);
    // Shows search hits instead of the notes, until the next reset().
    void showHits(const std::vector<Hit>& hits, const QString& none);
    bool showingHits() const { return showingHits_; }
    // Notes shown on `frame` are bold.
    void setPlayhead(qint64 frame);
    // The row of note `id`, or -1.
    int rowOf(const QUuid& id) const;

    // The authors and tags of every note (not only the filtered ones), for the filter menus;
    // tags keyed by their case-folded form, valued as first written.
    QStringList authors() const;
    QMap<QString, QString> tags() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

  signals:
    // The set of authors or tags changed (the filter menus refill).
    void namesChanged();

  private:
    using Key = std::tuple<qint64, qint64, QUuid>;  // (firstFrame, createdMs, id)
    struct Known {
        Key key;
        QString author;
        QStringList tags;
        bool listed = false;
    };
    // Adds or removes one note's names to the counts; true if a name came or went.
    bool count(const QString& author, const QStringList& tags, int delta);
    void forget(const QUuid& id, bool& namesMoved);
    // Records the note and its names; true if it passes the filter (its row is the caller's).
    bool learn(const model::Annotation& a, bool& namesMoved);
    void insertListedRow(const Key& key);
    int lowerRow(const Key& key) const;

    const model::AnnotationState& state_;
    Describe describe_;
    Filter filter_;
    std::vector<Key> rows_;  // the listed notes, sorted
    QHash<QUuid, Known> known_;
    QHash<QString, int> authorCount_;
    QMap<QString, std::pair<QString, int>> tagCount_;  // folded -> (as written, notes)
    std::vector<Hit> hits_;
    QString noHits_;
    bool showingHits_ = false;
    qint64 playhead_ = -1;
};

}  // namespace framenote::ui
