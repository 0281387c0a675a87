#pragma once
// The viewer's colour management (docs/ARCHITECTURE.md, "Colour"). View > Colour chooses the
// OpenColorIO config (off, the built-in one, $OCIO's, a file), the clip's input colour space
// (guessed from the file, overridable, remembered per media), the display and view, exposure and
// gamma; the frame server then renders every frame through the resulting transform. Off, the
// picture shows the stream's own colours (its matrix and range), as without a config.
// Settings keys:
//   colourConfig              "" (never chosen: $OCIO if set, else off), "off", "builtin",
//                             "env" or a config file's path
//   colourDisplay, colourView the user's display and view
//   colourInput/<media id>    the input colour space chosen for that media
#include <QLabel>
#include <QMenu>
#include <QObject>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/colour/colour_config.h"
#include "core/colour/display_transform.h"
#include "core/sync/presence.h"
#include "ui/frame_view.h"
#include "ui/player_controller.h"
#include "ui/retranslator.h"

namespace framenote::ui {

class ColourControl : public QObject {
    Q_OBJECT
  public:
    // `viewer`: draws the colours itself where it can (the OpenGL viewer's shader).
    ColourControl(QWidget* window, PlayerController* player, FrameView* viewer);

    // Adds the Colour and Channels submenus to `view`.
    void addTo(QMenu* view);
    // "ACEScg | sRGB - Display | ACES 1.0 - SDR Video" or "Colour: off", for the status bar.
    QLabel* statusLabel() const { return label_; }

    // The config in use; null when colour management is off.
    const colour::ColourConfig* config() const { return config_ ? &*config_ : nullptr; }
    // The colour transform frames are rendered through; null when off.
    std::shared_ptr<const colour::DisplayTransform> transform() const { return transform_; }
    // What renders the frames the viewer does not draw itself (a transform or a channel view);
    // null: the plain conversion. A second version being compared renders through it too.
    std::shared_ptr<const media::FrameRenderer> renderer() const { return renderer_; }
    // The renderer for another clip shown beside the open one (compare's B): the same view,
    // exposure, gamma and channel through that clip's own input colour space (the user's choice
    // for it, else the guess from its file).
    std::shared_ptr<const media::FrameRenderer> rendererFor(const media::OpenedMedia& media) const;
    // While two versions are composed into one picture (compare), every frame comes as RGBA,
    // rendered on the CPU: the viewer draws no native format.
    void setCompositing(bool on);
    // The input colour space guessed for the open clip ("" if none or off).
    QString guessedInput() const { return guessed_; }

    // "off", "builtin", "env" or a config file's path; remembered.
    void setConfigChoice(const QString& choice);
    // The open clip's input colour space ("": the guess); remembered for the media.
    void setInputSpace(const QString& space);
    void setDisplay(const QString& display);
    void setView(const QString& view);
    void setExposure(double stops);
    void setGamma(double gamma);
    // One channel as grey (Shift+R, G, B, A, L; Shift+C: all), with or without a config.
    void setChannel(media::PictureChannel channel);
    media::PictureChannel channel() const { return channel_; }
    double exposure() const { return exposure_; }
    double gamma() const { return gamma_; }

    // How the colours are shown now, for a presenter's presence (docs/PROTOCOL.md, "Colour view
    // in presence").
    sync::ColourView view() const;
    // Shows the colours as a presenter does while following (nullopt: the user's own again). The
    // user's display stays (it names their monitor); names this config lacks keep the user's own,
    // and the user is told once. Nothing is remembered: the user's settings are untouched.
    void follow(const std::optional<sync::ColourView>& presenter);
    bool following() const { return followed_.has_value(); }

  signals:
    // The transform changed (or colour management was turned on or off).
    void changed();
    void message(QString text);

  private:
    void loadConfig();
    void addChannelsTo(QMenu* view);
    void onMediaOpened();
    // Builds the transform from the choices, falling back to the config's defaults for names it
    // lacks, and hands it to the player.
    void rebuild();
    // Who draws the colours: the viewer's shader or the frame server (docs/ARCHITECTURE.md,
    // "Colour").
    void routeFrames();
    // The menu's checks and the status label for the state rebuild() made (and again in another
    // language: a language change rebuilds nothing).
    void showState();
    void fillMenus();
    void fillInputMenu();
    void chooseConfigFile();
    QString storedChoice() const;
    // The user's display and view (settings), or the config's defaults where it lacks them.
    std::pair<std::string, std::string> displayAndView() const;
    // The followed presenter's choices over the user's own in `chosen` (rebuild()).
    void applyFollowed(colour::ViewSettings& chosen, std::string& storedInput);
    void tellOnce(const QString& text);
    // `stored` (a name the user chose) as a space of the config, else the guess for `media`;
    // empty when the config has neither.
    std::string inputSpaceFor(const media::OpenedMedia& media, const std::string& stored) const;

    QWidget* window_;
    PlayerController* player_;
    FrameView* viewer_;
    Retranslator* texts_;
    std::optional<colour::ColourConfig> config_;
    std::shared_ptr<const colour::DisplayTransform> transform_;
    std::shared_ptr<const media::FrameRenderer> renderer_;
    bool compositing_ = false;
    QString guessed_;
    colour::ViewSettings shown_;  // what rebuild() chose, for the label
    double exposure_ = 0.0;
    double gamma_ = 1.0;
    media::PictureChannel channel_ = media::PictureChannel::Colour;
    std::optional<sync::ColourView> followed_;  // a presenter's, while following
    QString told_;                              // the last follow notice, told once
    QList<QAction*> channelActions_;            // in PictureChannel's order
    QLabel* label_;
    QMenu* menu_ = nullptr;
    QMenu* inputMenu_ = nullptr;
    QMenu* displayMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QList<QAction*> configActions_;  // off, built-in, $OCIO, file
    QList<QAction*> adjustActions_;  // exposure and gamma
};

}  // namespace framenote::ui
