#include "ui/notes_panel.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMap>
#include <QPointer>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <utility>

#include "core/model/permissions.h"
#include "core/model/rich_text.h"
#include "core/store/draft_store.h"
#include "ui/coalesced_call.h"
#include "ui/menu_text.h"
#include "ui/render/note_text.h"
#include "ui/reply_box.h"
#include "ui/wrapped_item_delegate.h"

namespace framenote::ui {

namespace {
constexpr int kIdRole = NotesListModel::IdRole;
}  // namespace

NotesPanel::NotesPanel(review::ReviewSession* session, review::StoreWorker* store,
                       PlayerController* player, QWidget* parent)
    : QWidget(parent), session_(session), store_(store), player_(player) {
    auto* layout = new QVBoxLayout(this);
    search_ = new QLineEdit(this);
    search_->setObjectName("noteSearch");
    search_->setClearButtonEnabled(true);
    // Two short rows rather than one long one: the panel stays narrow enough to leave the picture
    // most of a laptop's screen.
    auto* filters = new QHBoxLayout;
    auto* moreFilters = new QHBoxLayout;
    authorFilter_ = new QComboBox(this);
    authorFilter_->setObjectName("authorFilter");
    statusFilter_ = new QComboBox(this);
    statusFilter_->addItem(QString(), -1);  // the choices' words: retranslate()
    statusFilter_->addItem(QString(), static_cast<int>(model::Status::Open));
    statusFilter_->addItem(QString(), static_cast<int>(model::Status::Resolved));
    // The status choices are short and fixed; the author names take the rest of the row.
    statusFilter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    authorFilter_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    authorFilter_->setMinimumContentsLength(8);
    authorLabel_ = new QLabel(this);
    statusLabel_ = new QLabel(this);
    tagLabel_ = new QLabel(this);
    filters->addWidget(authorLabel_);
    filters->addWidget(authorFilter_, 1);
    moreFilters->addWidget(statusLabel_);
    moreFilters->addWidget(statusFilter_);
    tagFilter_ = new QComboBox(this);
    tagFilter_->setObjectName("tagFilter");
    tagFilter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    moreFilters->addWidget(tagLabel_);
    moreFilters->addWidget(tagFilter_, 1);
    list_ = new QListView(this);
    list_->setObjectName("notesList");
    model_ = new NotesListModel(
        session_->state(), [this](const model::Annotation& a) { return describe(a); }, this);
    list_->setModel(model_);
    list_->setWordWrap(true);
    list_->setTextElideMode(Qt::ElideNone);
    delegate_ = new WrappedItemDelegate(list_);
    list_->setItemDelegate(delegate_);
    list_->setAlternatingRowColors(true);  // where one note's lines end and the next note's begin
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    reply_ = new ReplyBox(this);
    resolve_ = new QPushButton(this);
    auto* actions = new QHBoxLayout;
    actions->addWidget(reply_, 1);
    actions->addWidget(resolve_);
    layout->addWidget(search_);
    layout->addLayout(filters);
    layout->addLayout(moreFilters);
    layout->addWidget(list_, 1);
    layout->addLayout(actions);

    // Brought up to date at most ten times a second, with only the notes that changed.
    auto* refresh = new CoalescedCall(
        100, [this] { this->refresh(); }, this);
    connect(session_, &review::ReviewSession::notesChanged, this, [this, refresh](const auto& ids) {
        changedIds_ += ids;
        refresh->request();
    });
    // At once: the rows name notes of the state that was just replaced.
    connect(session_, &review::ReviewSession::notesReset, this, &NotesPanel::listAgain);
    connect(authorFilter_, &QComboBox::currentIndexChanged, this, &NotesPanel::rebuild);
    connect(statusFilter_, &QComboBox::currentIndexChanged, this, &NotesPanel::rebuild);
    connect(tagFilter_, &QComboBox::currentIndexChanged, this, &NotesPanel::rebuild);
    connect(model_, &NotesListModel::namesChanged, this, &NotesPanel::refillFilters);
    connect(search_, &QLineEdit::textChanged, this, &NotesPanel::search);
    const auto activate = [this](const QModelIndex& index) {
        const QUuid id = index.data(kIdRole).toUuid();
        if (!id.isNull())
            emit noteActivated(id, index.data(NotesListModel::FrameRole).toLongLong());
    };
    connect(list_, &QListView::activated, this, activate);
    connect(list_, &QListView::clicked, this, activate);
    connect(reply_, &QLineEdit::returnPressed, this, &NotesPanel::replyToCurrent);
    connect(reply_, &ReplyBox::lastReplyWanted, this, [this] {
        if (const model::Reply* mine = lastOwnReply()) editReply(currentId(), mine->id);
    });
    connect(reply_, &ReplyBox::editLeft, this,
            [this] { emit message(tr("Reply left as it was.")); });
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(list_, &QListView::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = list_->indexAt(at);
        if (!index.isValid()) return;
        list_->setCurrentIndex(index);
        std::unique_ptr<QMenu> menu(contextMenuFor(index.data(kIdRole).toUuid()));
        if (menu) menu->exec(list_->viewport()->mapToGlobal(at));
    });
    // Editing a reply ends when another note becomes current (not while the list is refilled:
    // changes arrive all the time in a session, and the list keeps its current note).
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (reply_->editing() && current.isValid() &&
                    current.data(kIdRole).toUuid() != reply_->editingNote())
                    reply_->stopEditing();
            });
    connect(resolve_, &QPushButton::clicked, this, [this] { toggleResolved(currentId()); });
    // The button says what it will do to the current note.
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &NotesPanel::updateResolveButton);
    connect(session_, &review::ReviewSession::changed, this, &NotesPanel::updateResolveButton);
    retranslate();
}

void NotesPanel::retranslate() {
    search_->setPlaceholderText(tr("Search notes and replies"));
    statusFilter_->setItemText(0, tr("All"));
    statusFilter_->setItemText(1, tr("Open"));
    statusFilter_->setItemText(2, tr("Resolved"));
    authorLabel_->setText(tr("Author"));
    statusLabel_->setText(tr("Status"));
    tagLabel_->setText(tr("Tag"));
    refillFilters();  // their "Everyone" and "Any", also before any clip's notes arrive
    updateResolveButton();
}

void NotesPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();  // the filter menus' "Everyone" and "Any" too
        listAgain();    // each row says "open", "tags:"... in the new language
    }
    QWidget::changeEvent(event);
}

void NotesPanel::listAgain() {
    if (search_->text().trimmed().isEmpty()) return rebuild();
    resetWanted_ = true;
    search(search_->text());
}

QString NotesPanel::describe(const model::Annotation& a) const {
    // A note held over a range shows both ends; frames as shown (a sequence's file numbers).
    const QString frames =
        a.firstFrame == a.lastFrame
            ? QStringLiteral("%1  #%2")
                  .arg(player_->timecode(a.firstFrame))
                  .arg(player_->shownNumber(a.firstFrame))
            : QStringLiteral("%1\u2013%2  #%3\u2013%4")
                  .arg(player_->timecode(a.firstFrame), player_->timecode(a.lastFrame))
                  .arg(player_->shownNumber(a.firstFrame))
                  .arg(player_->shownNumber(a.lastFrame));
    QString text = QStringLiteral("%1  %2  [%3]")
                       .arg(frames, a.author,
                            a.status == model::Status::Resolved ? tr("resolved") : tr("open"));
    if (!a.tags.isEmpty())
        text += QStringLiteral("  ") + tr("tags: %1").arg(a.tags.join(QStringLiteral(", ")));
    text += QLatin1Char('\n') +
            (a.text.isEmpty() ? tr("(%1)").arg(render::noteKindName(a)) : model::plainText(a.text));
    for (const model::Reply& reply : a.replies) {
        if (reply.deleted) continue;
        text += QStringLiteral("\n    %1: %2").arg(reply.author, model::plainText(reply.text));
        // Changed after it was sent: readers may have answered the earlier words.
        if (reply.updatedMs > reply.createdMs) text += QLatin1Char(' ') + tr("(edited)");
    }
    return text;
}

void NotesPanel::refresh() {
    if (!search_->text().trimmed().isEmpty()) {
        changedIds_.clear();
        resetWanted_ = true;  // the notes come back when the search is cleared
        return search(search_->text());
    }
    if (resetWanted_ || model_->showingHits()) return rebuild();
    ++rebuilds_;
    model_->update(std::exchange(changedIds_, {}));
    fitRows();
}

void NotesPanel::fitRows() {
    // Each row as high as its note and thread while the list is short enough to measure them
    // all on every change; beyond that, rows of three lines (header, text, first reply), so
    // that a clip of 100,000 notes costs the list what its visible rows cost
    // (docs/PERFORMANCE.md, "A busy room").
    constexpr int kMeasuredRows = 2000;
    const bool uniform = model_->rowCount() > kMeasuredRows;
    if (uniform == list_->uniformItemSizes()) return;
    delegate_->setFixedLines(uniform ? 3 : 0);
    list_->setUniformItemSizes(uniform);
}

void NotesPanel::rebuild() {
    ++rebuilds_;
    resetWanted_ = false;
    changedIds_.clear();
    const QUuid keep = currentId();
    NotesListModel::Filter filter;
    filter.author = authorFilter_->currentData().toString();
    filter.status = statusFilter_->currentData().toInt();
    filter.tag = tagFilter_->currentData().toString();
    model_->setFilter(filter);  // reads every note again
    model_->setPlayhead(player_->playhead());
    fitRows();
    if (const int row = model_->rowOf(keep); row >= 0) list_->setCurrentIndex(model_->index(row));
}

void NotesPanel::refillFilters() {
    // Refilled without losing the choice.
    const QString author = authorFilter_->currentData().toString();
    const QString tag = tagFilter_->currentData().toString();
    const QSignalBlocker block(authorFilter_);
    authorFilter_->clear();
    authorFilter_->addItem(tr("Everyone"), QString());
    for (const QString& name : model_->authors()) authorFilter_->addItem(name, name);
    authorFilter_->setCurrentIndex(std::max(0, authorFilter_->findData(author)));
    const QSignalBlocker blockTags(tagFilter_);
    tagFilter_->clear();
    tagFilter_->addItem(tr("Any"), QString());
    for (const QString& t : model_->tags()) tagFilter_->addItem(t, t);
    tagFilter_->setCurrentIndex(
        std::max(0, tagFilter_->findData(tag, Qt::UserRole, Qt::MatchFixedString)));
}

void NotesPanel::search(const QString& query) {
    const QString trimmed = query.trimmed();
    if (trimmed.isEmpty()) return rebuild();
    const int generation = ++searchGeneration_;
    const QString mediaId = session_->mediaId();
    QPointer<NotesPanel> self(this);
    // The search runs on the store thread; only the newest query's answer is shown.
    store_->run([self, generation, trimmed, mediaId](store::DraftStore& db) {
        store::SearchOptions options;
        options.mediaId = mediaId;
        options.limit = 200;
        auto hits = db.search().search(trimmed, options);
        QList<QVariantList> rows;
        if (hits)
            for (const store::SearchHit& hit : *hits)
                rows.append({hit.annotationId, static_cast<qlonglong>(hit.firstFrame),
                             hit.marked("<b>", "</b>")});
        QMetaObject::invokeMethod(self, [self, generation, trimmed, rows] {
            if (self && generation == self->searchGeneration_)
                self->showSearchResults(trimmed, rows);
        });
    });
}

void NotesPanel::showSearchResults(const QString&, const QList<QVariantList>& hits) {
    std::vector<NotesListModel::Hit> rows;
    for (const QVariantList& hit : hits) {
        const qint64 frame = hit[1].toLongLong();
        // The list shows plain text; the highlight is kept as the marked snippet's brackets.
        QString snippet = hit[2].toString();
        snippet.replace("<b>", QStringLiteral("[")).replace("</b>", QStringLiteral("]"));
        rows.push_back(
            {hit[0].toUuid(), frame,
             QStringLiteral("%1  #%2\n%3").arg(player_->timecode(frame)).arg(frame).arg(snippet)});
    }
    model_->showHits(rows, tr("No notes match."));
    resetWanted_ = true;  // the notes come back whole when the search is cleared
}

void NotesPanel::showNote(const QUuid& id) {
    // A note made a moment ago may wait for the list's next refresh: bring it in now.
    if (model_->rowOf(id) < 0 && (resetWanted_ || !changedIds_.isEmpty())) refresh();
    const int row = model_->rowOf(id);
    if (row < 0) return;
    list_->setCurrentIndex(model_->index(row));
    list_->scrollTo(model_->index(row));
}

void NotesPanel::markFrame(qint64 frame) { model_->setPlayhead(frame); }

void NotesPanel::updateResolveButton() {
    const model::Annotation* a = session_->state().find(currentId());
    resolve_->setEnabled(a != nullptr);
    resolve_->setText(a && a->status == model::Status::Resolved ? tr("Reopen") : tr("Resolve"));
}

QUuid NotesPanel::currentId() const { return list_->currentIndex().data(kIdRole).toUuid(); }

void NotesPanel::replyToCurrent() {
    const QUuid id = reply_->editing() ? reply_->editingNote() : currentId();
    const QString text = reply_->text().trimmed();
    if (text.isEmpty()) return;
    if (id.isNull())
        return emit message(tr("Select a note to reply to (Ctrl+A selects this frame's)."));
    // The box is plain text: what is typed is escaped, never read as markup.
    const model::Operation op =
        reply_->editing()
            ? model::makeEditReply(session_->mediaId(), id, reply_->editingReply(),
                                   text.toHtmlEscaped(), session_->actor(), session_->role())
            : model::makeReply(session_->mediaId(), id, text.toHtmlEscaped(), session_->actor(),
                               session_->role());
    const Status done = session_->edit(op);
    if (!done) return emit message(QString::fromStdString(done.error()));
    reply_->stopEditing();
}

QMenu* NotesPanel::contextMenuFor(const QUuid& id) {
    const model::Annotation* a = session_->state().find(id);
    if (!a) return nullptr;
    auto* menu = new QMenu(this);
    const bool resolved = a->status == model::Status::Resolved;
    menu->addAction(resolved ? tr("Reopen") : tr("Resolve"), this,
                    [this, id] { toggleResolved(id); });
    if (model::canModify(session_->actor(), session_->role(), *a))
        menu->addAction(tr("Tags..."), this, [this, id] { askForTags(id); })
            ->setObjectName(QStringLiteral("editTags"));
    bool first = true;
    for (const model::Reply& reply : a->replies) {
        if (reply.deleted || !model::canEditReply(session_->actor(), session_->role(), reply))
            continue;
        if (first) menu->addSeparator();
        first = false;
        QString words = model::plainText(reply.text).simplified();
        if (words.size() > 40) words = words.left(39) + QChar(0x2026);
        words = literalMenuText(words);
        const QUuid replyId = reply.id;
        QAction* edit = menu->addAction(tr("Edit Reply “%1”").arg(words), this,
                                        [this, id, replyId] { editReply(id, replyId); });
        edit->setObjectName(QStringLiteral("editReply"));
        QAction* remove = menu->addAction(tr("Delete Reply “%1”").arg(words), this,
                                          [this, id, replyId] { deleteReply(id, replyId); });
        remove->setObjectName(QStringLiteral("deleteReply"));
    }
    return menu;
}

const model::Reply* NotesPanel::shownReply(const QUuid& noteId, const QUuid& replyId) const {
    const model::Annotation* a = session_->state().find(noteId);
    if (!a) return nullptr;
    for (const model::Reply& reply : a->replies)
        if (reply.id == replyId && !reply.deleted) return &reply;
    return nullptr;
}

void NotesPanel::editReply(const QUuid& noteId, const QUuid& replyId) {
    const model::Reply* reply = shownReply(noteId, replyId);
    if (!reply) return;
    reply_->startEditing(noteId, replyId, model::plainText(reply->text));
    emit message(tr("Editing your reply: Enter saves it, Esc leaves it as it was."));
}

void NotesPanel::deleteReply(const QUuid& noteId, const QUuid& replyId) {
    const model::Reply* reply = shownReply(noteId, replyId);
    if (!reply) return;
    model::Operation hide = model::makeEditReply(session_->mediaId(), noteId, replyId, reply->text,
                                                 session_->actor(), session_->role());
    hide.reply.deleted = true;
    const Status done = session_->edit(hide);
    if (!done) return emit message(QString::fromStdString(done.error()));
    if (reply_->editingReply() == replyId) reply_->stopEditing();
    emit message(tr("Reply deleted. Undo (Ctrl+Z) brings it back."));
}

QStringList NotesPanel::parseTags(const QString& text) {
    QStringList tags;
    static const QRegularExpression separators(QStringLiteral("[,\uFF0C\u3001]"));
    for (const QString& part : text.split(separators)) {
        const QString tag = part.simplified();
        if (!tag.isEmpty() && !tags.contains(tag, Qt::CaseInsensitive)) tags.append(tag);
    }
    return tags;
}

void NotesPanel::askForTags(const QUuid& id) {
    const model::Annotation* a = session_->state().find(id);
    if (!a) return;
    bool ok = false;
    const QString text =
        QInputDialog::getText(this, tr("Tags"), tr("Tags of this note, separated by commas:"),
                              QLineEdit::Normal, a->tags.join(QStringLiteral(", ")), &ok);
    if (ok) setTags(id, text);
}

void NotesPanel::setTags(const QUuid& id, const QString& text) {
    const model::Annotation* a = session_->state().find(id);
    if (!a) return;
    const QStringList tags = parseTags(text);
    if (tags == a->tags) return;
    model::FieldChanges changes;
    changes.tags = tags;
    const Status done = session_->edit(model::makeSetFields(session_->mediaId(), id, changes,
                                                            session_->actor(), session_->role()));
    if (!done) emit message(QString::fromStdString(done.error()));
}

const model::Reply* NotesPanel::lastOwnReply() const {
    const model::Annotation* a = session_->state().find(currentId());
    if (!a) return nullptr;
    for (auto it = a->replies.rbegin(); it != a->replies.rend(); ++it)
        if (!it->deleted && it->author == session_->actor() &&
            model::canEditReply(session_->actor(), session_->role(), *it))
            return &*it;
    return nullptr;
}

void NotesPanel::toggleResolved(const QUuid& id) {
    const model::Annotation* a = session_->state().find(id);
    if (!a) return;
    const bool resolve = a->status != model::Status::Resolved;
    const Status done = session_->edit(
        model::makeResolve(a->mediaId, a->id, resolve, session_->actor(), session_->role()));
    if (!done) emit message(QString::fromStdString(done.error()));
}

}  // namespace framenote::ui
