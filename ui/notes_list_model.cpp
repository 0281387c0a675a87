#include "ui/notes_list_model.h"

#include <QFont>
#include <algorithm>

namespace framenote::ui {

bool NotesListModel::Filter::accepts(const model::Annotation& a) const {
    if (!author.isEmpty() && a.author != author) return false;
    if (status >= 0 && static_cast<int>(a.status) != status) return false;
    return tag.isEmpty() || a.tags.contains(tag, Qt::CaseInsensitive);
}

NotesListModel::NotesListModel(const model::AnnotationState& state, Describe describe,
                               QObject* parent)
    : QAbstractListModel(parent), state_(state), describe_(std::move(describe)) {}

void NotesListModel::reset() {
    beginResetModel();
    showingHits_ = false;
    hits_.clear();
    rows_.clear();
    known_.clear();
    authorCount_.clear();
    tagCount_.clear();
    bool namesMoved = false;
    const std::vector<const model::Annotation*> all = state_.annotations();  // in list order
    known_.reserve(static_cast<qsizetype>(all.size()));
    rows_.reserve(all.size());
    for (const model::Annotation* a : all)
        if (learn(*a, namesMoved)) rows_.emplace_back(a->firstFrame, a->createdMs, a->id);
    endResetModel();
    emit namesChanged();
}

void NotesListModel::setFilter(const Filter& filter) {
    filter_ = filter;
    reset();
}

void NotesListModel::update(const QList<QUuid>& ids) {
    if (showingHits_) return;  // the search is asked again instead
    bool namesMoved = false;
    for (const QUuid& id : ids) {
        const model::Annotation* a = state_.find(id);
        const auto was = known_.constFind(id);
        if (a && was != known_.constEnd() && was->listed && filter_.accepts(*a) &&
            was->key == Key(a->firstFrame, a->createdMs, a->id)) {
            // In place: only its text and names changed.
            const QModelIndex at = index(lowerRow(was->key));
            namesMoved |= count(was->author, was->tags, -1);
            known_.remove(id);
            learn(*a, namesMoved);
            emit dataChanged(at, at);
            continue;
        }
        forget(id, namesMoved);
        if (a && learn(*a, namesMoved)) insertListedRow(Key(a->firstFrame, a->createdMs, a->id));
    }
    if (namesMoved) emit namesChanged();
}

void NotesListModel::forget(const QUuid& id, bool& namesMoved) {
    const auto it = known_.find(id);
    if (it == known_.end()) return;
    if (it->listed) {
        const int row = lowerRow(it->key);
        beginRemoveRows({}, row, row);
        rows_.erase(rows_.begin() + row);
        endRemoveRows();
    }
    namesMoved |= count(it->author, it->tags, -1);
    known_.erase(it);
}

bool NotesListModel::learn(const model::Annotation& a, bool& namesMoved) {
    Known known{Key(a.firstFrame, a.createdMs, a.id), a.author, a.tags, filter_.accepts(a)};
    namesMoved |= count(a.author, a.tags, +1);
    const bool listed = known.listed;
    known_.insert(a.id, std::move(known));
    return listed;
}

void NotesListModel::insertListedRow(const Key& key) {
    const int row = lowerRow(key);
    beginInsertRows({}, row, row);
    rows_.insert(rows_.begin() + row, key);
    endInsertRows();
}

bool NotesListModel::count(const QString& author, const QStringList& tags, int delta) {
    bool moved = false;
    int& authors = authorCount_[author];
    moved |= (authors == 0) != (authors + delta == 0);
    authors += delta;
    if (authors == 0) authorCount_.remove(author);
    for (const QString& tag : tags) {
        auto& [written, notes] = tagCount_[tag.toCaseFolded()];
        if (notes == 0) written = tag;
        moved |= (notes == 0) != (notes + delta == 0);
        notes += delta;
        if (notes == 0) tagCount_.remove(tag.toCaseFolded());
    }
    return moved;
}

int NotesListModel::lowerRow(const Key& key) const {
    return static_cast<int>(std::lower_bound(rows_.begin(), rows_.end(), key) - rows_.begin());
}

void NotesListModel::showHits(const std::vector<Hit>& hits, const QString& none) {
    beginResetModel();
    showingHits_ = true;
    hits_ = hits;
    noHits_ = none;
    endResetModel();
}

void NotesListModel::setPlayhead(qint64 frame) {
    if (frame == playhead_) return;
    playhead_ = frame;
    // Only the rows on screen are asked again; the rest answer when scrolled to.
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), {Qt::FontRole});
}

int NotesListModel::rowOf(const QUuid& id) const {
    if (showingHits_) {
        for (size_t i = 0; i < hits_.size(); ++i)
            if (hits_[i].id == id) return static_cast<int>(i);
        return -1;
    }
    const auto it = known_.constFind(id);
    return it != known_.constEnd() && it->listed ? lowerRow(it->key) : -1;
}

QStringList NotesListModel::authors() const {
    QStringList names = authorCount_.keys();
    names.sort();
    return names;
}

QMap<QString, QString> NotesListModel::tags() const {
    QMap<QString, QString> tags;
    for (auto it = tagCount_.cbegin(); it != tagCount_.cend(); ++it)
        tags.insert(it.key(), it->first);
    return tags;
}

int NotesListModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid()) return 0;
    if (showingHits_) return hits_.empty() ? 1 : static_cast<int>(hits_.size());
    return static_cast<int>(rows_.size());
}

QVariant NotesListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const size_t row = static_cast<size_t>(index.row());
    if (showingHits_) {
        if (hits_.empty()) return role == Qt::DisplayRole ? QVariant(noHits_) : QVariant();
        const Hit& hit = hits_[row];
        switch (role) {
            case Qt::DisplayRole:
                return hit.text;
            case IdRole:
                return hit.id;
            case FrameRole:
            case LastFrameRole:
                return hit.frame;
            default:
                return {};
        }
    }
    const model::Annotation* a = state_.find(std::get<2>(rows_[row]));
    if (!a) return {};
    switch (role) {
        case Qt::DisplayRole:
            return describe_(*a);
        case IdRole:
            return a->id;
        case FrameRole:
            return static_cast<qlonglong>(a->firstFrame);
        case LastFrameRole:
            return static_cast<qlonglong>(a->lastFrame);
        case Qt::FontRole: {
            if (!a->onFrame(playhead_)) return {};
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        default:
            return {};
    }
}

}  // namespace framenote::ui
