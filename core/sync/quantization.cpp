#include "core/sync/quantization.h"

#include <algorithm>
#include <cmath>

namespace framenote::sync {

uint32_t coordinateToWire(double value) {
    if (!(value > 0)) return 0;  // also NaN
    if (value >= 1) return kCoordinateSteps;
    return static_cast<uint32_t>(std::lround(value * kCoordinateSteps));
}

double coordinateFromWire(uint32_t units) {
    return static_cast<double>(std::min(units, kCoordinateSteps)) / kCoordinateSteps;
}

double quantizeCoordinate(double value) { return coordinateFromWire(coordinateToWire(value)); }

uint32_t widthToWire(double width) {
    if (!(width > 0)) return 0;
    if (width >= 1) return kCoordinateSteps;
    return std::max<uint32_t>(1, static_cast<uint32_t>(std::lround(width * kCoordinateSteps)));
}

double widthFromWire(uint32_t units) { return static_cast<double>(units) / kCoordinateSteps; }

double quantizeWidth(double width) { return widthFromWire(widthToWire(width)); }

void quantizePoints(std::vector<model::Point>& points) {
    for (model::Point& p : points) {
        p.x = quantizeCoordinate(p.x);
        p.y = quantizeCoordinate(p.y);
    }
}

void quantizeStyle(model::Style& style) { style.width = quantizeWidth(style.width); }

void quantizeAnnotation(model::Annotation& annotation) {
    quantizePoints(annotation.points);
    quantizeStyle(annotation.style);
}

void quantizeOperation(model::Operation& op) {
    // Only the part the operation's type carries: the rest never travels (and stays as built).
    if (op.type == model::OpType::Create) quantizeAnnotation(op.annotation);
    if (op.changes.points) quantizePoints(*op.changes.points);
    if (op.changes.style) quantizeStyle(*op.changes.style);
}

}  // namespace framenote::sync
