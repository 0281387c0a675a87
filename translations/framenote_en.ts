<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AnnotationController</name>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="82"/>
        <source>Offline: %n edit(s) pending sync</source>
        <translation>
            <numerusform>Offline: %n edit pending sync</numerusform>
            <numerusform>Offline: %n edits pending sync</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="75"/>
        <source>%1: %2x%3 %4, %5 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1: %2x%3 %4, %5 fps, %n frame</numerusform>
            <numerusform>%1: %2x%3 %4, %5 fps, %n frames</numerusform>
        </translation>
    </message>
</context>
</TS>
