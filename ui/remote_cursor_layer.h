#pragma once
// The other participants' pointers drawn over the picture, each in its participant's colour
// with the name beside it. It lies exactly over the annotation overlay and lets every mouse
// event through to it. Positions are normalized to the picture, so they land on the same spot
// of the image at any window size or zoom.
#include <QWidget>
#include <vector>

#include "core/model/annotation.h"

namespace framenote::ui {

class AnnotationOverlay;

class RemoteCursorLayer : public QWidget {
    Q_OBJECT
  public:
    struct Cursor {
        QString name;
        QColor color;
        model::Point at;  // normalized
    };

    RemoteCursorLayer(AnnotationOverlay* overlay, QWidget* parent);
    void setCursors(std::vector<Cursor> cursors);
    const std::vector<Cursor>& cursors() const { return cursors_; }

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    AnnotationOverlay* overlay_;
    std::vector<Cursor> cursors_;
};

}  // namespace framenote::ui
