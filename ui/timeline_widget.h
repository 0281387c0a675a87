#pragma once
// The clip's frames laid out left to right, with the playhead; click or drag to jump.
#include <QWidget>
#include <vector>

namespace framenote::ui {

class TimelineWidget : public QWidget {
    Q_OBJECT
  public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setFrameCount(qint64 count);
    void setPlayhead(qint64 frame);
    // A mark per annotated frame range, coloured by status (open: amber, resolved: green).
    struct Marker {
        qint64 first = 0;
        qint64 last = 0;
        bool resolved = false;
    };
    void setMarkers(std::vector<Marker> markers);
    // The in/out range, shaded (-1: that end is not set).
    void setInOut(qint64 in, qint64 out);
    const std::vector<Marker>& markers() const { return markers_; }
    qint64 frameAt(double x) const;
    QSize sizeHint() const override { return {600, 28}; }

  signals:
    void seekRequested(qint64 frame);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

  private:
    double xOf(qint64 frame) const;

    qint64 frameCount_ = 0;
    qint64 playhead_ = 0;
    std::vector<Marker> markers_;
    qint64 in_ = -1;
    qint64 out_ = -1;
};

}  // namespace framenote::ui
