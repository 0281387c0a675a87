#pragma once
// Quantization shared by the wire and the local replica (docs/PROTOCOL.md "Quantization").
// Coordinates travel as 16-bit integers and stroke widths in the same unit, so a client snaps its
// own operations to those values before applying them locally: then the state it shows, the
// state it sends and the state every other replica rebuilds from the wire are bit-for-bit equal.
//
// Validate first (model/validation.h), then quantize: quantization clamps to the representable
// range and would hide a coordinate outside [0,1].
#include <cstdint>
#include <vector>

#include "core/model/operation.h"

namespace framenote::sync {

inline constexpr uint32_t kCoordinateSteps = 65535;  // a coordinate v travels as round(v * 65535)

// Coordinates: [0,1] <-> 0..65535 (values outside [0,1] clamp; NaN becomes 0).
uint32_t coordinateToWire(double value);
double coordinateFromWire(uint32_t units);
double quantizeCoordinate(double value);  // == coordinateFromWire(coordinateToWire(value))

// Stroke width (a fraction of the picture height) in units of 1/65535; a positive width never
// rounds to 0 (it becomes 1 unit), so quantizing never turns a valid width invalid.
uint32_t widthToWire(double width);
double widthFromWire(uint32_t units);
double quantizeWidth(double width);

void quantizePoints(std::vector<model::Point>& points);
void quantizeStyle(model::Style& style);
void quantizeAnnotation(model::Annotation& annotation);
// Quantizes every coordinate and width the operation carries: the annotation of a Create, the
// changes of the others.
void quantizeOperation(model::Operation& op);

}  // namespace framenote::sync
