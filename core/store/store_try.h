#pragma once
// STORE_TRY(status): returns its error from the enclosing function (any Result<T>), so the
// store's many write steps read as a list instead of a ladder of ifs.
#include "core/common/result.h"

#define STORE_TRY(expr)                                                                      \
    do {                                                                                     \
        if (::framenote::Status s_ = (expr); !s_) return ::framenote::makeError(s_.error()); \
    } while (0)
