<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnnotationController</name>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="84"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="92"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="93"/>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="94"/>
        <source>Ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="95"/>
        <source>Arrow</source>
        <translation>箭头</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="96"/>
        <source>Line</source>
        <translation>直线</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="97"/>
        <source>Freehand</source>
        <translation>手绘</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="98"/>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="99"/>
        <source>Laser Pointer</source>
        <translation>激光笔</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="120"/>
        <source>Text Note at the Centre</source>
        <translation>在画面中央添加文字批注</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="138"/>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="139"/>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="140"/>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="141"/>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="142"/>
        <source>White</source>
        <translation>白色</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="164"/>
        <source>Thin</source>
        <translation>细</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="165"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="166"/>
        <source>Thick</source>
        <translation>粗</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="194"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="196"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="203"/>
        <source>&amp;Delete Note</source>
        <translation>删除批注(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="206"/>
        <source>Select &amp;All Notes</source>
        <translation>全选批注(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="209"/>
        <source>Clear Selection</source>
        <translation>取消选择</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="222"/>
        <source>&amp;Hold Notes from In to Out</source>
        <translation>批注从入点保持到出点(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="225"/>
        <source>Hold Notes until the Ne&amp;xt Annotated Frame</source>
        <translation>批注保持到下一个有批注的帧(&amp;X)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="229"/>
        <source>Show Notes on This Frame &amp;Only</source>
        <translation>批注仅在本帧显示(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="216"/>
        <source>Mark an in or out point first (I, O): the notes will be shown from one to the other.</source>
        <translation>请先标记入点或出点（I、O）：批注将从入点一直显示到出点。</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="235"/>
        <source>&amp;Edit Note Text</source>
        <translation>编辑批注文字(&amp;E)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="267"/>
        <source>%n note(s) held until the next annotated frame.</source>
        <translation>
            <numerusform>%n 条批注保持到下一个有批注的帧。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="277"/>
        <source>%n note(s) shown on %1 only.</source>
        <translation>
            <numerusform>%n 条批注仅在 %1 显示。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="279"/>
        <source>%n note(s) shown from %1 to %2.</source>
        <translation>
            <numerusform>%n 条批注从 %1 显示到 %2。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="299"/>
        <source>Saving...</source>
        <translation>正在保存...</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="304"/>
        <source>Saved (local only)</source>
        <translation>已保存（仅本机）</translation>
    </message>
    <message>
        <location filename="../ui/annotation_controller.cpp" line="305"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/annotation_controller.cpp" line="306"/>
        <source>Saved, %n edit(s) pending sync</source>
        <translation>
            <numerusform>已保存，%n 处修改等待同步</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AudioPlayback</name>
    <message>
        <location filename="../ui/audio_playback.cpp" line="35"/>
        <source>No audio output device: playing without sound</source>
        <translation>没有音频输出设备：静音播放</translation>
    </message>
    <message>
        <location filename="../ui/audio_playback.cpp" line="72"/>
        <source>The audio output could not be started: playing without sound</source>
        <translation>无法启动音频输出：静音播放</translation>
    </message>
</context>
<context>
    <name>ClipFetch</name>
    <message>
        <location filename="../ui/clip_fetch.cpp" line="87"/>
        <source>Downloading %1 from the host...</source>
        <translation>正在从主持人处下载 %1...</translation>
    </message>
    <message>
        <location filename="../ui/clip_fetch.cpp" line="86"/>
        <source>Joining the Session</source>
        <translation>正在加入会话</translation>
    </message>
    <message>
        <location filename="../ui/clip_fetch.cpp" line="92"/>
        <source>Download cancelled: join again to go on where it stopped.</source>
        <translation>下载已取消：再次加入即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../ui/clip_fetch.cpp" line="67"/>
        <location filename="../ui/clip_fetch.cpp" line="97"/>
        <source>The clip could not be downloaded: %1</source>
        <translation>无法下载该片段：%1</translation>
    </message>
</context>
<context>
    <name>ClipShare</name>
    <message>
        <location filename="../ui/clip_share.cpp" line="68"/>
        <source>Sharing the Clip</source>
        <translation>共享片段</translation>
    </message>
    <message>
        <location filename="../ui/clip_share.cpp" line="69"/>
        <source>Sending %1 to the session&apos;s relay...</source>
        <translation>正在将 %1 发送到会话的中继服务器...</translation>
    </message>
    <message>
        <location filename="../ui/clip_share.cpp" line="73"/>
        <source>Sharing cancelled: share again to go on where it stopped.</source>
        <translation>共享已取消：再次共享即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../ui/clip_share.cpp" line="51"/>
        <location filename="../ui/clip_share.cpp" line="77"/>
        <source>The clip could not be shared: %1</source>
        <translation>无法共享片段：%1</translation>
    </message>
    <message>
        <location filename="../ui/clip_share.cpp" line="81"/>
        <source>The session&apos;s relay has %1 already: guests can fetch it.</source>
        <translation>会话的中继服务器已有 %1：访客可以获取它。</translation>
    </message>
    <message>
        <location filename="../ui/clip_share.cpp" line="82"/>
        <source>%1 is shared: guests without it fetch it when they join.</source>
        <translation>%1 已共享：没有它的访客加入时会自动获取。</translation>
    </message>
</context>
<context>
    <name>ColourControl</name>
    <message>
        <location filename="../ui/colour_control.cpp" line="68"/>
        <source>&amp;Colour</source>
        <translation>颜色(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="80"/>
        <source>&amp;Off: the Stream&apos;s Own Colours</source>
        <translation>关闭：使用视频流自身的颜色(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="83"/>
        <source>&amp;Built-in ACES Config</source>
        <translation>内置 ACES 配置(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="86"/>
        <source>&amp;Environment Config ($OCIO)</source>
        <translation>环境变量配置 ($OCIO)(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="89"/>
        <location filename="../ui/colour_control.cpp" line="371"/>
        <source>Config &amp;File...</source>
        <translation>配置文件(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="92"/>
        <source>&amp;Input Colour Space</source>
        <translation>输入色彩空间(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="94"/>
        <source>&amp;Display</source>
        <translation>显示设备(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="96"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="106"/>
        <source>Exposure &amp;Up Half a Stop</source>
        <translation>曝光增加半档(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="108"/>
        <source>Exposure Dow&amp;n Half a Stop</source>
        <translation>曝光降低半档(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="110"/>
        <source>&amp;Gamma Up</source>
        <translation>提高伽马(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="111"/>
        <source>Gamma Do&amp;wn</source>
        <translation>降低伽马(&amp;W)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="112"/>
        <source>&amp;Reset Exposure and Gamma</source>
        <translation>重置曝光和伽马(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="124"/>
        <source>C&amp;hannels</source>
        <translation>通道(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="129"/>
        <source>&amp;Colour (RGB)</source>
        <translation>彩色 (RGB)(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="130"/>
        <source>&amp;Red</source>
        <translation>红(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="131"/>
        <source>&amp;Green</source>
        <translation>绿(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="132"/>
        <source>&amp;Blue</source>
        <translation>蓝(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="133"/>
        <source>&amp;Alpha</source>
        <translation>Alpha(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="134"/>
        <source>&amp;Luminance</source>
        <translation>亮度(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="168"/>
        <source>Colour management is off: %1</source>
        <translation>色彩管理已关闭：%1</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="178"/>
        <source>Cannot use this colour config: %1</source>
        <translation>无法使用此颜色配置：%1</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="191"/>
        <source>Choose a Colour Config</source>
        <translation>选择颜色配置</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="192"/>
        <source>OpenColorIO configs (*.ocio);;All files (*)</source>
        <translation>OpenColorIO 配置 (*.ocio);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="238"/>
        <source>The presenter views the colours through a colour config: turn one on in View &gt; Colour to see them the same</source>
        <translation>演示者通过色彩配置查看颜色：请在“视图 &gt; 色彩”中启用一个配置，以看到相同的效果</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="256"/>
        <source>The colour config has no colour space for this clip&apos;s kind: choose one in View &gt; Colour &gt; Input Colour Space</source>
        <translation>颜色配置中没有适合此类片段的色彩空间：请在“视图 &gt; 颜色 &gt; 输入色彩空间”中选择</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="263"/>
        <source>Cannot show the colours: %1</source>
        <translation>无法显示颜色：%1</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="285"/>
        <source>The presenter&apos;s view %1 is not on your display: your own view is shown</source>
        <translation>演示者的视图 %1 不在您的显示设备上：显示您自己的视图</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="290"/>
        <source>The presenter&apos;s input colour space %1 is not in your colour config</source>
        <translation>演示者的输入色彩空间 %1 不在您的色彩配置中</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="370"/>
        <source>Config &amp;File: %1...</source>
        <translation>配置文件(&amp;F)：%1...</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="378"/>
        <source>Colour: off</source>
        <translation>颜色：关闭</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="381"/>
        <source>%1 | %2 | %3</source>
        <translation>%1 | %2 | %3</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="382"/>
        <source>no clip</source>
        <translation>无片段</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="384"/>
        <source> | %1 EV</source>
        <translation> | %1 EV</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="385"/>
        <source> | gamma %1</source>
        <translation> | 伽马 %1</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="391"/>
        <source> | channel %1</source>
        <translation> | 通道 %1</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="392"/>
        <source> | as the presenter</source>
        <translation> | 与演示者一致</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="393"/>
        <source>Colour config: %1</source>
        <translation>颜色配置：%1</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="411"/>
        <source>&amp;Automatic</source>
        <translation>自动(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/colour_control.cpp" line="412"/>
        <source>&amp;Automatic (%1)</source>
        <translation>自动 (%1)(&amp;A)</translation>
    </message>
</context>
<context>
    <name>CompareControl</name>
    <message>
        <location filename="../ui/compare_control.cpp" line="60"/>
        <source>Cannot compare with that file: %1</source>
        <translation>无法与该文件对比：%1</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="93"/>
        <source>Co&amp;mpare</source>
        <translation>对比(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="104"/>
        <source>&amp;Load B Version...</source>
        <translation>载入 B 版本(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="107"/>
        <source>&amp;Close B</source>
        <translation>关闭 B(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="116"/>
        <source>&amp;A Only</source>
        <translation>仅 A(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="117"/>
        <source>&amp;B Only</source>
        <translation>仅 B(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="118"/>
        <source>&amp;Wipe</source>
        <translation>划像(&amp;W)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="120"/>
        <source>&amp;Side by Side</source>
        <translation>左右并排(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="122"/>
        <source>&amp;Over/Under</source>
        <translation>上下并排(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="123"/>
        <source>&amp;Difference</source>
        <translation>差值(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="135"/>
        <source>&amp;Toggle A/B</source>
        <translation>切换 A/B(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="139"/>
        <source>&amp;Horizontal Wipe</source>
        <translation>水平划像(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="144"/>
        <source>B One Frame Late&amp;r</source>
        <translation>B 后移一帧(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="147"/>
        <source>B One Frame &amp;Earlier</source>
        <translation>B 前移一帧(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="150"/>
        <source>Reset B O&amp;ffset</source>
        <translation>重置 B 偏移(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="152"/>
        <source>Difference &amp;Gain Up</source>
        <translation>增大差值增益(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="155"/>
        <source>Difference Gain Dow&amp;n</source>
        <translation>减小差值增益(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="162"/>
        <source>Load a version to compare with</source>
        <translation>载入要对比的版本</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="184"/>
        <source>Comparing with %1</source>
        <translation>正在与 %1 对比</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="261"/>
        <source>The presenter compares with %1: load that version as B (View &gt; Compare) to see the same</source>
        <translation>演示者正在与 %1 对比：将该版本作为 B 载入（视图 &gt; 对比）即可看到相同画面</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="394"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="396"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="398"/>
        <source>Wipe</source>
        <translation>划像</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="400"/>
        <source>Side by side</source>
        <translation>左右并排</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="402"/>
        <source>Over/under</source>
        <translation>上下并排</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="404"/>
        <source>Difference x%1</source>
        <translation>差值 x%1</translation>
    </message>
    <message>
        <location filename="../ui/compare_control.cpp" line="410"/>
        <source>Compare: %1 | B: %2%3</source>
        <translation>对比：%1 | B：%2%3</translation>
    </message>
</context>
<context>
    <name>DamageMarks</name>
    <message>
        <location filename="../ui/damage_marks.cpp" line="43"/>
        <source>Only %1 of the %2 frames this file declares can be read: it is truncated or damaged.</source>
        <translation>此文件声明的 %2 帧中只有 %1 帧可以读取：文件被截断或已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/damage_marks.cpp" line="62"/>
        <source>Frame %1 decoded with errors: the file is damaged here.</source>
        <translation>第 %1 帧解码出错：文件在此处已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/damage_marks.cpp" line="74"/>
        <source>Frame %1 is missing from the sequence: there is no file for it.</source>
        <translation>序列中缺少第 %1 帧：没有对应的文件。</translation>
    </message>
    <message>
        <location filename="../ui/damage_marks.cpp" line="76"/>
        <source>Frame %1 cannot be decoded: the file is damaged or ends here.</source>
        <translation>第 %1 帧无法解码：文件在此处已损坏或已结束。</translation>
    </message>
</context>
<context>
    <name>EmbeddedRelay</name>
    <message>
        <location filename="../ui/embedded_relay.cpp" line="40"/>
        <source>The folder %1 cannot be created for the session&apos;s data.</source>
        <translation>无法创建用于存放会话数据的文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../ui/export_actions.cpp" line="81"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="89"/>
        <source>Notes as &amp;JSON...</source>
        <translation>批注 (JSON)(&amp;J)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="91"/>
        <source>Export notes as JSON</source>
        <translation>将批注导出为 JSON</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="92"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="94"/>
        <source>Notes as &amp;CSV...</source>
        <translation>批注 (CSV)(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="96"/>
        <source>Export notes as CSV</source>
        <translation>将批注导出为 CSV</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="97"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="99"/>
        <source>&amp;EDL Markers (DaVinci Resolve)...</source>
        <translation>EDL 标记 (DaVinci Resolve)(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="101"/>
        <source>Export EDL markers</source>
        <translation>导出 EDL 标记</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="102"/>
        <source>EDL files (*.edl)</source>
        <translation>EDL 文件 (*.edl)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="107"/>
        <source>EDL &amp;Markers in the Notes&apos; Colours</source>
        <translation>EDL 标记使用批注颜色(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="115"/>
        <source>&amp;Avid Markers...</source>
        <translation>Avid 标记(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="117"/>
        <source>Export Avid markers</source>
        <translation>导出 Avid 标记</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="118"/>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="120"/>
        <source>Open&amp;TimelineIO Timeline...</source>
        <translation>OpenTimelineIO 时间线(&amp;T)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="122"/>
        <source>Export an OpenTimelineIO timeline</source>
        <translation>导出 OpenTimelineIO 时间线</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="123"/>
        <source>OpenTimelineIO files (*.otio)</source>
        <translation>OpenTimelineIO 文件 (*.otio)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="126"/>
        <source>Notes as CSV with &amp;Pictures...</source>
        <translation>笔记 CSV 及图片(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="129"/>
        <source>Export the notes&apos; pictures into a folder</source>
        <translation>将笔记图片导出到文件夹</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="132"/>
        <source>Mo&amp;vie with Drawings (MP4)...</source>
        <translation>带绘图的影片(MP4)(&amp;V)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="134"/>
        <source>Export a movie with the drawings burned in</source>
        <translation>导出烧录了绘图的影片</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="135"/>
        <source>MP4 movies (*.mp4)</source>
        <translation>MP4 影片 (*.mp4)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="138"/>
        <source>Review &amp;Report (PDF)...</source>
        <translation>审阅报告 (PDF)(&amp;R)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="141"/>
        <source>Export review report</source>
        <translation>导出审阅报告</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="141"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="151"/>
        <source>&amp;Import Notes (JSON)...</source>
        <translation>导入批注 (JSON)(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="146"/>
        <source>Import notes</source>
        <translation>导入批注</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="61"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="147"/>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="196"/>
        <source>An export is already running</source>
        <translation>已有导出任务正在进行</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="200"/>
        <source>Open a clip first: exports are about the open clip&apos;s notes.</source>
        <translation>请先打开片段：导出的是当前片段的批注。</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="217"/>
        <source>Notes export and import</source>
        <translation>批注导出与导入</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="238"/>
        <source>Exporting notes to %1...</source>
        <translation>正在将批注导出到 %1...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="249"/>
        <source>Notes exported to %1</source>
        <translation>批注已导出到 %1</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="252"/>
        <source>Could not export the notes to %1: %2</source>
        <translation>无法将批注导出到 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="260"/>
        <source>Writing the review report %1...</source>
        <translation>正在写入审阅报告 %1...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="267"/>
        <source>Could not write the review report %1: %2</source>
        <translation>无法写入审阅报告 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="265"/>
        <source>Review report saved to %1</source>
        <translation>审阅报告已保存到 %1</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="274"/>
        <source>Writing the notes&apos; pictures to %1...</source>
        <translation>正在将笔记图片写入 %1...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="281"/>
        <source>The notes&apos; pictures and notes.csv saved to %1</source>
        <translation>笔记图片和 notes.csv 已保存到 %1</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="283"/>
        <source>Could not write the notes&apos; pictures to %1: %2</source>
        <translation>无法将笔记图片写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="300"/>
        <source>the clip has no notes; set an in and out point to export a range without them</source>
        <translation>此片段没有批注；请设置入点和出点以导出不含批注的范围</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="303"/>
        <source>Writing the movie %1...</source>
        <translation>正在写入影片 %1...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="314"/>
        <source>Movie saved to %1</source>
        <translation>影片已保存到 %1</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="316"/>
        <source>Could not write the movie %1: %2</source>
        <translation>无法写入影片 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="372"/>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="383"/>
        <source>Importing notes from %1...</source>
        <translation>正在从 %1 导入批注...</translation>
    </message>
    <message>
        <location filename="../ui/export_actions.cpp" line="406"/>
        <source>Could not import %1: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/export_actions.cpp" line="410"/>
        <source>%n note(s) imported from %1</source>
        <translation>
            <numerusform>已从 %1 导入 %n 条批注</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/export_actions.cpp" line="411"/>
        <source>(%n already present)</source>
        <translation>
            <numerusform>（%n 条已存在）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GhostControl</name>
    <message>
        <location filename="../ui/ghost_control.cpp" line="58"/>
        <source>&amp;Ghosts</source>
        <translation>重影(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/ghost_control.cpp" line="62"/>
        <source>&amp;Show Ghosts of Nearby Frames</source>
        <translation>显示相邻帧的重影(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/ghost_control.cpp" line="71"/>
        <source>&amp;%n Frame(s) Each Way</source>
        <translation>
            <numerusform>前后各 %n 帧(&amp;%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/ghost_control.cpp" line="78"/>
        <source>Tint &amp;Before...</source>
        <translation>之前帧的色调(&amp;B)...</translation>
    </message>
    <message>
        <location filename="../ui/ghost_control.cpp" line="80"/>
        <source>Tint &amp;After...</source>
        <translation>之后帧的色调(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../ui/ghost_control.cpp" line="105"/>
        <source>Tint of the Frames Before</source>
        <translation>之前帧的色调</translation>
    </message>
    <message>
        <location filename="../ui/ghost_control.cpp" line="105"/>
        <source>Tint of the Frames After</source>
        <translation>之后帧的色调</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <location filename="../ui/help_dialogs.cpp" line="109"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../ui/help_dialogs.cpp" line="110"/>
        <source>Type to find an action or a key</source>
        <translation>输入以查找操作或按键</translation>
    </message>
    <message>
        <location filename="../ui/help_dialogs.cpp" line="112"/>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <location filename="../ui/help_dialogs.cpp" line="112"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/help_dialogs.cpp" line="112"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../ui/help_dialogs.cpp" line="134"/>
        <source>Framenote User Guide</source>
        <translation>Framenote 用户指南</translation>
    </message>
</context>
<context>
    <name>HostSessionDialog</name>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="33"/>
        <source>Host a Session</source>
        <translation>主持会话</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="36"/>
        <source>Others on your network join with an invitation. Each invitation names one person and is valid for 7 days.</source>
        <translation>网络中的其他人可通过邀请加入。每份邀请对应一个人，有效期为 7 天。</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="50"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="63"/>
        <source>Guest</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="71"/>
        <source>Reviewer: draws and writes notes</source>
        <translation>审阅者：可绘制和撰写批注</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="72"/>
        <source>Viewer: watches and follows only</source>
        <translation>观看者：仅观看和跟随</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="80"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="53"/>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="55"/>
        <source>Presenter-l&amp;ed: only the presenter controls playback (others may ask to drive)</source>
        <translation>演示者主导：只有演示者控制播放（其他人可请求控制）(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="62"/>
        <source>A&amp;ddress:</source>
        <translation>地址(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="65"/>
        <source>&amp;Invite:</source>
        <translation>邀请对象(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="74"/>
        <source>&amp;As:</source>
        <translation>身份(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="83"/>
        <source>I&amp;nvitation:</source>
        <translation>邀请链接(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="99"/>
        <source>Invitation copied. Send it to %1.</source>
        <translation>邀请已复制，请发送给 %1。</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="137"/>
        <source>Hosting on port %1. Copy an invitation for each person.</source>
        <translation>正在端口 %1 上主持会话。请为每个人分别复制一份邀请。</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="140"/>
        <source>Starting the session...</source>
        <translation>正在启动会话...</translation>
    </message>
    <message>
        <location filename="../ui/host_session_dialog.cpp" line="142"/>
        <source>Not hosting. Start shares the open clip&apos;s notes on this port.</source>
        <translation>未在主持会话。点击“开始”将在此端口上共享当前片段的批注。</translation>
    </message>
</context>
<context>
    <name>JoinSessionDialog</name>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="25"/>
        <source>Join a Session</source>
        <translation>加入会话</translation>
    </message>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="28"/>
        <source>Open the clip the session reviews, then paste the invitation you received. The clip is matched by its content, so your copy may be anywhere.</source>
        <translation>先打开该会话审阅的片段，再粘贴你收到的邀请。片段按内容匹配，因此你的副本可以存放在任意位置。</translation>
    </message>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="38"/>
        <source>framenote://host:7370/?token=... or host:port</source>
        <translation>framenote://host:7370/?token=... 或 host:port</translation>
    </message>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="40"/>
        <source>&amp;Invitation or address:</source>
        <translation>邀请或地址(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="45"/>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="44"/>
        <source>Only if the invitation has no token</source>
        <translation>仅当邀请中不含令牌时填写</translation>
    </message>
    <message>
        <location filename="../ui/join_session_dialog.cpp" line="53"/>
        <source>Join</source>
        <translation>加入</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="172"/>
        <source>Framenote</source>
        <translation>Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="72"/>
        <source>Reviewer</source>
        <translation>审阅者</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="76"/>
        <source>Notes</source>
        <translation>批注</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="191"/>
        <source>%1: %2x%3 %4, %5 fps, %n frame(s)</source>
        <translation>
            <numerusform>%1：%2x%3 %4，%5 fps，共 %n 帧</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="178"/>
        <source>%1 - Framenote</source>
        <translation>%1 - Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="246"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="248"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="250"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="263"/>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="282"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="284"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="294"/>
        <source>&amp;Find Notes...</source>
        <translation>查找批注(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="308"/>
        <source>Re&amp;ply to Note</source>
        <translation>回复批注(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="315"/>
        <source>Resolve or Reopen &amp;Note</source>
        <translation>解决或重新打开批注(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="319"/>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="326"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="334"/>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="346"/>
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="348"/>
        <source>Shuttle Back (J)</source>
        <translation>反向穿梭 (J)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="351"/>
        <source>Stop (K)</source>
        <translation>停止 (K)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="353"/>
        <source>Shuttle Forward (L)</source>
        <translation>正向穿梭 (L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="357"/>
        <source>Previous Frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="360"/>
        <source>Next Frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="362"/>
        <source>Back 10 Frames</source>
        <translation>后退 10 帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="365"/>
        <source>Forward 10 Frames</source>
        <translation>前进 10 帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="368"/>
        <source>First Frame</source>
        <translation>首帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="370"/>
        <source>Last Frame</source>
        <translation>末帧</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="373"/>
        <source>Mark In</source>
        <translation>标记入点</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="375"/>
        <source>Mark Out</source>
        <translation>标记出点</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="377"/>
        <source>Clear In/Out</source>
        <translation>清除入点/出点</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="380"/>
        <source>Loop Playback</source>
        <translation>循环播放</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="392"/>
        <source>Mute Sound</source>
        <translation>静音</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="403"/>
        <source>Next Note</source>
        <translation>下一条批注</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="406"/>
        <source>Previous Note</source>
        <translation>上一条批注</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="410"/>
        <source>Go to Frame or Timecode...</source>
        <translation>跳转到帧或时间码...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="493"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="496"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="500"/>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="506"/>
        <source>&amp;About Framenote</source>
        <translation>关于 Framenote(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="588"/>
        <source>Video files and image sequences (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm *.exr *.dpx *.tif *.tiff *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>视频文件和图像序列 (*.mov *.mp4 *.m4v *.mkv *.mxf *.avi *.ts *.mts *.webm *.exr *.dpx *.tif *.tiff *.png *.jpg *.jpeg);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="418"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="228"/>
        <source>No sound</source>
        <translation>无声音</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="423"/>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="426"/>
        <source>&amp;Actual Pixels (1:1)</source>
        <translation>实际像素 (1:1)(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="428"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="433"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="437"/>
        <source>&amp;Time Display</source>
        <translation>时间显示(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="442"/>
        <source>Timecode and Frame Number</source>
        <translation>时间码和帧号</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="443"/>
        <source>Timecode</source>
        <translation>时间码</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="444"/>
        <source>Frame Number</source>
        <translation>帧号</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="486"/>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="481"/>
        <source>Fit (%1)</source>
        <translation>适应 (%1)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="542"/>
        <source>Opening %1...</source>
        <translation>正在打开 %1...</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="587"/>
        <source>Open a clip</source>
        <translation>打开片段</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="625"/>
        <source>About Framenote</source>
        <translation>关于 Framenote</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="626"/>
        <source>&lt;b&gt;Framenote %1&lt;/b&gt;&lt;p&gt;Frame-accurate video review.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Framenote %1&lt;/b&gt;&lt;p&gt;帧级精确的视频审阅工具。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NoteKind</name>
    <message>
        <location filename="../core/model/kind_registry.cpp" line="13"/>
        <source>rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <location filename="../core/model/kind_registry.cpp" line="16"/>
        <source>ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <location filename="../core/model/kind_registry.cpp" line="21"/>
        <source>arrow</source>
        <translation>箭头</translation>
    </message>
    <message>
        <location filename="../core/model/kind_registry.cpp" line="26"/>
        <source>line</source>
        <translation>直线</translation>
    </message>
    <message>
        <location filename="../core/model/kind_registry.cpp" line="31"/>
        <source>freehand</source>
        <translation>手绘</translation>
    </message>
    <message>
        <location filename="../core/model/kind_registry.cpp" line="36"/>
        <source>text</source>
        <translation>文字</translation>
    </message>
</context>
<context>
    <name>NoteTextEditor</name>
    <message>
        <location filename="../ui/note_text_editor.cpp" line="18"/>
        <source>Note text: Enter adds it, Shift+Enter a new line, Ctrl+B bold, Esc cancels</source>
        <translation>批注文字：Enter 添加，Shift+Enter 换行，Ctrl+B 加粗，Esc 取消</translation>
    </message>
    <message>
        <location filename="../ui/note_text_editor.cpp" line="20"/>
        <source>Ctrl+B bold, Ctrl+I italic, Ctrl+U underline; start a line with &quot;* &quot; for a list</source>
        <translation>Ctrl+B 加粗，Ctrl+I 斜体，Ctrl+U 下划线；行首输入“* ”开始列表</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../ui/notes_panel.cpp" line="136"/>
        <source>Search notes and replies</source>
        <translation>搜索批注和回复</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="137"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="138"/>
        <source>Open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="139"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="140"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="141"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="142"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="176"/>
        <source>tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="183"/>
        <source>(edited)</source>
        <translation>（已编辑）</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="238"/>
        <source>Any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="307"/>
        <source>Select a note to reply to (Ctrl+A selects this frame&apos;s).</source>
        <translation>请先选择要回复的批注（Ctrl+A 选择本帧的批注）。</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="328"/>
        <source>Tags...</source>
        <translation>标签...</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="340"/>
        <source>Edit Reply “%1”</source>
        <translation>编辑回复“%1”</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="343"/>
        <source>Delete Reply “%1”</source>
        <translation>删除回复“%1”</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="362"/>
        <source>Editing your reply: Enter saves it, Esc leaves it as it was.</source>
        <translation>正在编辑你的回复：按 Enter 保存，按 Esc 保持原样。</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="374"/>
        <source>Reply deleted. Undo (Ctrl+Z) brings it back.</source>
        <translation>回复已删除。撤销（Ctrl+Z）可恢复。</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="392"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="392"/>
        <source>Tags of this note, separated by commas:</source>
        <translation>此批注的标签，用逗号分隔：</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="110"/>
        <source>Reply left as it was.</source>
        <translation>回复保持原样。</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="297"/>
        <location filename="../ui/notes_panel.cpp" line="325"/>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="174"/>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="174"/>
        <source>open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="178"/>
        <source>(%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="233"/>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="279"/>
        <source>No notes match.</source>
        <translation>没有匹配的批注。</translation>
    </message>
    <message>
        <location filename="../ui/notes_panel.cpp" line="297"/>
        <location filename="../ui/notes_panel.cpp" line="325"/>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
</context>
<context>
    <name>OpenFailure</name>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="19"/>
        <source>Cannot open %1: the file does not exist (it may have been moved or renamed).</source>
        <translation>无法打开 %1：文件不存在（可能已被移动或重命名）。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="24"/>
        <source>Cannot open %1: you are not permitted to read it.</source>
        <translation>无法打开 %1：您没有读取该文件的权限。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="26"/>
        <source>Cannot open %1: it is a folder, not a video file.</source>
        <translation>无法打开 %1：这是一个文件夹，不是视频文件。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="28"/>
        <source>Cannot open %1: the file is empty.</source>
        <translation>无法打开 %1：文件是空的。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="30"/>
        <source>Cannot open %1: it is not a video file Framenote can read, or it is damaged.</source>
        <translation>无法打开 %1：这不是 Framenote 能读取的视频文件，或者文件已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="35"/>
        <source>Cannot open %1: it holds no video, only sound or other data.</source>
        <translation>无法打开 %1：文件中没有视频，只有声音或其他数据。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="38"/>
        <source>Cannot open %1: its video is in a format this computer cannot decode.</source>
        <translation>无法打开 %1：本机无法解码其视频格式。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="41"/>
        <source>Cannot open %1: the file is truncated or damaged, its video cannot be read.</source>
        <translation>无法打开 %1：文件不完整或已损坏，无法读取其视频。</translation>
    </message>
    <message>
        <location filename="../ui/open_failure_text.cpp" line="48"/>
        <source>Cannot open %1.</source>
        <translation>无法打开 %1。</translation>
    </message>
</context>
<context>
    <name>ParticipantsPanel</name>
    <message>
        <location filename="../ui/participants_panel.cpp" line="23"/>
        <source>viewer</source>
        <translation>观看者</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="25"/>
        <source>reviewer</source>
        <translation>审阅者</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="27"/>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="67"/>
        <source>Not in a session. Use Session &gt; Host a Session or Join a Session.</source>
        <translation>当前未加入会话。请使用“会话 &gt; 主持会话”或“加入会话”。</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="77"/>
        <source>Offline since %1: reconnecting. The list is from then.</source>
        <translation>自 %1 起离线：正在重新连接。列表为当时的状态。</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="79"/>
        <source>Connecting...</source>
        <translation>正在连接...</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="89"/>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="94"/>
        <source>presenting</source>
        <translation>正在演示</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="96"/>
        <source>following</source>
        <translation>正在跟随</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="99"/>
        <source>asks to drive</source>
        <translation>请求控制</translation>
    </message>
    <message>
        <location filename="../ui/participants_panel.cpp" line="101"/>
        <source>frame %1</source>
        <translation>第 %1 帧</translation>
    </message>
</context>
<context>
    <name>PixelProbe</name>
    <message>
        <location filename="../ui/pixel_probe.cpp" line="36"/>
        <source>Pi&amp;xel Probe</source>
        <translation>像素探针(&amp;X)</translation>
    </message>
    <message>
        <location filename="../ui/pixel_probe.cpp" line="86"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../ui/pixel_probe.cpp" line="86"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../ui/pixel_probe.cpp" line="97"/>
        <location filename="../ui/pixel_probe.cpp" line="98"/>
        <source>x %1 y %2</source>
        <translation>x %1 y %2</translation>
    </message>
    <message>
        <location filename="../ui/pixel_probe.cpp" line="105"/>
        <source>RGB %1 %2 %3</source>
        <translation>RGB %1 %2 %3</translation>
    </message>
    <message>
        <location filename="../ui/pixel_probe.cpp" line="120"/>
        <location filename="../ui/pixel_probe.cpp" line="127"/>
        <source>shown %1 %2 %3</source>
        <translation>显示 %1 %2 %3</translation>
    </message>
</context>
<context>
    <name>PlayerController</name>
    <message>
        <location filename="../ui/player_controller.cpp" line="127"/>
        <source>Cannot go there: the presenter drives playback</source>
        <translation>无法跳转：播放由演示者控制</translation>
    </message>
    <message>
        <location filename="../ui/player_controller.cpp" line="137"/>
        <source>Cannot go there: frame %1 is outside the sequence (%2 to %3)</source>
        <translation>无法跳转：第 %1 帧不在序列范围内（%2 到 %3）</translation>
    </message>
    <message>
        <location filename="../ui/player_controller.cpp" line="149"/>
        <source>Cannot go there: %1</source>
        <translation>无法跳转：%1</translation>
    </message>
    <message>
        <location filename="../ui/player_controller.cpp" line="290"/>
        <source>The audio output stopped responding: playing without sound</source>
        <translation>音频输出无响应：改为静音播放</translation>
    </message>
</context>
<context>
    <name>ReplyBox</name>
    <message>
        <location filename="../ui/reply_box.cpp" line="14"/>
        <source>Reply to the selected note</source>
        <translation>回复所选批注</translation>
    </message>
    <message>
        <location filename="../ui/reply_box.cpp" line="15"/>
        <source>Reply to the selected note; Enter sends it. Up in the empty box edits your last reply.</source>
        <translation>回复所选批注；按 Enter 发送。在空白输入框中按上方向键可编辑你的上一条回复。</translation>
    </message>
    <message>
        <location filename="../ui/reply_box.cpp" line="13"/>
        <source>Your reply: Enter saves it, Esc leaves it as it was</source>
        <translation>你的回复：按 Enter 保存，按 Esc 保持原样</translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <location filename="../ui/render/review_report.cpp" line="51"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="51"/>
        <source>Open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="60"/>
        <source>Frames %1-%2  |  %3 - %4</source>
        <translation>帧 %1-%2  |  %3 - %4</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="64"/>
        <source>Frame %1  |  %2</source>
        <translation>帧 %1  |  %2</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="131"/>
        <source>Review report</source>
        <translation>审阅报告</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="133"/>
        <source>Generated: %1</source>
        <translation>生成时间：%1</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="135"/>
        <source>Media ID: %1</source>
        <translation>媒体 ID：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/render/review_report.cpp" line="136"/>
        <source>%n note(s): %1 open, %2 resolved</source>
        <translation>
            <numerusform>共 %n 条批注：%1 条未解决，%2 条已解决</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/render/review_report.cpp" line="139"/>
        <source>%n reply(s)</source>
        <translation>
            <numerusform>%n 条回复</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="140"/>
        <source>Authors: %1</source>
        <translation>作者：%1</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="146"/>
        <source>Frame</source>
        <translation>帧</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="146"/>
        <source>Timecode</source>
        <translation>时间码</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="146"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="147"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="147"/>
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/render/review_report.cpp" line="161"/>
        <source>... and %n more</source>
        <translation>
            <numerusform>... 另有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="172"/>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="179"/>
        <source>(drawing only, no text)</source>
        <translation>（仅绘图，无文字）</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="189"/>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="293"/>
        <source>Review report: %1</source>
        <translation>审阅报告：%1</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="345"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <location filename="../ui/render/review_report.cpp" line="377"/>
        <source>%1 - %2 (continued)</source>
        <translation>%1 - %2（续）</translation>
    </message>
</context>
<context>
    <name>ReviewSession</name>
    <message>
        <location filename="../core/review/review_session.cpp" line="21"/>
        <source>Your edit could not be saved: %1</source>
        <translation>你的修改无法保存：%1</translation>
    </message>
    <message>
        <location filename="../core/review/review_session.cpp" line="107"/>
        <source>That note no longer exists.</source>
        <translation>该批注已不存在。</translation>
    </message>
    <message>
        <location filename="../core/review/review_session.cpp" line="111"/>
        <source>Viewers cannot add notes.</source>
        <translation>观看者不能添加批注。</translation>
    </message>
    <message>
        <location filename="../core/review/review_session.cpp" line="114"/>
        <source>You may not change a note by %1.</source>
        <translation>你不能修改 %1 的批注。</translation>
    </message>
    <message>
        <location filename="../core/review/review_session.cpp" line="140"/>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <location filename="../core/review/review_session.cpp" line="149"/>
        <source>Nothing to redo.</source>
        <translation>没有可重做的操作。</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <location filename="../ui/session_controller.cpp" line="34"/>
        <source>You left the session: the clip could not be opened.</source>
        <translation>你已离开会话：无法打开该片段。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="38"/>
        <source>The hosted session stopped: %1</source>
        <translation>主持的会话已停止：%1</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="49"/>
        <source>Reviewer</source>
        <translation>审阅者</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="60"/>
        <source>Open the clip to review first: a session shares one clip.</source>
        <translation>请先打开要审阅的片段：一个会话只共享一个片段。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="61"/>
        <source>The session is already starting.</source>
        <translation>会话正在启动。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="99"/>
        <source>The session could not start: %1</source>
        <translation>会话无法启动：%1</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="144"/>
        <source>Open the clip the session reviews first: the session is matched by the clip&apos;s content.</source>
        <translation>请先打开该会话审阅的片段：会话按片段内容进行匹配。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="148"/>
        <source>This session reviews another clip (%1). Open the same file (any copy, under any path) and join again.</source>
        <translation>此会话审阅的是另一个片段（%1）。请打开同一文件（任意副本、任意路径均可）后重新加入。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="301"/>
        <source>Participant %1</source>
        <translation>参与者 %1</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="306"/>
        <source>Not connected to the session: try again once online.</source>
        <translation>未连接到会话：请在联机后重试。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="313"/>
        <source>The session refused an edit: %1</source>
        <translation>会话拒绝了一项修改：%1</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="324"/>
        <source>Session: %1</source>
        <translation>会话：%1</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="332"/>
        <source>The session reviews another clip: open the same file (any copy, under any path) and join again.</source>
        <translation>此会话审阅的是另一个片段：请打开同一文件（任意副本、任意路径均可）后重新加入。</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="334"/>
        <source>The session ended: %1</source>
        <translation>会话已结束：%1</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="351"/>
        <source>You left the session: another clip was opened.</source>
        <translation>你已离开会话：打开了另一个片段。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="364"/>
        <source>%n edit(s) made offline are shared under the name %1</source>
        <translation>
            <numerusform>%n 条离线时做的修改以 %1 的名义共享</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="392"/>
        <location filename="../ui/session_controller.cpp" line="404"/>
        <source>Offline: %n edit(s) pending sync</source>
        <translation>
            <numerusform>离线：%n 处修改等待同步</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="393"/>
        <source>Not shared</source>
        <translation>未共享</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="397"/>
        <source>Online: sending %n edit(s)</source>
        <translation>
            <numerusform>在线：正在发送 %n 处修改</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="397"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../ui/session_controller.cpp" line="399"/>
        <source>Connecting...</source>
        <translation>正在连接...</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_controller.cpp" line="400"/>
        <source>Offline, reconnecting: %n edit(s) pending sync</source>
        <translation>
            <numerusform>离线，正在重新连接：%n 处修改等待同步</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionInvite</name>
    <message>
        <location filename="../ui/session_invite.cpp" line="36"/>
        <source>Paste an invitation or type the host&apos;s address.</source>
        <translation>请粘贴邀请，或输入主持人的地址。</translation>
    </message>
    <message>
        <location filename="../ui/session_invite.cpp" line="46"/>
        <source>&quot;%1&quot; is not an invitation or a relay address (host:port).</source>
        <translation>“%1”不是有效的邀请或中继地址 (host:port)。</translation>
    </message>
    <message>
        <location filename="../ui/session_invite.cpp" line="84"/>
        <source>The token is damaged: copy the whole invitation again.</source>
        <translation>令牌已损坏：请重新复制完整的邀请。</translation>
    </message>
</context>
<context>
    <name>SessionUi</name>
    <message>
        <location filename="../ui/session_ui.cpp" line="35"/>
        <source>Participants</source>
        <translation>参与者</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="86"/>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="93"/>
        <source>&amp;Host a Session...</source>
        <translation>主持会话(&amp;H)...</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="97"/>
        <source>&amp;Invite Someone...</source>
        <translation>邀请他人(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="98"/>
        <source>&amp;Join a Session...</source>
        <translation>加入会话(&amp;J)...</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="101"/>
        <source>&amp;Leave Session</source>
        <translation>离开会话(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="102"/>
        <source>&amp;Share Clip with Session</source>
        <translation>与会话共享片段(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="106"/>
        <source>&amp;Present (Others Follow Me)</source>
        <translation>演示（其他人跟随我）(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="111"/>
        <source>&amp;Follow the Presenter</source>
        <translation>跟随演示者(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="118"/>
        <source>P&amp;resenter-Led Session</source>
        <translation>演示者主导会话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="127"/>
        <source>Hand &amp;Over To</source>
        <translation>移交给(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="131"/>
        <source>Ask to &amp;Drive</source>
        <translation>请求控制(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="170"/>
        <source>Join a session whose relay takes media first</source>
        <translation>请先加入一个中继服务器接受媒体的会话</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="172"/>
        <source>Viewers cannot share clips</source>
        <translation>观看者不能共享片段</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="173"/>
        <source>Open the clip to share first</source>
        <translation>先打开要共享的片段</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="220"/>
        <source>This session is presenter-led now: only the presenter controls playback; everyone may point and write notes.</source>
        <translation>本会话现为演示者主导：只有演示者控制播放；所有人仍可指点和写批注。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="222"/>
        <source>This session is open now: anyone may present.</source>
        <translation>本会话现已开放：任何人都可以演示。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="226"/>
        <source>You present now: the others follow your playback.</source>
        <translation>现在由你演示：其他人跟随你的播放。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="227"/>
        <source>%1 presents now.</source>
        <translation>现在由 %1 演示。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="234"/>
        <source>%1 asks to drive: Session &gt; Hand Over To &gt; %1.</source>
        <translation>%1 请求控制：会话 &gt; 移交给 &gt; %1。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="246"/>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="247"/>
        <source>%1 (asks to drive)</source>
        <translation>%1（请求控制）</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="256"/>
        <source>Nobody else is in the session</source>
        <translation>会话中没有其他人</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="262"/>
        <source>%1 presents: in this session only the presenter controls playback. Session &gt; Ask to Drive asks for it.</source>
        <translation>%1 正在演示：本会话中只有演示者控制播放。可用 会话 &gt; 请求控制 提出请求。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="265"/>
        <source>Nobody presents yet: in this session only the presenter controls playback.</source>
        <translation>尚无人演示：本会话中只有演示者控制播放。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="282"/>
        <source>%1 presents (Session &gt; Ask to Drive to take over)</source>
        <translation>%1 正在演示（会话 &gt; 请求控制 可接手）</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="283"/>
        <source>Following %1 (Session &gt; Follow the Presenter to stop)</source>
        <translation>正在跟随 %1（会话 &gt; 跟随演示者 可停止）</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="321"/>
        <source>Guest</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="355"/>
        <source>You are hosting this session: leaving ends it for everyone in it. Your notes stay saved on this computer.</source>
        <translation>你正在主持此会话：离开将为所有参与者结束会话。你的批注仍保存在本机上。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="357"/>
        <source>Leave the session? Your notes stay saved on this computer; edits not yet sent are sent when you join again.</source>
        <translation>要离开会话吗？你的批注仍保存在本机上；尚未发送的修改会在你再次加入时发送。</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="360"/>
        <source>End Session</source>
        <translation>结束会话</translation>
    </message>
    <message>
        <location filename="../ui/session_ui.cpp" line="360"/>
        <source>Leave</source>
        <translation>离开</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="102"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="106"/>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="108"/>
        <source>Automatic (by join order)</source>
        <translation>自动（按加入顺序）</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="109"/>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="107"/>
        <source>&amp;Colour:</source>
        <translation>颜色(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="111"/>
        <source>ws://host:port</source>
        <translation>ws://host:port</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="110"/>
        <source>Default &amp;server:</source>
        <translation>默认服务器(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="113"/>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="114"/>
        <source>Decoded frames kept around the playhead, for instant stepping</source>
        <translation>在播放头附近保留的已解码帧，用于即时逐帧步进</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="120"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="115"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="102"/>
        <source>Welcome to Framenote</source>
        <translation>欢迎使用 Framenote</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="104"/>
        <source>Your name and colour mark your notes and show who you are in shared reviews. You can change them later in Edit &gt; Settings.</source>
        <translation>你的名字和颜色会标记你的批注，并在共享审阅中表明你的身份。之后可在“编辑 &gt; 设置”中修改。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="112"/>
        <source>&amp;Frame cache:</source>
        <translation>帧缓存(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="116"/>
        <source>Image se&amp;quence rate:</source>
        <translation>图像序列帧率(&amp;Q):</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="118"/>
        <source>Frames per second for image sequences (EXR, DPX ...), which do not say; applies to the next one opened</source>
        <translation>图像序列（EXR、DPX 等）本身不带帧率，此处设定每秒帧数；对下一个打开的序列生效</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="122"/>
        <source>The name, the colour and the language apply at once (in a shared session, the name and colour from the next one).</source>
        <translation>名字、颜色和语言立即生效（在共享会话中，名字和颜色从下一次会话起生效）。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.cpp" line="171"/>
        <source>Your colour</source>
        <translation>你的颜色</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <location filename="../core/review/store_worker.cpp" line="76"/>
        <location filename="../core/review/store_worker.cpp" line="85"/>
        <source>The local store is not open.</source>
        <translation>本地存储未打开。</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../ui/timeline_widget.cpp" line="181"/>
        <source>Frame %1</source>
        <translation>帧 %1</translation>
    </message>
    <message>
        <location filename="../ui/timeline_widget.cpp" line="183"/>
        <source>(damaged)</source>
        <translation>（已损坏）</translation>
    </message>
</context>
<context>
    <name>TransferProgress</name>
    <message>
        <location filename="../ui/transfer_progress.cpp" line="16"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/transfer_progress.cpp" line="43"/>
        <source>%1 of %2 MB</source>
        <translation>%1 / %2 MB</translation>
    </message>
    <message>
        <location filename="../ui/transfer_progress.cpp" line="47"/>
        <source>  -  %1 MB/s  -  %2</source>
        <translation>  -  %1 MB/s  -  %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/transfer_progress.cpp" line="55"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>约剩 %n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/transfer_progress.cpp" line="56"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>约剩 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/transfer_progress.cpp" line="57"/>
        <source>about %1 h %2 min left</source>
        <translation>约剩 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <location filename="../ui/transport_bar.cpp" line="116"/>
        <source>In</source>
        <translation>入点</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="117"/>
        <source>Out</source>
        <translation>出点</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="156"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="119"/>
        <source>Go to frame or timecode</source>
        <translation>跳转到帧或时间码</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="120"/>
        <source>A frame number (1234) or a timecode (01:00:10:00); Enter goes there</source>
        <translation>帧号（1234）或时间码（01:00:10:00）；按 Enter 跳转</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="90"/>
        <source>Open a clip first</source>
        <translation>请先打开片段</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="145"/>
        <source>Frame -</source>
        <translation>帧 -</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="149"/>
        <source>Frame %1 / %2</source>
        <translation>帧 %1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="156"/>
        <source>Playing %1x</source>
        <translation>正在播放 %1x</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="170"/>
        <source>In %1  Out %2</source>
        <translation>入点 %1  出点 %2</translation>
    </message>
    <message>
        <location filename="../ui/transport_bar.cpp" line="171"/>
        <source>The in/out range: playback stays inside it (Alt+X clears it)</source>
        <translation>入出点范围：播放限定在其中（Alt+X 清除）</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <location filename="../ui/window_layout.cpp" line="27"/>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/window_layout.cpp" line="42"/>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/window_layout.cpp" line="46"/>
        <source>P&amp;resentation (Full Screen)</source>
        <translation>演示模式（全屏）(&amp;R)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/framenote/main.cpp" line="27"/>
        <source>Frame-accurate video review.</source>
        <translation>帧级精确的视频审阅工具。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="30"/>
        <source>The clip to open.</source>
        <translation>要打开的片段。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="32"/>
        <source>Open at this frame.</source>
        <translation>打开后定位到此帧。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="34"/>
        <source>Save the window as an image once the first frame shows, then quit (for docs and tests).</source>
        <translation>首帧显示后将窗口保存为图像，然后退出（用于文档和测试）。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="39"/>
        <source>Load this version of the shot as B, to compare with the clip.</source>
        <translation>将此镜头版本作为 B 载入，与片段对比。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="44"/>
        <source>Host a session for the clip on this port once it is open, and print an invitation.</source>
        <translation>片段打开后，在此端口上为其主持会话，并输出一份邀请。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="48"/>
        <source>With --host: a presenter-led session (only the presenter controls playback), you presenting.</source>
        <translation>与 --host 同用：演示者主导的会话（只有演示者控制播放），由你演示。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="53"/>
        <source>Join a session with this invitation once the clip is open; without the session&apos;s clip, fetch it from the session&apos;s relay first.</source>
        <translation>打开片段后用此邀请加入会话；没有会话的片段时，先从会话的中继服务器获取。</translation>
    </message>
    <message>
        <location filename="../app/framenote/main.cpp" line="104"/>
        <source>no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set). Run it in a desktop session, under xvfb-run, or with QT_QPA_PLATFORM=offscreen.</source>
        <translation>没有可显示窗口的显示器（未设置 DISPLAY 和 WAYLAND_DISPLAY）。请在桌面会话中运行，或用 xvfb-run 运行，或设置 QT_QPA_PLATFORM=offscreen。</translation>
    </message>
</context>
</TS>
