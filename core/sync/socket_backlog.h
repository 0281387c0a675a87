#pragma once
// How many bytes a TCP socket's kernel send queue holds that have not been sent yet (beyond what
// the peer's window and the congestion window let go). With what the application still buffers
// (QAbstractSocket::bytesToWrite) it tells the relay that a receiver is slow long before its
// bounded send queue overflows (presence thinning, held_presence.h).
#include <QtGlobal>
#include <cstddef>

namespace framenote::sync {

// 0 where the platform cannot tell (only Linux's SIOCOUTQNSD is used) or for fd < 0.
size_t unsentKernelBytes(qintptr fd);

}  // namespace framenote::sync
