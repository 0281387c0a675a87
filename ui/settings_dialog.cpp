#include "ui/settings_dialog.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>
#include <tuple>

namespace framenote::ui {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("settingsDialog");
    auto* form = new QFormLayout;
    // Each row's label names its field (the buddy, for the label's mnemonic).
    const auto row = [&](QLabel*& label, QWidget* field, QLayout* fields = nullptr) {
        label = new QLabel(this);
        label->setBuddy(field);
        if (fields)
            form->addRow(label, fields);
        else
            form->addRow(label, field);
    };

    userName_ = new QLineEdit(this);
    userName_->setObjectName("userNameEdit");
    row(userNameLabel_, userName_);

    userColor_ = new QLineEdit(this);
    userColor_->setObjectName("userColorEdit");
    userColor_->setValidator(
        new QRegularExpressionValidator(QRegularExpression("#[0-9a-fA-F]{6}"), userColor_));
    colorButton_ = new QPushButton(this);
    colorButton_->setObjectName("userColorButton");
    auto* colorRow = new QHBoxLayout;
    colorRow->addWidget(userColor_, 1);
    colorRow->addWidget(colorButton_);
    row(colorLabel_, userColor_, colorRow);
    connect(colorButton_, &QPushButton::clicked, this, &SettingsDialog::chooseColor);
    connect(userColor_, &QLineEdit::textChanged, this, &SettingsDialog::updateSwatch);

    defaultServer_ = new QLineEdit(this);
    defaultServer_->setObjectName("defaultServerEdit");
    row(serverLabel_, defaultServer_);

    cacheBudget_ = new QSpinBox(this);
    cacheBudget_->setObjectName("cacheBudgetSpin");
    cacheBudget_->setRange(AppSettings::kMinCacheMiB, AppSettings::kMaxCacheMiB);
    cacheBudget_->setSingleStep(256);
    row(cacheLabel_, cacheBudget_);

    sequenceRate_ = new QComboBox(this);
    sequenceRate_->setObjectName("sequenceRateCombo");
    for (const auto& [num, den, text] : {std::tuple{24000, 1001, "23.976"},
                                         {24, 1, "24"},
                                         {25, 1, "25"},
                                         {30000, 1001, "29.97"},
                                         {30, 1, "30"},
                                         {48, 1, "48"},
                                         {50, 1, "50"},
                                         {60000, 1001, "59.94"},
                                         {60, 1, "60"}})
        sequenceRate_->addItem(QString::fromLatin1(text),
                               QStringLiteral("%1/%2").arg(num).arg(den));
    row(sequenceRateLabel_, sequenceRate_);

    language_ = new QComboBox(this);
    language_->setObjectName("languageCombo");
    language_->addItem(QString(), QString());  // "System", in the current language
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("简体中文"),
                       QStringLiteral("zh_CN"));  // each in its own language
    row(languageLabel_, language_);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    form->addRow(note_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    intro_ = new QLabel(this);
    intro_->setObjectName("welcomeText");
    intro_->setWordWrap(true);
    intro_->hide();
    layout->addWidget(intro_);
    layout->addLayout(form);
    layout->addWidget(buttons);

    retranslate();
    display(AppSettings::load());
}

void SettingsDialog::retranslate() {
    setWindowTitle(welcome_ ? tr("Welcome to Framenote") : tr("Settings"));
    intro_->setText(
        tr("Your name and colour mark your notes and show who you are in shared "
           "reviews. You can change them later in Edit > Settings."));
    userNameLabel_->setText(tr("&User name:"));
    colorLabel_->setText(tr("&Colour:"));
    userColor_->setPlaceholderText(tr("Automatic (by join order)"));
    colorButton_->setText(tr("Choose..."));
    serverLabel_->setText(tr("Default &server:"));
    defaultServer_->setPlaceholderText(tr("ws://host:port"));
    cacheLabel_->setText(tr("&Frame cache:"));
    cacheBudget_->setSuffix(tr(" MiB"));
    cacheBudget_->setToolTip(tr("Decoded frames kept around the playhead, for instant stepping"));
    languageLabel_->setText(tr("&Language:"));
    sequenceRateLabel_->setText(tr("Image se&quence rate:"));
    sequenceRate_->setToolTip(
        tr("Frames per second for image sequences (EXR, DPX ...), which do not say; applies to "
           "the next one opened"));
    language_->setItemText(0, tr("System"));
    note_->setText(
        tr("The name, the colour and the language apply at once (in a shared session, "
           "the name and colour from the next one)."));
}

void SettingsDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void SettingsDialog::showAsWelcome() {
    welcome_ = true;
    retranslate();
    intro_->show();
    userName_->setFocus();
    userName_->selectAll();
    open();
}

void SettingsDialog::display(const AppSettings& settings) {
    userName_->setText(settings.userName);
    userColor_->setText(settings.userColor.isValid() ? settings.userColor.name() : QString());
    defaultServer_->setText(settings.defaultServer);
    cacheBudget_->setValue(settings.cacheBudgetMiB);
    const int rate = sequenceRate_->findData(
        QStringLiteral("%1/%2").arg(settings.sequenceRateNum).arg(settings.sequenceRateDen));
    sequenceRate_->setCurrentIndex(rate >= 0 ? rate : 1);
    const int index = language_->findData(settings.language);
    language_->setCurrentIndex(index >= 0 ? index : 0);
}

AppSettings SettingsDialog::current() const {
    AppSettings s = AppSettings::load();  // keeps a valid colour if the field is half typed
    s.userName = userName_->text().trimmed();
    // Empty: automatic (participant_colors.h); half typed: the saved one stays.
    if (userColor_->text().trimmed().isEmpty())
        s.userColor = QColor();
    else if (QColor typed(userColor_->text()); typed.isValid())
        s.userColor = typed;
    s.defaultServer = defaultServer_->text().trimmed();
    s.cacheBudgetMiB = cacheBudget_->value();
    s.language = language_->currentData().toString();
    const QStringList rate = sequenceRate_->currentData().toString().split('/');
    s.sequenceRateNum = rate.value(0).toInt();
    s.sequenceRateDen = rate.value(1).toInt();
    return s;
}

void SettingsDialog::chooseColor() {
    const QColor chosen =
        QColorDialog::getColor(QColor(userColor_->text()), this, tr("Your colour"));
    if (chosen.isValid()) userColor_->setText(chosen.name());
}

void SettingsDialog::updateSwatch() {
    const QColor colour(userColor_->text());
    colorButton_->setStyleSheet(
        colour.isValid() ? QStringLiteral("background-color: %1; color: %2")
                               .arg(colour.name(), colour.lightness() > 128 ? "black" : "white")
                         : QString());
}

void SettingsDialog::accept() {
    const AppSettings settings = current();
    settings.save();
    emit applied(settings);
    QDialog::accept();
}

}  // namespace framenote::ui
