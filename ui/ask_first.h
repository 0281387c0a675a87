#pragma once
// A question before an action the user could regret (leaving a session, quitting while hosting,
// opening another clip in a session): a window-modal box, never a nested event loop, so the
// window keeps painting and a test (or a script) can answer it by its object name.
#include <QMessageBox>
#include <QPushButton>
#include <functional>

namespace framenote::ui {

// Asks `text` in a box named `name` over `parent`; `then` runs if the user chooses `yes`.
inline QMessageBox* askFirst(QWidget* parent, const QString& name, const QString& text,
                             const QString& yes, std::function<void()> then) {
    auto* box = new QMessageBox(QMessageBox::Question, parent->window()->windowTitle(), text,
                                QMessageBox::Cancel, parent);
    box->setObjectName(name);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* go = box->addButton(yes, QMessageBox::AcceptRole);
    box->setDefaultButton(go);
    QObject::connect(box, &QMessageBox::buttonClicked, parent, [go, then](QAbstractButton* b) {
        if (b == go) then();
    });
    box->open();
    return box;
}

}  // namespace framenote::ui
