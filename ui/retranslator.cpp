#include "ui/retranslator.h"

#include <QEvent>
#include <QWidget>

namespace framenote::ui {

Retranslator::Retranslator(QWidget* watched, QObject* owner) : QObject(owner) {
    watched->installEventFilter(this);
}

void Retranslator::add(std::function<void()> apply) {
    apply();
    apply_.push_back(std::move(apply));
}

bool Retranslator::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        for (const auto& apply : apply_) apply();
    return QObject::eventFilter(watched, event);
}

}  // namespace framenote::ui
