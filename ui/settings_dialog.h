#pragma once
// Edit > Settings: user name, colour, default server, frame cache budget and language.
// OK saves to QSettings (app_settings.h) and emits applied(); the window applies it at once
// (name, colour, cache budget, and the language: app_translator.h).
// On the first run (no name saved) the same dialog welcomes the user and asks for the name.
#include <QDialog>

#include "ui/app_settings.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace framenote::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    // What the fields show now (not yet saved).
    AppSettings current() const;
    // The first run's version: a welcome that asks for the name and colour first.
    void showAsWelcome();

  signals:
    void applied(const framenote::ui::AppSettings& settings);

  public slots:
    void accept() override;

  protected:
    void changeEvent(QEvent* event) override;

  private:
    // Every text of the dialog, in the current language (at start and after a language change).
    void retranslate();
    void display(const AppSettings& settings);
    void chooseColor();
    void updateSwatch();

    QLineEdit* userName_ = nullptr;
    QLineEdit* userColor_ = nullptr;
    QPushButton* colorButton_ = nullptr;
    QLineEdit* defaultServer_ = nullptr;
    QSpinBox* cacheBudget_ = nullptr;
    QLabel* sequenceRateLabel_ = nullptr;
    QComboBox* sequenceRate_ = nullptr;
    QComboBox* language_ = nullptr;
    QLabel* intro_ = nullptr;
    QLabel* note_ = nullptr;
    QLabel* userNameLabel_ = nullptr;
    QLabel* colorLabel_ = nullptr;
    QLabel* serverLabel_ = nullptr;
    QLabel* cacheLabel_ = nullptr;
    QLabel* languageLabel_ = nullptr;
    bool welcome_ = false;  // shown as the first run's welcome
};

}  // namespace framenote::ui
