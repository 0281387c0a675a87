#pragma once
// The colour transform as OpenColorIO's GLSL (docs/ARCHITECTURE.md, "Colour"): a function
// `vec4 OCIODisplay(vec4)` and the lookup textures it samples, for the OpenGL viewer to compile
// into its own shader. Pure data: no GL here (core/ never draws).
#include <memory>
#include <string>
#include <vector>

#include "core/colour/display_transform.h"

namespace framenote::colour {

struct GpuTexture {
    std::string sampler;  // the uniform the function samples
    bool threeD = false;
    bool oneD = false;    // a sampler1D (else 2D): OpenColorIO's choice for short 1D tables
    unsigned width = 0;   // 3D: the edge length
    unsigned height = 1;  // 1D tables come as 2D textures of height 1 or more
    bool red = false;     // one channel (else RGB)
    bool linear = true;   // interpolation (else nearest)
    std::vector<float> values;
};

struct GpuShader {
    std::string functionName = "OCIODisplay";
    std::string functionText;  // GLSL 1.20
    std::vector<GpuTexture> textures;
};

// The transform's shader, or an error when OpenColorIO's needs more than this viewer feeds it
// (dynamic uniforms): the caller then renders on the CPU.
Result<std::shared_ptr<const GpuShader>> gpuShader(const DisplayTransform& transform);

}  // namespace framenote::colour
