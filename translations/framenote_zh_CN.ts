<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="27"/>
        <location filename="../ui/main_window.cpp" line="66"/>
        <source>Framenote</source>
        <translation>Framenote</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="54"/>
        <source>%1: %2x%3 %4, %5 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1：%2x%3 %4，%5 fps，共 %n 帧</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="61"/>
        <source>%1 - Framenote</source>
        <translation>%1 - Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="65"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="74"/>
        <location filename="../ui/main_window.cpp" line="85"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="74"/>
        <source>Playing %1x</source>
        <translation>正在播放 %1x</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="91"/>
        <source>Go to frame or timecode</source>
        <translation>跳转到帧或时间码</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="114"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="115"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="116"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="119"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="121"/>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="127"/>
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="128"/>
        <source>Shuttle Back (J)</source>
        <translation>反向穿梭 (J)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="129"/>
        <source>Stop (K)</source>
        <translation>停止 (K)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="130"/>
        <source>Shuttle Forward (L)</source>
        <translation>正向穿梭 (L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="132"/>
        <source>Previous Frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="133"/>
        <source>Next Frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="134"/>
        <source>Back 10 Frames</source>
        <translation>后退 10 帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="135"/>
        <source>Forward 10 Frames</source>
        <translation>前进 10 帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="136"/>
        <source>First Frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="137"/>
        <source>Last Frame</source>
        <translation>末帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="139"/>
        <source>Go to Frame or Timecode...</source>
        <translation>跳转到帧或时间码...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="144"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="145"/>
        <source>&amp;About Framenote</source>
        <translation>关于 Framenote(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="151"/>
        <source>Frame -</source>
        <translation>帧 -</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="155"/>
        <source>Frame %1 / %2</source>
        <translation>帧 %1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="162"/>
        <source>Opening %1...</source>
        <translation>正在打开 %1...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="169"/>
        <source>Open a clip</source>
        <translation>打开片段</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="170"/>
        <source>Video files (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm);;All files (*)</source>
        <translation>视频文件 (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="204"/>
        <source>About Framenote</source>
        <translation>关于 Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="205"/>
        <source>&lt;b&gt;Framenote %1&lt;/b&gt;&lt;p&gt;Frame-accurate video review.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Framenote %1&lt;/b&gt;&lt;p&gt;帧级精确的视频审阅工具。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>PlayerController</name>
    <message>
        <location filename="../ui/player_controller.cpp" line="59"/>
        <source>%1 is beyond the last frame (%2)</source>
        <translation>%1 超出了最后一帧（%2）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/framenote/main.cpp" line="25"/>
        <source>Frame-accurate video review.</source>
        <translation>帧级精确的视频审阅工具。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="28"/>
        <source>The clip to open.</source>
        <translation>要打开的片段。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="29"/>
        <source>Open at this frame.</source>
        <translation>打开后定位到此帧。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="31"/>
        <source>Save the window as an image once the first frame shows, then quit (for docs and tests).</source>
        <translation>首帧显示后将窗口保存为图像，然后退出（用于文档和测试）。</translation>
    </message>
</context>
</TS>
