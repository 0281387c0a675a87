// A kind registered by this test alone, as a new kind is registered in kind_registry.cpp, with
// nothing else changed: it is painted, selected and resized in the overlay, named for people,
// exported and imported, stored, and sent over the wire by name (docs/ARCHITECTURE.md, "Where to
// add things"). Its own program: the kind stays registered for the rest of the process.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include "core/model/kind_registry.h"
#include "core/model/operation.h"
#include "core/model/validation.h"
#include "core/store/draft_store.h"
#include "core/store/exporters.h"
#include "core/store/stored_form.h"
#include "core/sync/participant_table.h"
#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/test_media.h"
#include "ui/main_window.h"
#include "ui/render/annotation_painter.h"
#include "ui/render/note_text.h"

namespace fm = framenote::model;
namespace fs = framenote::sync;
namespace fst = framenote::store;
namespace ft = framenote::test;
using framenote::ui::MainWindow;
using framenote::ui::Tool;

class KindsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fm::Kind cross_ = fm::Kind::Unknown;
    static constexpr uint32_t kGreen = 0xff00ff00;

    // A cross's stroke from (0.2, 0.3) to (0.7, 0.6), in green, on `frame` of `mediaId`.
    fm::Annotation crossNote(const QString& mediaId, int64_t frame) const {
        fm::Annotation a;
        a.id = QUuid::createUuid();
        a.mediaId = mediaId;
        a.firstFrame = a.lastFrame = frame;
        a.kind = cross_;
        a.points = {{0.2, 0.3}, {0.7, 0.6}};
        a.style.color = kGreen;
        a.style.width = 0.02;
        a.author = "ana";
        a.createdMs = a.updatedMs = 1732500000000;
        return a;
    }

    static std::unique_ptr<fst::DraftStore> openStore(const QString& path) {
        auto store = fst::DraftStore::open(path);
        if (!store) qFatal("%s", store.error().c_str());
        return std::move(*store);
    }

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        cross_ = fm::KindRegistry::instance().registerKind({
            .name = "cross",
            .shape = fm::Shape::Line,
            .geometry = "one end, then the other",
            .displayName = "cross mark",
        });
        QVERIFY(cross_ != fm::Kind::Unknown);
        QCOMPARE(fm::kindFromName("cross"), cross_);
        QCOMPARE(fm::kindName(cross_), QString("cross"));
        // A name taken, or none, is refused.
        QCOMPARE(fm::KindRegistry::instance().registerKind({.name = "rect"}), fm::Kind::Unknown);
        QCOMPARE(fm::KindRegistry::instance().registerKind({}), fm::Kind::Unknown);
    }

    void init() {
        qputenv("FRAMENOTE_DB",
                dir_.filePath(QString("%1.db").arg(QTest::currentTestFunction())).toUtf8());
    }

    void isValidAndNamedForPeople() {
        const fm::Annotation a = crossNote("m", 1);
        QVERIFY(fm::validateAnnotation(a, {}).ok());
        QCOMPARE(framenote::render::noteKindName(a), QString("cross mark"));
        // A name still nobody registered is refused as before, the new kind listed.
        fm::Annotation star = a;
        fm::setKindFromName(star, "star");
        QCOMPARE(star.kind, fm::Kind::Unknown);
        QCOMPARE(QString::fromStdString(fm::validateAnnotation(star, {}).error()),
                 QString("kind: 'star' is not one of rect, ellipse, arrow, line, freehand, text, "
                         "cross"));
        QCOMPARE(framenote::render::noteKindName(star), QString("star"));
    }

    void isPaintedAsItsShape() {
        QImage image(400, 200, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::black);
        {
            QPainter painter(&image);
            framenote::render::paintAnnotations(painter, image.rect(), {crossNote("m", 1)});
        }
        // A 4 px line from (80, 60) to (280, 120): green along it, black away from it.
        const auto green = [&](int x, int y) {
            const QRgb p = image.pixel(x, y);
            return qGreen(p) > 200 && qRed(p) < 50 && qBlue(p) < 50;
        };
        QVERIFY(green(180, 90));
        QVERIFY(green(81, 60));
        QVERIFY(green(279, 120));
        QCOMPARE(image.pixel(180, 150), qRgb(0, 0, 0));
        QCOMPARE(image.pixel(300, 40), qRgb(0, 0, 0));
    }

    void isSelectedAndResizedInTheOverlay() {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));
        QVERIFY(ft::waitForFrame(window, 0));
        auto& session = window.annotations().session();
        fm::Annotation a = crossNote(session.mediaId(), 0);
        a.author = session.actor();
        QVERIFY(session.edit(fm::makeCreate(a, session.actor(), session.role())).ok());
        auto& overlay = window.annotations().overlay();
        QVERIFY(QTest::qWaitFor([&] { return overlay.annotations().size() == 1; }, 5000));

        window.annotations().setTool(Tool::Select);
        QTest::mouseClick(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.45, 0.45}).toPoint());
        QCOMPARE(overlay.selected(), a.id);
        // A line's handles: its two ends. Dragging the second moves that end only.
        const auto handles = overlay.handles();
        QCOMPARE(handles.size(), size_t(2));
        QCOMPARE(handles[1].point, 1);
        const QPoint from = overlay.toWidget(handles[1].at).toPoint();
        const QPoint to = overlay.toWidget({0.9, 0.8}).toPoint();
        QTest::mousePress(&overlay, Qt::LeftButton, {}, from);
        QTest::mouseMove(&overlay, to);
        QTest::mouseRelease(&overlay, Qt::LeftButton, {}, to);
        QVERIFY(QTest::qWaitFor(
            [&] { return std::abs(overlay.annotations().front().points[1].x - 0.9) < 0.01; },
            5000));
        QVERIFY(std::abs(overlay.annotations().front().points[0].x - 0.2) < 1e-4);
        // A click away from it selects nothing.
        QTest::mouseClick(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.1, 0.9}).toPoint());
        QVERIFY(overlay.selected().isNull());
    }

    void isExportedAndImported() {
        auto store = openStore(dir_.filePath("export.db"));
        fm::Annotation a = crossNote("m", 12);
        QVERIFY(store->applyLocal(fm::makeCreate(a, "ana", fm::Role::Reviewer)).ok());
        const auto json = fst::exportJson(*store, "m");
        QVERIFY(json.ok());
        const QJsonArray notes = QJsonDocument::fromJson(*json).object()["annotations"].toArray();
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes[0].toObject()["kind"].toString(), QString("cross"));

        auto other = openStore(dir_.filePath("import.db"));
        const auto imported = fst::importJson(*other, *json, {"export.json", "bo"});
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().c_str());
        QCOMPARE(imported->imported, 1);
        const auto back = other->queries().page("m", {}, 10);
        QVERIFY(back.ok());
        QCOMPARE(back->items.size(), size_t(1));
        QCOMPARE(back->items.front().kind, cross_);
        QCOMPARE(back->items.front().points, a.points);

        const QString csv = QString::fromUtf8(fst::csvFromAnnotations({a}, {}));
        QVERIFY2(csv.contains("\r\n12,12,12,ana,open,cross,,,\r\n"), qPrintable(csv));
        // A note without text is named by its kind in a marker.
        fst::EdlOptions edl;
        edl.timecode = [](int64_t frame) {
            return QString("00:00:00:%1").arg(frame, 2, 10, QChar('0'));
        };
        const auto markers = fst::edlFromAnnotations({a}, edl);
        QVERIFY(markers.ok());
        QVERIFY2(markers->contains("|M:cross |"), markers->constData());
    }

    void isStoredAndSentByName() {
        fm::Annotation a = crossNote("media", 3);
        const auto stored = fst::decodeAnnotation(fst::encodeAnnotation(a), "test");
        QVERIFY(stored.ok());
        QCOMPARE(*stored, a);

        fs::ParticipantTable participants;
        participants.assign("ana", fm::Role::Reviewer);
        const fs::RoomContext room{"media", participants};
        fm::Operation op = fm::makeCreate(a, "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        const std::string bytes = fs::encodeEnvelope(fs::operationEnvelope(op, room));
        const auto envelope = fs::decodeEnvelope(bytes);
        QVERIFY2(envelope.ok(), envelope.ok() ? "" : envelope.error().c_str());
        // No value of its own in the wire's Kind enum: it travels in kind_name.
        const auto& wire = envelope->operation().annotation();
        QCOMPARE(int(wire.kind()), int(fs::v1::KIND_UNSPECIFIED));
        QCOMPARE(wire.kind_name(), std::string("cross"));
        QCOMPARE(wire.path_size(), 0);  // a Line's points are absolute
        const auto back = fs::operationFromWire(envelope->operation(), room);
        QVERIFY(back.ok());
        QVERIFY(*back == op);
        QVERIFY(fm::validateOperation(*back).ok());
    }
};

QTEST_MAIN(KindsTest)
#include "kinds_test.moc"
