#pragma once
// Texts that follow the language while the app runs (Settings > Language applies at once,
// app_translator.h): each text is set by a function that calls tr() when it runs, once now and
// again whenever the watched widget hears QEvent::LanguageChange, which Qt sends to every window
// (and on to its children) when a translator is installed or removed. A class that builds many
// texts in one go (menus, a tool bar) registers each where it makes it, so every text is written
// once; a widget with a few texts has a retranslate() of its own, called from its constructor
// and its changeEvent().
#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <vector>

class QWidget;

namespace framenote::ui {

class Retranslator : public QObject {
  public:
    using Text = std::function<QString()>;
    // A child of `owner` (the object whose texts these are), listening to `watched`.
    Retranslator(QWidget* watched, QObject* owner);

    // Runs `apply` now and after every language change.
    void add(std::function<void()> apply);
    // `(target->*setter)(text())` now and after every language change, while `target` lives:
    // set(menu, &QMenu::setTitle, [] { return tr("&File"); }). Returns `target`.
    template <typename T, typename Setter>
    T* set(T* target, Setter setter, Text text) {
        add([target = QPointer<T>(target), setter, text = std::move(text)] {
            if (target) (target.data()->*setter)(text());
        });
        return target;
    }

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    std::vector<std::function<void()>> apply_;
};

}  // namespace framenote::ui
