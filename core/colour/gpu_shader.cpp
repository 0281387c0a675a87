#include "core/colour/gpu_shader.h"

#include <algorithm>

namespace framenote::colour {

Result<std::shared_ptr<const GpuShader>> gpuShader(const DisplayTransform& transform) {
    try {
        auto desc = OCIO::GpuShaderDesc::CreateShaderDesc();
        desc->setLanguage(OCIO::GPU_LANGUAGE_GLSL_1_2);
        desc->setFunctionName("OCIODisplay");
        desc->setResourcePrefix("ocio_");
        transform.processor()->getDefaultGPUProcessor()->extractGpuShaderInfo(desc);
        if (desc->getNumUniforms() > 0)
            return makeError("the colour transform needs uniforms the viewer does not set");
        auto shader = std::make_shared<GpuShader>();
        shader->functionText = desc->getShaderText();
        for (unsigned i = 0; i < desc->getNum3DTextures(); ++i) {
            const char* name = nullptr;
            const char* sampler = nullptr;
            unsigned edge = 0;
            OCIO::Interpolation interpolation = OCIO::INTERP_LINEAR;
            desc->get3DTexture(i, name, sampler, edge, interpolation);
            const float* values = nullptr;
            desc->get3DTextureValues(i, values);
            GpuTexture texture;
            texture.sampler = sampler;
            texture.threeD = true;
            texture.width = edge;
            texture.linear = interpolation != OCIO::INTERP_NEAREST;
            texture.values.assign(values, values + size_t{edge} * edge * edge * 3);
            shader->textures.push_back(std::move(texture));
        }
        for (unsigned i = 0; i < desc->getNumTextures(); ++i) {
            const char* name = nullptr;
            const char* sampler = nullptr;
            unsigned width = 0, height = 0;
            OCIO::GpuShaderDesc::TextureType channel = OCIO::GpuShaderDesc::TEXTURE_RGB_CHANNEL;
            OCIO::Interpolation interpolation = OCIO::INTERP_LINEAR;
            desc->getTexture(i, name, sampler, width, height, channel, interpolation);
            const float* values = nullptr;
            desc->getTextureValues(i, values);
            GpuTexture texture;
            texture.sampler = sampler;
            texture.width = width;
            texture.height = std::max(1u, height);
            texture.oneD =
                shader->functionText.find("sampler1D " + texture.sampler) != std::string::npos;
            texture.red = channel == OCIO::GpuShaderDesc::TEXTURE_RED_CHANNEL;
            texture.linear = interpolation != OCIO::INTERP_NEAREST;
            texture.values.assign(values,
                                  values + size_t{width} * texture.height * (texture.red ? 1 : 3));
            shader->textures.push_back(std::move(texture));
        }
        return std::shared_ptr<const GpuShader>(std::move(shader));
    } catch (const OCIO::Exception& e) {
        return makeError(std::string("cannot make the colour shader: ") + e.what());
    }
}

}  // namespace framenote::colour
