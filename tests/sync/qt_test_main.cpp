// GoogleTest main with a QCoreApplication, for tests that run event loops (relay, session).
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <cstring>

#if defined(FRAMENOTE_HAVE_EPOLL)
#include "core/sync/epoll_event_dispatcher.h"
#endif

// FRAMENOTE_TEST_EVENT_LOOP=qt runs the tests on Qt's own event dispatcher; by default they run
// on the relay's epoll dispatcher (relay and clients share the test's thread).
int main(int argc, char** argv) {
    qputenv("QT_NO_GLIB", "1");
#if defined(FRAMENOTE_HAVE_EPOLL)
    if (qgetenv("FRAMENOTE_TEST_EVENT_LOOP") != "qt")
        QCoreApplication::setEventDispatcher(new framenote::sync::EpollEventDispatcher);
#endif
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
