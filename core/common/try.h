#pragma once
// FRAMENOTE_TRY(result): when `result` (a Status or any Result<T>) failed, returns its error from
// the enclosing function, which returns any Result. A run of fallible steps (SQL statements,
// writes) then reads as a list instead of a ladder of `if (!x) return makeError(x.error());`.
// The expression is evaluated once; a temporary lives until the check is done.
#include "core/common/result.h"

#define FRAMENOTE_TRY(expr)                                 \
    do {                                                    \
        if (const auto& result_ = (expr); !result_)         \
            return ::framenote::makeError(result_.error()); \
    } while (0)
