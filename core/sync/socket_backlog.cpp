#include "core/sync/socket_backlog.h"

#if defined(__linux__)
#include <linux/sockios.h>
#include <sys/ioctl.h>
#endif

namespace framenote::sync {

size_t unsentKernelBytes(qintptr fd) {
#if defined(__linux__) && defined(SIOCOUTQNSD)
    if (fd < 0) return 0;
    int unsent = 0;
    // SIOCOUTQNSD: not yet sent (SIOCOUTQ would also count bytes in flight, which a healthy
    // long link always has).
    if (::ioctl(static_cast<int>(fd), SIOCOUTQNSD, &unsent) == 0 && unsent > 0)
        return static_cast<size_t>(unsent);
#else
    (void)fd;
#endif
    return 0;
}

}  // namespace framenote::sync
