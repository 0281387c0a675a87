#pragma once
// Result checks for tests: ASSERT_OK / EXPECT_OK print the error, take() unwraps a value.
#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>

#include "core/common/result.h"

namespace framenote::test {

#define ASSERT_OK(expr)                                  \
    do {                                                 \
        const auto& r_ = (expr);                         \
        ASSERT_TRUE(r_.ok()) << "error: " << r_.error(); \
    } while (0)
#define EXPECT_OK(expr)                                  \
    do {                                                 \
        const auto& r_ = (expr);                         \
        EXPECT_TRUE(r_.ok()) << "error: " << r_.error(); \
    } while (0)

// The value of a Result, or a test failure (the exception ends the test with the message).
template <typename T>
T take(Result<T> result) {
    if (!result) {
        ADD_FAILURE() << "error: " << result.error();
        throw std::runtime_error(result.error());
    }
    return std::move(result).value();
}

}  // namespace framenote::test
