#include "ui/colour_control.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMap>
#include <QSettings>
#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/colour/input_space.h"

namespace framenote::ui {

namespace {

constexpr char kConfigKey[] = "colourConfig";
constexpr char kDisplayKey[] = "colourDisplay";
constexpr char kViewKey[] = "colourView";
constexpr double kExposureStep = 0.5;  // stops
constexpr double kGammaStep = 0.1;
constexpr double kMinGamma = 0.1;
constexpr double kMaxGamma = 4.0;

QString text(const std::string& s) { return QString::fromStdString(s); }

QString inputKey(const media::OpenedMedia& media) {
    return "colourInput/" + text(media.fingerprint);
}

// Radio items for `names` in `menu`, the one equal to `current` checked; `choose` gets the name.
void fillChoices(QMenu* menu, const std::vector<std::string>& names, const std::string& current,
                 const std::function<void(const QString&)>& choose) {
    auto* group = new QActionGroup(menu);
    for (const std::string& name : names) {
        // A name is shown as it is: '&' (as in "1000 nits & P3 lim") is no mnemonic mark.
        QAction* action = menu->addAction(text(name).replace('&', "&&"), menu,
                                          [choose, name] { choose(text(name)); });
        action->setCheckable(true);
        action->setChecked(name == current);
        group->addAction(action);
    }
}

}  // namespace

ColourControl::ColourControl(QWidget* window, PlayerController* player, FrameView* viewer)
    : QObject(window),
      window_(window),
      player_(player),
      viewer_(viewer),
      texts_(new Retranslator(window, this)),
      label_(new QLabel(window)) {
    label_->setObjectName("colourLabel");
    connect(player_, &PlayerController::mediaOpened, this, &ColourControl::onMediaOpened);
    connect(player_, &PlayerController::mediaClosed, this, &ColourControl::rebuild);
    texts_->add([this] { showState(); });
}

QString ColourControl::storedChoice() const {
    const QString choice = QSettings().value(kConfigKey).toString();
    if (!choice.isEmpty()) return choice;
    return qEnvironmentVariableIsEmpty("OCIO") ? QStringLiteral("off") : QStringLiteral("env");
}

void ColourControl::addTo(QMenu* view) {
    menu_ = texts_->set(view->addMenu(QString()), &QMenu::setTitle, [] { return tr("&Colour"); });
    menu_->setObjectName("colourMenu");
    auto* configs = new QActionGroup(menu_);
    const auto addConfig = [&](const QString& name, Retranslator::Text title, auto slot) {
        QAction* action = texts_->set(menu_->addAction(QString(), this, slot), &QAction::setText,
                                      std::move(title));
        action->setObjectName("colourConfig_" + name);
        action->setCheckable(true);
        configs->addAction(action);
        configActions_.append(action);
    };
    addConfig(
        "off", [] { return tr("&Off: the Stream's Own Colours"); },
        [this] { setConfigChoice("off"); });
    addConfig(
        "builtin", [] { return tr("&Built-in ACES Config"); },
        [this] { setConfigChoice("builtin"); });
    addConfig(
        "env", [] { return tr("&Environment Config ($OCIO)"); },
        [this] { setConfigChoice("env"); });
    addConfig(
        "file", [] { return tr("Config &File..."); }, [this] { chooseConfigFile(); });
    menu_->addSeparator();
    inputMenu_ = texts_->set(menu_->addMenu(QString()), &QMenu::setTitle,
                             [] { return tr("&Input Colour Space"); });
    displayMenu_ =
        texts_->set(menu_->addMenu(QString()), &QMenu::setTitle, [] { return tr("&Display"); });
    viewMenu_ =
        texts_->set(menu_->addMenu(QString()), &QMenu::setTitle, [] { return tr("&View"); });
    // Filled as they open: an item's own menu is never rebuilt under it while it triggers.
    connect(inputMenu_, &QMenu::aboutToShow, this, &ColourControl::fillInputMenu);
    connect(displayMenu_, &QMenu::aboutToShow, this, &ColourControl::fillMenus);
    connect(viewMenu_, &QMenu::aboutToShow, this, &ColourControl::fillMenus);
    menu_->addSeparator();
    const auto addAdjust = [&](Retranslator::Text title, auto slot) {
        adjustActions_.append(texts_->set(menu_->addAction(QString(), this, slot),
                                          &QAction::setText, std::move(title)));
    };
    addAdjust([] { return tr("Exposure &Up Half a Stop"); },
              [this] { setExposure(exposure_ + kExposureStep); });
    addAdjust([] { return tr("Exposure Dow&n Half a Stop"); },
              [this] { setExposure(exposure_ - kExposureStep); });
    addAdjust([] { return tr("&Gamma Up"); }, [this] { setGamma(gamma_ + kGammaStep); });
    addAdjust([] { return tr("Gamma Do&wn"); }, [this] { setGamma(gamma_ - kGammaStep); });
    addAdjust([] { return tr("&Reset Exposure and Gamma"); },
              [this] {
                  exposure_ = 0.0;
                  gamma_ = 1.0;
                  rebuild();
              });
    addChannelsTo(view);
    loadConfig();
}

void ColourControl::addChannelsTo(QMenu* view) {
    QMenu* channels =
        texts_->set(view->addMenu(QString()), &QMenu::setTitle, [] { return tr("C&hannels"); });
    channels->setObjectName("channelsMenu");
    auto* group = new QActionGroup(channels);
    using media::PictureChannel;
    const std::pair<PictureChannel, Retranslator::Text> items[] = {
        {PictureChannel::Colour, [] { return tr("&Colour (RGB)"); }},
        {PictureChannel::Red, [] { return tr("&Red"); }},
        {PictureChannel::Green, [] { return tr("&Green"); }},
        {PictureChannel::Blue, [] { return tr("&Blue"); }},
        {PictureChannel::Alpha, [] { return tr("&Alpha"); }},
        {PictureChannel::Luminance, [] { return tr("&Luminance"); }},
    };
    const Qt::Key keys[] = {Qt::Key_C, Qt::Key_R, Qt::Key_G, Qt::Key_B, Qt::Key_A, Qt::Key_L};
    for (int i = 0; i < 6; ++i) {
        const PictureChannel channel = items[i].first;
        QAction* action = texts_->set(
            channels->addAction(QString(), this, [this, channel] { setChannel(channel); }),
            &QAction::setText, items[i].second);
        action->setObjectName(QStringLiteral("channel_%1").arg(i));
        action->setShortcut(QKeySequence(Qt::SHIFT | keys[i]));
        action->setCheckable(true);
        action->setChecked(channel == channel_);
        group->addAction(action);
        channelActions_.append(action);
    }
}

void ColourControl::setChannel(media::PictureChannel channel) {
    channel_ = channel;
    rebuild();
}

void ColourControl::loadConfig() {
    config_.reset();
    const QString choice = storedChoice();
    std::optional<Result<colour::ColourConfig>> loaded;
    if (choice == "builtin")
        loaded = colour::ColourConfig::builtIn();
    else if (choice == "env")
        loaded = colour::ColourConfig::fromEnvironment();
    else if (choice != "off")
        loaded = colour::ColourConfig::fromFile(choice.toStdString());
    if (loaded && loaded->ok()) config_ = std::move(*loaded).value();
    if (loaded && !loaded->ok())
        emit message(tr("Colour management is off: %1").arg(text(loaded->error())));
    rebuild();
}

void ColourControl::setConfigChoice(const QString& choice) {
    // A config that does not load leaves the one in use, and the setting, as they were.
    if (choice != "off" && choice != "builtin") {
        auto probe = choice == "env" ? colour::ColourConfig::fromEnvironment()
                                     : colour::ColourConfig::fromFile(choice.toStdString());
        if (!probe) {
            emit message(tr("Cannot use this colour config: %1").arg(text(probe.error())));
            rebuild();  // the radio items back on the config in use
            return;
        }
    }
    QSettings().setValue(kConfigKey, choice);
    loadConfig();
}

void ColourControl::chooseConfigFile() {
    const QString choice = storedChoice();
    const QString start = QFileInfo(choice).isFile() ? QFileInfo(choice).path() : QString();
    const QString path =
        QFileDialog::getOpenFileName(window_, tr("Choose a Colour Config"), start,
                                     tr("OpenColorIO configs (*.ocio);;All files (*)"));
    if (path.isEmpty()) return rebuild();
    setConfigChoice(path);
}

void ColourControl::onMediaOpened() { rebuild(); }

void ColourControl::setInputSpace(const QString& space) {
    if (!player_->hasMedia()) return;
    QSettings settings;
    if (space.isEmpty() || space == guessed_)
        settings.remove(inputKey(*player_->media()));
    else
        settings.setValue(inputKey(*player_->media()), space);
    rebuild();
}

void ColourControl::setDisplay(const QString& display) {
    QSettings().setValue(kDisplayKey, display);
    rebuild();
}

void ColourControl::setView(const QString& view) {
    QSettings().setValue(kViewKey, view);
    rebuild();
}

void ColourControl::setExposure(double stops) {
    exposure_ = std::clamp(stops, -16.0, 16.0);
    rebuild();
}

void ColourControl::setGamma(double gamma) {
    gamma_ = std::clamp(std::round(gamma * 100) / 100, kMinGamma, kMaxGamma);
    rebuild();
}

void ColourControl::rebuild() {
    transform_.reset();
    guessed_.clear();
    colour::ViewSettings chosen;
    chosen.channel = followed_ ? static_cast<media::PictureChannel>(followed_->channel) : channel_;
    // A presenter without colour management is followed with it off here too.
    const bool managed = config_ && (!followed_ || followed_->managed);
    if (followed_ && followed_->managed && !config_)
        tellOnce(
            tr("The presenter views the colours through a colour config: turn one on in "
               "View > Colour to see them the same"));
    if (managed) {
        const QSettings settings;
        std::tie(chosen.display, chosen.view) = displayAndView();
        chosen.exposure = exposure_;
        chosen.gamma = gamma_;
        std::string stored =
            player_->hasMedia()
                ? settings.value(inputKey(*player_->media())).toString().toStdString()
                : std::string();
        if (followed_) applyFollowed(chosen, stored);
        if (player_->hasMedia()) {
            guessed_ = text(colour::guessInputSpace(*config_, player_->media()->info));
            chosen.inputSpace = inputSpaceFor(*player_->media(), stored);
            if (chosen.inputSpace.empty() && !config_->inputSpaces().empty()) {
                chosen.inputSpace = config_->inputSpaces().front();
                emit message(
                    tr("The colour config has no colour space for this clip's kind: "
                       "choose one in View > Colour > Input Colour Space"));
            }
            auto made = colour::DisplayTransform::create(*config_, chosen);
            if (made)
                transform_ = *made;
            else
                emit message(tr("Cannot show the colours: %1").arg(text(made.error())));
        }
    }
    renderer_ = transform_;
    if (!transform_ && chosen.channel != media::PictureChannel::Colour)
        renderer_ = std::make_shared<media::ChannelRenderer>(chosen.channel);
    routeFrames();
    for (int i = 0; i < channelActions_.size(); ++i)
        channelActions_[i]->setChecked(i == static_cast<int>(chosen.channel));

    shown_ = chosen;
    showState();
    emit changed();
}

void ColourControl::applyFollowed(colour::ViewSettings& chosen, std::string& storedInput) {
    chosen.exposure = followed_->exposure;
    chosen.gamma = followed_->gamma;
    const std::string view = followed_->view.toStdString();
    if (config_->hasView(chosen.display, view))
        chosen.view = view;
    else
        tellOnce(tr("The presenter's view %1 is not on your display: your own view is shown")
                     .arg(followed_->view));
    if (!config_->resolveSpace(followed_->inputSpace.toStdString()).empty())
        storedInput = followed_->inputSpace.toStdString();
    else if (player_->hasMedia())
        tellOnce(tr("The presenter's input colour space %1 is not in your colour config")
                     .arg(followed_->inputSpace));
}

std::string ColourControl::inputSpaceFor(const media::OpenedMedia& media,
                                         const std::string& stored) const {
    const std::string chosen = config_->resolveSpace(stored);
    return chosen.empty() ? colour::guessInputSpace(*config_, media.info) : chosen;
}

std::shared_ptr<const media::FrameRenderer> ColourControl::rendererFor(
    const media::OpenedMedia& media) const {
    if (!transform_) return renderer_;  // off, or a channel alone: no input space involved
    colour::ViewSettings settings = shown_;
    settings.inputSpace =
        inputSpaceFor(media, QSettings().value(inputKey(media)).toString().toStdString());
    if (settings.inputSpace.empty()) settings.inputSpace = shown_.inputSpace;
    if (settings == shown_) return transform_;
    auto made = colour::DisplayTransform::create(*config_, settings);
    return made ? std::shared_ptr<const media::FrameRenderer>(*made) : renderer_;
}

void ColourControl::tellOnce(const QString& text) {
    if (text == told_) return;
    told_ = text;
    emit message(text);
}

sync::ColourView ColourControl::view() const {
    sync::ColourView shown;
    shown.managed = transform_ != nullptr;
    if (shown.managed) {
        shown.inputSpace = text(shown_.inputSpace);
        shown.view = text(shown_.view);
        shown.exposure = shown_.exposure;
        shown.gamma = shown_.gamma;
    }
    shown.channel = static_cast<int>(shown_.channel);
    return shown;
}

void ColourControl::follow(const std::optional<sync::ColourView>& presenter) {
    if (presenter == followed_) return;
    followed_ = presenter;
    if (!followed_) told_.clear();
    rebuild();
}

std::pair<std::string, std::string> ColourControl::displayAndView() const {
    const QSettings settings;
    std::string display = settings.value(kDisplayKey).toString().toStdString();
    if (!config_->hasDisplay(display)) display = config_->defaultDisplay();
    std::string view = settings.value(kViewKey).toString().toStdString();
    if (!config_->hasView(display, view)) view = config_->defaultView(display);
    return {display, view};
}

void ColourControl::setCompositing(bool on) {
    if (on == compositing_) return;
    compositing_ = on;
    routeFrames();
}

void ColourControl::routeFrames() {
    // The viewer's shader for the formats it draws itself where it can, else the frame server
    // renders every frame on the CPU; while compositing, the server renders them all.
    const bool viewerDraws = viewer_->applyColour(transform_) &&
                             (transform_ || channel_ == media::PictureChannel::Colour) &&
                             !compositing_;
    player_->setNativeFormats(viewerDraws ? viewer_->nativeFormats() : QSet<int>());
    player_->setFrameRenderer(renderer_);
}

void ColourControl::showState() {
    const QString choice = storedChoice();
    const int checked = !config_ ? 0 : choice == "builtin" ? 1 : choice == "env" ? 2 : 3;
    for (int i = 0; i < configActions_.size(); ++i) configActions_[i]->setChecked(i == checked);
    if (configActions_.size() == 4) {
        configActions_[2]->setEnabled(!qEnvironmentVariableIsEmpty("OCIO"));
        configActions_[3]->setText(checked == 3
                                       ? tr("Config &File: %1...").arg(QFileInfo(choice).fileName())
                                       : tr("Config &File..."));
    }
    for (QMenu* menu : {inputMenu_, displayMenu_, viewMenu_})
        if (menu) menu->setEnabled(config_.has_value());
    for (QAction* action : adjustActions_) action->setEnabled(config_.has_value());

    if (!transform_ && (!config_ || (followed_ && !followed_->managed))) {
        label_->setText(tr("Colour: off"));
    } else {
        QString shown =
            tr("%1 | %2 | %3")
                .arg(shown_.inputSpace.empty() ? tr("no clip") : text(shown_.inputSpace),
                     text(shown_.display), text(shown_.view));
        if (shown_.exposure != 0.0) shown += tr(" | %1 EV").arg(shown_.exposure, 0, 'f', 1);
        if (shown_.gamma != 1.0) shown += tr(" | gamma %1").arg(shown_.gamma, 0, 'f', 2);
        label_->setText(shown);
    }
    static const char* const kChannelNames[] = {"", "R", "G", "B", "A", "L"};
    if (shown_.channel != media::PictureChannel::Colour)
        label_->setText(label_->text() +
                        tr(" | channel %1").arg(kChannelNames[static_cast<int>(shown_.channel)]));
    if (followed_) label_->setText(label_->text() + tr(" | as the presenter"));
    label_->setToolTip(config_ ? tr("Colour config: %1").arg(text(config_->name())) : QString());
}

void ColourControl::fillMenus() {
    displayMenu_->clear();
    viewMenu_->clear();
    if (!config_) return;
    const auto [display, view] = displayAndView();
    fillChoices(displayMenu_, config_->displays(), display,
                [this](const QString& d) { setDisplay(d); });
    fillChoices(viewMenu_, config_->views(display), view, [this](const QString& v) { setView(v); });
}

void ColourControl::fillInputMenu() {
    inputMenu_->clear();
    if (!config_) return;
    const std::string current = transform_ ? transform_->settings().inputSpace : std::string();
    QAction* automatic = inputMenu_->addAction(
        guessed_.isEmpty() ? tr("&Automatic")
                           : tr("&Automatic (%1)").arg(QString(guessed_).replace('&', "&&")),
        this, [this] { setInputSpace(QString()); });
    automatic->setCheckable(true);
    automatic->setChecked(current == guessed_.toStdString());
    inputMenu_->addSeparator();
    // Filed by family (ACES, Input/ARRI ...): a studio config lists a hundred spaces or more.
    QMap<QString, std::vector<std::string>> families;
    for (const std::string& space : config_->inputSpaces())
        families[text(config_->family(space)).section('/', 0, 0)].push_back(space);
    const auto choose = [this](const QString& space) { setInputSpace(space); };
    for (auto it = families.begin(); it != families.end(); ++it) {
        QMenu* into = it.key().isEmpty()
                          ? inputMenu_
                          : inputMenu_->addMenu(QString(it.key()).replace('&', "&&"));
        fillChoices(into, it.value(), current == guessed_.toStdString() ? std::string() : current,
                    choose);
    }
}

}  // namespace framenote::ui
