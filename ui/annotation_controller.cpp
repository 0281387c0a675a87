#include "ui/annotation_controller.h"

#include <QAction>
#include <QFileInfo>
#include <QJsonObject>
#include <QPainter>
#include <QPixmap>
#include <cmath>

#include "core/media/media_report.h"
#include "core/model/ghosts.h"
#include "ui/render/note_text.h"
#include "ui/retranslator.h"

namespace framenote::ui {

namespace {

// Whether the note is a text note, whose text the editor changes (kind_registry.h, Shape).
bool isTextNote(const model::Annotation* a) {
    const model::KindSpec* kind = a ? model::kindSpec(a->kind) : nullptr;
    return kind && kind->shape == model::Shape::Text;
}

// The session edits made while one of these lives undo and redo as one step.
class EditGroup {
  public:
    explicit EditGroup(review::ReviewSession& session) : session_(session) {
        session_.beginGroup();
    }
    ~EditGroup() { session_.endGroup(); }
    EditGroup(const EditGroup&) = delete;
    EditGroup& operator=(const EditGroup&) = delete;

  private:
    review::ReviewSession& session_;
};

}  // namespace

AnnotationController::AnnotationController(PlayerController* player, FrameView* view,
                                           QWidget* window, const QString& storePath,
                                           const QString& userName)
    : QObject(window), player_(player), view_(view), window_(window), storePath_(storePath) {
    session_ = new review::ReviewSession(&store_, userName, model::Role::Reviewer, this);
    overlay_ = new AnnotationOverlay(view_, view_->widget()->parentWidget());
    overlay_->raise();
    store_.open(storePath);
    texts_ = new Retranslator(window_, this);
    buildTools();

    connect(&store_, &review::StoreWorker::failed, this, &AnnotationController::message);
    connect(session_, &review::ReviewSession::error, this, &AnnotationController::message);
    connect(session_, &review::ReviewSession::changed, this, &AnnotationController::refreshOverlay);
    ghosts_ = new GhostControl(window_);
    laser_ = new LaserTrails(this);
    overlay_->setLaser(laser_);
    connect(laser_, &LaserTrails::changed, overlay_, qOverload<>(&QWidget::update));
    connect(ghosts_, &GhostControl::changed, this, &AnnotationController::refreshOverlay);
    connect(session_, &review::ReviewSession::changed, this,
            [this] { emit saveStateChanged(saveStateText()); });
    connect(session_, &review::ReviewSession::savingChanged, this,
            [this] { emit saveStateChanged(saveStateText()); });
    connect(player_, &PlayerController::mediaOpened, this, &AnnotationController::onMediaOpened);
    // No clip, no notes: the next clip's load (or none) replaces them.
    connect(player_, &PlayerController::mediaClosed, this, [this] {
        if (textEditor_) textEditor_->hide();
        session_->setMedia({}, 0);
        refreshOverlay();
    });
    connect(player_, &PlayerController::playheadChanged, this,
            &AnnotationController::refreshOverlay);
    connect(overlay_, &AnnotationOverlay::shapeDrawn, this, &AnnotationController::createShape);
    connect(overlay_, &AnnotationOverlay::textRequested, this, &AnnotationController::askForText);
    connect(overlay_, &AnnotationOverlay::textEditRequested, this, &AnnotationController::editText);
    connect(overlay_, &AnnotationOverlay::moveRequested, this, &AnnotationController::moveNotes);
    connect(overlay_, &AnnotationOverlay::resizeRequested, this, &AnnotationController::resizeNote);
    connect(overlay_, &AnnotationOverlay::selectionChanged, this,
            &AnnotationController::updateSelectionActions);
}

void AnnotationController::buildTools() {
    toolBar_ =
        texts_->set(new QToolBar(window_), &QWidget::setWindowTitle, [] { return tr("Tools"); });
    toolBar_->setObjectName("annotationTools");
    tools_ = new QActionGroup(this);
    const struct {
        Tool tool;
        Retranslator::Text text;
        QKeySequence key;
    } tools[] = {
        {Tool::Select, [] { return tr("Select"); }, Qt::Key_V},
        {Tool::Rect, [] { return tr("Rectangle"); }, Qt::Key_R},
        {Tool::Ellipse, [] { return tr("Ellipse"); }, Qt::Key_E},
        {Tool::Arrow, [] { return tr("Arrow"); }, Qt::Key_A},
        {Tool::Line, [] { return tr("Line"); }, Qt::Key_N},
        {Tool::Freehand, [] { return tr("Freehand"); }, Qt::Key_P},
        {Tool::Text, [] { return tr("Text"); }, Qt::Key_T},
        {Tool::Laser, [] { return tr("Laser Pointer"); }, Qt::Key_X},
    };
    for (const auto& entry : tools) {
        QAction* action = toolBar_->addAction(QString());
        texts_->add([action, text = entry.text, key = entry.key] {
            action->setText(text());
            action->setToolTip(QStringLiteral("%1 (%2)").arg(text(), key.toString()));
        });
        action->setCheckable(true);
        action->setShortcut(entry.key);
        action->setData(static_cast<int>(entry.tool));
        action->setChecked(entry.tool == Tool::Select);
        tools_->addAction(action);
        window_->addAction(action);
    }
    connect(tools_, &QActionGroup::triggered, this, [this](QAction* action) {
        overlay_->setTool(static_cast<Tool>(action->data().toInt()));
    });
    // A note without the pointer: Enter on the picture writes one at its centre, whatever the
    // tool (the text can be moved afterwards with the Select tool).
    placeText_ = texts_->set(new QAction(this), &QAction::setText,
                             [] { return tr("Text Note at the Centre"); });
    placeText_->setObjectName("placeTextAction");
    placeText_->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    // Wherever the picture's keys are: the viewer or the overlay on it (keyboard_home.h).
    placeText_->setShortcutContext(Qt::WidgetShortcut);
    view_->widget()->addAction(placeText_);
    overlay_->addAction(placeText_);
    connect(placeText_, &QAction::triggered, this, [this] {
        if (!player_->hasMedia() || view_->pictureRect().isEmpty()) return;
        askForText({0.5, 0.5}, overlay_->toWidget({0.5, 0.5}).toPoint());
    });

    // Colours reviewers use most, and three stroke widths (fractions of the picture height).
    toolBar_->addSeparator();
    auto* colours = new QActionGroup(this);
    const struct {
        Retranslator::Text name;
        uint32_t argb;
    } palette[] = {{[] { return tr("Red"); }, 0xffff3b30},
                   {[] { return tr("Yellow"); }, 0xffffd60a},
                   {[] { return tr("Green"); }, 0xff30d158},
                   {[] { return tr("Blue"); }, 0xff0a84ff},
                   {[] { return tr("White"); }, 0xffffffff}};
    for (const auto& entry : palette) {
        QPixmap swatch(16, 16);
        swatch.fill(QColor::fromRgba(entry.argb));
        QAction* action = texts_->set(toolBar_->addAction(QIcon(swatch), QString()),
                                      &QAction::setText, entry.name);
        action->setCheckable(true);
        action->setChecked(entry.argb == overlay_->style().color);
        action->setData(static_cast<uint>(entry.argb));
        colours->addAction(action);
    }
    connect(colours, &QActionGroup::triggered, this, [this](QAction* action) {
        model::Style style = overlay_->style();
        style.color = action->data().toUInt();
        style.fill = (style.color & 0x00ffffff) | 0x40000000;
        overlay_->setStyle(style);
    });
    toolBar_->addSeparator();
    auto* widths = new QActionGroup(this);
    const struct {
        Retranslator::Text name;
        double width;
    } strokes[] = {{[] { return tr("Thin"); }, 0.002},
                   {[] { return tr("Medium"); }, 0.004},
                   {[] { return tr("Thick"); }, 0.008}};
    for (const auto& entry : strokes) {
        QAction* action =
            texts_->set(toolBar_->addAction(QString()), &QAction::setText, entry.name);
        action->setCheckable(true);
        action->setChecked(entry.width == overlay_->style().width);
        action->setData(entry.width);
        widths->addAction(action);
    }
    connect(widths, &QActionGroup::triggered, this, [this](QAction* action) {
        model::Style style = overlay_->style();
        style.width = action->data().toDouble();
        overlay_->setStyle(style);
    });
}

void AnnotationController::setTool(Tool tool) {
    for (QAction* action : tools_->actions())
        if (action->data().toInt() == static_cast<int>(tool)) action->setChecked(true);
    overlay_->setTool(tool);
}

void AnnotationController::addEditActions(QMenu* menu) {
    const auto text = [this](QAction* action, Retranslator::Text text) {
        return texts_->set(action, &QAction::setText, std::move(text));
    };
    QAction* undo = text(
        menu->addAction(QString(), QKeySequence::Undo, this, [this] { report(session_->undo()); }),
        [] { return tr("&Undo"); });
    QAction* redo = text(menu->addAction(QString(), this, [this] { report(session_->redo()); }),
                         [] { return tr("&Redo"); });
    // Ctrl+Shift+Z on every platform (what editors expect), plus Ctrl+Y.
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    menu->addSeparator();
    QAction* remove = text(menu->addAction(QString(), QKeySequence::Delete, this,
                                           &AnnotationController::deleteSelected),
                           [] { return tr("&Delete Note"); });
    QAction* all = text(menu->addAction(QString(), QKeySequence::SelectAll, overlay_,
                                        &AnnotationOverlay::selectAll),
                        [] { return tr("Select &All Notes"); });
    clearSelection_ = text(menu->addAction(QString(), QKeySequence(Qt::Key_Escape), this,
                                           [this] { overlay_->select({}); }),
                           [] { return tr("Clear Selection"); });
    menu->addSeparator();
    // A note can hold over a range of frames (a flicker from here to there): mark in and out (I,
    // O), select the note on any frame, press H.
    holdInOut_ = menu->addAction(QString(), QKeySequence(Qt::Key_H), this, [this] {
        if (player_->inPoint() < 0 && player_->outPoint() < 0) {
            emit message(
                tr("Mark an in or out point first (I, O): the notes will be shown from one to "
                   "the other."));
            return;
        }
        setSelectedFrames(player_->rangeStart(), player_->rangeEnd());
    });
    text(holdInOut_, [] { return tr("&Hold Notes from In to Out"); });
    holdToNext_ = text(menu->addAction(QString(), QKeySequence(Qt::CTRL | Qt::Key_H), this,
                                       [this] { holdUntilNextNote(); }),
                       [] { return tr("Hold Notes until the Ne&xt Annotated Frame"); });
    thisFrameOnly_ = text(
        menu->addAction(QString(), QKeySequence(Qt::SHIFT | Qt::Key_H), this,
                        [this] { setSelectedFrames(player_->playhead(), player_->playhead()); }),
        [] { return tr("Show Notes on This Frame &Only"); });
    editText_ = text(menu->addAction(QString(), QKeySequence(Qt::Key_F2), this,
                                     [this] {
                                         if (overlay_->selection().size() == 1)
                                             editText(overlay_->selection().front());
                                     }),
                     [] { return tr("&Edit Note Text"); });
    for (QAction* action : {undo, redo, remove, all, clearSelection_, holdInOut_, holdToNext_,
                            thisFrameOnly_, editText_})
        action->setShortcutContext(Qt::WindowShortcut);
    updateSelectionActions();
}

int AnnotationController::setSelectedFrames(const FramesOf& framesOf) {
    std::vector<model::Operation> ops;
    for (const QUuid& id : overlay_->selection()) {
        const model::Annotation* a = session_->state().find(id);
        if (!a) continue;
        const auto [first, last] = framesOf(*a);
        if (a->firstFrame == first && a->lastFrame == last) continue;
        model::FieldChanges changes;
        changes.frames = std::pair<int64_t, int64_t>{first, last};
        ops.push_back(
            model::makeSetFields(a->mediaId, id, changes, session_->actor(), session_->role()));
    }
    if (ops.empty()) return 0;
    EditGroup group(*session_);
    for (const model::Operation& op : ops) report(session_->edit(op));
    return static_cast<int>(ops.size());
}

void AnnotationController::holdUntilNextNote() {
    const qint64 end = player_->hasMedia() ? player_->frameCount() - 1 : 0;
    const int count = setSelectedFrames([&](const model::Annotation& a) {
        const qint64 next = nextNoteFrame(a.firstFrame, +1);
        return std::pair<qint64, qint64>{a.firstFrame, next > a.firstFrame ? next - 1 : end};
    });
    if (count > 0)
        emit message(tr("%n note(s) held until the next annotated frame.", nullptr, count));
}

void AnnotationController::setSelectedFrames(qint64 first, qint64 last) {
    const int count = setSelectedFrames([&](const model::Annotation&) {
        return std::pair{first, last};
    });
    if (count == 0) return;
    if (first == last)
        emit message(
            tr("%n note(s) shown on %1 only.", nullptr, count).arg(player_->timecode(first)));
    else
        emit message(tr("%n note(s) shown from %1 to %2.", nullptr, count)
                         .arg(player_->timecode(first), player_->timecode(last)));
}

void AnnotationController::updateSelectionActions() {
    // Escape also cancels the note text editor: only one of the two may own the key at a time.
    const bool editing = textEditor_ && textEditor_->isVisible();
    const bool selected = !overlay_->selection().isEmpty();
    if (clearSelection_) clearSelection_->setEnabled(selected && !editing);
    for (QAction* action : {holdInOut_, holdToNext_, thisFrameOnly_})
        if (action) action->setEnabled(selected && !editing);
    if (editText_) {
        const QList<QUuid> ids = overlay_->selection();
        const model::Annotation* a =
            ids.size() == 1 ? session_->state().find(ids.front()) : nullptr;
        editText_->setEnabled(isTextNote(a) && !editing);
    }
}

QString AnnotationController::saveStateText() const {
    if (session_->savingCount() > 0) return tr("Saving...");
    // Saved locally; the ones no relay has confirmed yet wait for one. Whether a relay is there
    // (online, reconnecting, no session) is the session label's job, beside this one.
    const qint64 pending = session_->pendingSyncCount();
    // Never shared: the edits are safe on this machine and nobody is waiting for them.
    if (!session_->everShared()) return tr("Saved (local only)");
    if (pending == 0) return tr("Saved");
    return tr("Saved, %n edit(s) pending sync", nullptr, static_cast<int>(pending));
}

qint64 AnnotationController::nextNoteFrame(int direction) const {
    return nextNoteFrame(player_->playhead(), direction);
}

qint64 AnnotationController::nextNoteFrame(qint64 here, int direction) const {
    qint64 best = -1;
    for (const model::Annotation* a : session_->state().annotations()) {
        const qint64 f = a->firstFrame;
        if (direction > 0 && f > here && (best < 0 || f < best)) best = f;
        if (direction < 0 && f < here && (best < 0 || f > best)) best = f;
    }
    return best;
}

void AnnotationController::onMediaOpened() {
    const media::OpenedMedia* media = player_->media();
    const QString mediaId = QString::fromStdString(media->fingerprint);
    store::MediaRecord record;
    record.mediaId = mediaId;
    record.pathHints = {QFileInfo(QString::fromStdString(media->info.path)).absoluteFilePath()};
    record.probe = media::mediaReportJson(media->info, media->index.get(), media->fingerprint);
    record.frameCount = media->index->frameCount();
    record.frameIndex = QByteArray::fromStdString(media->index->serialize());
    store_.rememberMedia(record);
    session_->setMedia(mediaId, record.frameCount);
}

void AnnotationController::refreshOverlay() {
    const qint64 here = player_->playhead();
    std::vector<model::Annotation> shown;
    for (const model::Annotation* a : session_->state().onFrame(here)) shown.push_back(*a);
    overlay_->setAnnotations(std::move(shown));
    std::vector<AnnotationOverlay::GhostNote> ghosts;
    const GhostSettings& settings = ghosts_->settings();
    if (settings.on && player_->hasMedia())
        for (const model::Ghost& ghost :
             model::ghostsAround(session_->state(), here, settings.frames)) {
            model::Annotation tinted = *ghost.note;
            const QColor tint = ghost.before ? settings.before : settings.after;
            tinted.style.color = (tinted.style.color & 0xff000000u) | (tint.rgb() & 0x00ffffffu);
            ghosts.push_back({std::move(tinted), settings.opacity(ghost.distance)});
        }
    overlay_->setGhosts(std::move(ghosts));
}

void AnnotationController::report(const Status& status) {
    if (!status) emit message(QString::fromStdString(status.error()));
}

void AnnotationController::createShape(model::Kind kind, const std::vector<model::Point>& points) {
    if (!player_->hasMedia()) return;
    model::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = session_->mediaId();
    a.firstFrame = a.lastFrame = player_->playhead();
    a.kind = kind;
    a.points = points;
    a.style = overlay_->style();
    a.author = session_->actor();
    report(session_->edit(model::makeCreate(a, session_->actor(), session_->role())));
}

void AnnotationController::askForText(const model::Point& anchor, const QPoint& position) {
    if (!player_->hasMedia()) return;
    openTextEditor(position, QColor::fromRgba(overlay_->style().color), {});
    textAnchor_ = anchor;
}

void AnnotationController::editText(const QUuid& id) {
    const model::Annotation* a = session_->state().find(id);
    if (!isTextNote(a) || a->points.empty()) return;
    openTextEditor(overlay_->toWidget(a->points.front()).toPoint(),
                   QColor::fromRgba(a->style.color), a->text);
    editingNote_ = id;
}

void AnnotationController::openTextEditor(const QPoint& position, const QColor& colour,
                                          const QString& html) {
    // An inline editor where the user clicked: no modal dialog to dismiss.
    if (!textEditor_) {
        textEditor_ = new NoteTextEditor(overlay_);
        connect(textEditor_, &NoteTextEditor::cancelled, this, [this] {
            editingNote_ = {};
            textEditor_->hide();
            updateSelectionActions();
            emit textEditorClosed();
        });
        connect(textEditor_, &NoteTextEditor::submitted, this, [this](const QString& html) {
            textEditor_->hide();
            updateSelectionActions();
            emit textEditorClosed();
            const QUuid editing = std::exchange(editingNote_, QUuid());
            if (html.isEmpty()) return;  // (an emptied note keeps its text: Delete removes notes)
            if (!editing.isNull()) {
                const model::Annotation* a = session_->state().find(editing);
                if (!a || a->text == html) return;
                model::FieldChanges changes;
                changes.text = html;
                report(session_->edit(model::makeSetFields(a->mediaId, editing, changes,
                                                           session_->actor(), session_->role())));
                return;
            }
            model::Annotation a;
            a.id = QUuid::createUuid();
            a.mediaId = session_->mediaId();
            a.firstFrame = a.lastFrame = player_->playhead();
            a.kind = model::Kind::Text;
            a.points = {textAnchor_};
            a.style = overlay_->style();
            a.text = html;
            a.author = session_->actor();
            report(session_->edit(model::makeCreate(a, session_->actor(), session_->role())));
        });
    }
    editingNote_ = {};
    textEditor_->start(colour);
    if (!html.isEmpty()) {
        render::setNoteHtml(*textEditor_->document(), html);
        textEditor_->moveCursor(QTextCursor::End);
    }
    // Three lines; more scroll.
    const int height =
        textEditor_->fontMetrics().lineSpacing() * 3 + 2 * textEditor_->frameWidth() + 8;
    textEditor_->setGeometry(position.x(), position.y(), 320, height);
    textEditor_->show();
    textEditor_->setFocus();
    updateSelectionActions();
}

void AnnotationController::moveNotes(const QList<QUuid>& ids, double dx, double dy) {
    std::vector<const model::Annotation*> notes;
    std::vector<model::Point> all;
    for (const QUuid& id : ids) {
        if (const model::Annotation* a = session_->state().find(id)) {
            notes.push_back(a);
            all.insert(all.end(), a->points.begin(), a->points.end());
        }
    }
    if (notes.empty()) return;
    // Keep every shape inside the picture; they move together by the same amount.
    double minX = 1, minY = 1, maxX = 0, maxY = 0;
    for (const model::Point& p : all) {
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    dx = std::clamp(dx, -minX, 1 - maxX);
    dy = std::clamp(dy, -minY, 1 - maxY);
    // Collect the operations first: each edit changes the state the pointers point into.
    std::vector<model::Operation> ops;
    for (const model::Annotation* a : notes) {
        model::FieldChanges changes;
        changes.points = a->points;
        for (model::Point& p : *changes.points) p = {p.x + dx, p.y + dy};
        ops.push_back(
            model::makeSetFields(a->mediaId, a->id, changes, session_->actor(), session_->role()));
    }
    EditGroup group(*session_);
    for (const model::Operation& op : ops) report(session_->edit(op));
}

void AnnotationController::resizeNote(const QUuid& id, std::vector<model::Point> points) {
    const model::Annotation* a = session_->state().find(id);
    // A shape keeps its number of points; a text note may gain its box (a second point).
    if (!a || (points.size() != a->points.size() && !(isTextNote(a) && points.size() == 2))) return;
    for (model::Point& p : points) p = {std::clamp(p.x, 0.0, 1.0), std::clamp(p.y, 0.0, 1.0)};
    model::FieldChanges changes;
    changes.points = std::move(points);
    report(session_->edit(
        model::makeSetFields(a->mediaId, id, changes, session_->actor(), session_->role())));
}

void AnnotationController::deleteSelected() {
    const QList<QUuid> ids = overlay_->selection();
    if (ids.isEmpty()) return;
    overlay_->select({});
    EditGroup group(*session_);
    for (const QUuid& id : ids)
        report(session_->edit(
            model::makeDelete(session_->mediaId(), id, session_->actor(), session_->role())));
}

}  // namespace framenote::ui
