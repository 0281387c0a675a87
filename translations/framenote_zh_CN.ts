<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnnotationController</name>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="34"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="42"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="42"/>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="43"/>
        <source>Ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="43"/>
        <source>Arrow</source>
        <translation>箭头</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="44"/>
        <source>Line</source>
        <translation>直线</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="44"/>
        <source>Pen</source>
        <translation>画笔</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="45"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="68"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="69"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="73"/>
        <source>&amp;Delete Note</source>
        <translation>删除批注(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="78"/>
        <source>Saving...</source>
        <translation>正在保存...</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="81"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="82"/>
        <source>Offline: %n edit(s) pending sync</source>
        <translation>
            <numerusform>离线：%n 处修改等待同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="127"/>
        <source>Note text, Enter to add, Esc to cancel</source>
        <translation>批注文字，回车添加，Esc 取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="30"/>
        <location filename="../ui/main_window.cpp" line="87"/>
        <source>Framenote</source>
        <translation>Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="44"/>
        <source>Reviewer</source>
        <translation>审阅者</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="47"/>
        <source>Notes</source>
        <translation>批注</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="75"/>
        <source>%1: %2x%3 %4, %5 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1：%2x%3 %4，%5 fps，共 %n 帧</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="82"/>
        <source>%1 - Framenote</source>
        <translation>%1 - Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="86"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <location filename="../ui/main_window.cpp" line="106"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="95"/>
        <source>Playing %1x</source>
        <translation>正在播放 %1x</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="112"/>
        <source>Go to frame or timecode</source>
        <translation>跳转到帧或时间码</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="139"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="140"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="141"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="144"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="146"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="149"/>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="155"/>
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="156"/>
        <source>Shuttle Back (J)</source>
        <translation>反向穿梭 (J)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="157"/>
        <source>Stop (K)</source>
        <translation>停止 (K)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="158"/>
        <source>Shuttle Forward (L)</source>
        <translation>正向穿梭 (L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="160"/>
        <source>Previous Frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="161"/>
        <source>Next Frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="162"/>
        <source>Back 10 Frames</source>
        <translation>后退 10 帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="163"/>
        <source>Forward 10 Frames</source>
        <translation>前进 10 帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="164"/>
        <source>First Frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="165"/>
        <source>Last Frame</source>
        <translation>末帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="167"/>
        <source>Go to Frame or Timecode...</source>
        <translation>跳转到帧或时间码...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="172"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="173"/>
        <source>&amp;About Framenote</source>
        <translation>关于 Framenote(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="187"/>
        <source>Frame -</source>
        <translation>帧 -</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="191"/>
        <source>Frame %1 / %2</source>
        <translation>帧 %1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="198"/>
        <source>Opening %1...</source>
        <translation>正在打开 %1...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="205"/>
        <source>Open a clip</source>
        <translation>打开片段</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="206"/>
        <source>Video files (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm);;All files (*)</source>
        <translation>视频文件 (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="240"/>
        <source>About Framenote</source>
        <translation>关于 Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="241"/>
        <source>&lt;b&gt;Framenote %1&lt;/b&gt;&lt;p&gt;Frame-accurate video review.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Framenote %1&lt;/b&gt;&lt;p&gt;帧级精确的视频审阅工具。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../ui/notes_panel.cpp" line="25"/>
        <source>Search notes and replies</source>
        <translation>搜索批注和回复</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="30"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="31"/>
        <source>Open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="32"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="33"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="35"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="42"/>
        <source>Reply to the selected note, Enter to send</source>
        <translation>回复所选批注，回车发送</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="43"/>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="74"/>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="74"/>
        <source>open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="75"/>
        <source>(%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="99"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="139"/>
        <source>No notes match.</source>
        <translation>没有匹配的批注。</translation>
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
    <name>ReviewSession</name>
    <message>
        <location filename="../core/store/review_session.cpp" line="20"/>
        <source>Your edit could not be saved: %1</source>
        <translation>您的修改无法保存：%1</translation>
    </message>
    <message>
        <location filename="../core/store/review_session.cpp" line="52"/>
        <source>Viewers cannot add notes.</source>
        <translation>观看者不能添加批注。</translation>
    </message>
    <message>
        <location filename="../core/store/review_session.cpp" line="55"/>
        <source>That note no longer exists.</source>
        <translation>该批注已不存在。</translation>
    </message>
    <message>
        <location filename="../core/store/review_session.cpp" line="58"/>
        <source>You may not change a note by %1.</source>
        <translation>您不能修改 %1 的批注。</translation>
    </message>
    <message>
        <location filename="../core/store/review_session.cpp" line="82"/>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <location filename="../core/store/review_session.cpp" line="91"/>
        <source>Nothing to redo.</source>
        <translation>没有可重做的操作。</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <location filename="../core/store/store_worker.cpp" line="50"/>
        <location filename="../core/store/store_worker.cpp" line="60"/>
        <source>The local store is not open.</source>
        <translation>本地存储未打开。</translation>
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
