#pragma once
// The clip's frames laid out left to right, with the playhead; click or drag to jump.
#include <QWidget>

namespace framenote::ui {

class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setFrameCount(qint64 count);
    void setPlayhead(qint64 frame);
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
};

}  // namespace framenote::ui
