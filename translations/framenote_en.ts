<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AnnotationController</name>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="267"/>
        <source>%n note(s) held until the next annotated frame.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="277"/>
        <source>%n note(s) shown on %1 only.</source>
        <translation>
            <numerusform>%n note shown on %1 only.</numerusform>
            <numerusform>%n notes shown on %1 only.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="279"/>
        <source>%n note(s) shown from %1 to %2.</source>
        <translation>
            <numerusform>%n note shown from %1 to %2.</numerusform>
            <numerusform>%n notes shown from %1 to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="306"/>
        <source>Saved, %n edit(s) pending sync</source>
        <translation>
            <numerusform>Saved, %n edit pending sync</numerusform>
            <numerusform>Saved, %n edits pending sync</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message numerus="yes">
        <location filename="../ui/export_actions.cpp" line="410"/>
        <source>%n note(s) imported from %1</source>
        <translation>
            <numerusform>%n note imported from %1</numerusform>
            <numerusform>%n notes imported from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/export_actions.cpp" line="411"/>
        <source>(%n already present)</source>
        <translation>
            <numerusform>(%n already present)</numerusform>
            <numerusform>(%n already present)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GhostControl</name>
    <message numerus="yes">
        <location filename="../ui/ghost_control.cpp" line="71"/>
        <source>&amp;%n Frame(s) Each Way</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="191"/>
        <source>%1: %2x%3 %4, %5 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1: %2x%3 %4, %5 fps, %n frame</numerusform>
            <numerusform>%1: %2x%3 %4, %5 fps, %n frames</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message numerus="yes">
        <location filename="../ui/render/review_report.cpp" line="136"/>
        <source>%n note(s): %1 open, %2 resolved</source>
        <translation>
            <numerusform>%n note: %1 open, %2 resolved</numerusform>
            <numerusform>%n notes: %1 open, %2 resolved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/render/review_report.cpp" line="139"/>
        <source>%n reply(s)</source>
        <translation>
            <numerusform>%n reply</numerusform>
            <numerusform>%n replies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/render/review_report.cpp" line="161"/>
        <source>... and %n more</source>
        <translation>
            <numerusform>... and %n more</numerusform>
            <numerusform>... and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="364"/>
        <source>%n edit(s) made offline are shared under the name %1</source>
        <translation>
            <numerusform>%n edit made offline is shared under the name %1</numerusform>
            <numerusform>%n edits made offline are shared under the name %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="392"/>
        <location filename="../ui/session_controller.cpp" line="404"/>
        <source>Offline: %n edit(s) pending sync</source>
        <translation>
            <numerusform>Offline: %n edit pending sync</numerusform>
            <numerusform>Offline: %n edits pending sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="397"/>
        <source>Online: sending %n edit(s)</source>
        <translation>
            <numerusform>Online: sending %n edit</numerusform>
            <numerusform>Online: sending %n edits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="400"/>
        <source>Offline, reconnecting: %n edit(s) pending sync</source>
        <translation>
            <numerusform>Offline, reconnecting: %n edit pending sync</numerusform>
            <numerusform>Offline, reconnecting: %n edits pending sync</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferProgress</name>
    <message numerus="yes">
        <location filename="../ui/transfer_progress.cpp" line="55"/>
        <source>about %n s left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/transfer_progress.cpp" line="56"/>
        <source>about %n min left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
