#pragma once
// Paints annotation shapes with QPainter onto any paint device: the viewer's overlay widget,
// a frame image burned in for the PDF report, a snapshot. One piece of code, so a note looks
// the same on screen and on paper. Qt Gui only (no widgets): the CLI uses it too.
#include <QPainter>
#include <QPointF>
#include <QRectF>
#include <QUuid>
#include <vector>

#include "core/model/annotation.h"

namespace framenote::render {

// A normalized picture point ([0,1] x [0,1], model/annotation.h) -> device coordinates of
// `picture`, the rectangle the picture occupies on the device.
QPointF mapToPicture(const QRectF& picture, const model::Point& point);

// Paints `annotations` over `picture`, in order (later ones on top). The one whose id is
// `selected` gets a dashed selection box (pass a null id for none, as in reports).
void paintAnnotations(QPainter& painter, const QRectF& picture,
                      const std::vector<model::Annotation>& annotations,
                      const QUuid& selected = {});

}  // namespace framenote::render
