// framenote-cli as a script uses it: output that diffs cleanly against ffmpeg, exit codes and
// stderr messages that can be relied on.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/test_media.h"

namespace ft = framenote::test;

namespace {

ft::CommandResult cli(const std::string& args) {
    return ft::runCommand(std::string(FRAMENOTE_CLI) + " " + args);
}

std::string quoted(const std::string& clip) { return "'" + ft::mediaPath(clip) + "'"; }

std::vector<std::string> dataLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') lines.push_back(line);
    return lines;
}

std::vector<std::string> ffmpegLines(const std::string& clip) {
    std::ifstream in(ft::mediaPath(clip + ".framemd5"));
    std::stringstream text;
    text << in.rdbuf();
    return dataLines(text.str());
}

TEST(Cli, FrameMd5OfAConstantRateClipIsIdenticalToFfmpegs) {
    const auto result = cli("framemd5 " + quoted("h264_longgop.mp4"));
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(dataLines(result.out), ffmpegLines("h264_longgop.mp4"));
}

TEST(Cli, FrameMd5FromTheMiddleOfAnEditedMovMatchesThoseLines) {
    const auto result = cli("framemd5 " + quoted("mov_editlist.mov") + " --from 40 --count 25");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto ours = dataLines(result.out);
    const auto theirs = ffmpegLines("mov_editlist.mov");
    ASSERT_EQ(ours.size(), 25u);
    for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], theirs[40 + i]);
}

TEST(Cli, SavedIndexIsReusedForFrameMd5) {
    const auto saved = std::filesystem::temp_directory_path() / "framenote-cli-test.fnidx";
    const auto made = cli("index " + quoted("vfr.mkv") + " -o '" + saved.string() + "'");
    ASSERT_EQ(made.exitCode, 0) << made.err;
    EXPECT_EQ(made.out, "150 frames\n");
    const auto result = cli("framemd5 " + quoted("vfr.mkv") + " --index '" + saved.string() +
                            "' --from 100 --count 5");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto ours = dataLines(result.out);
    const auto theirs = ffmpegLines("vfr.mkv");
    ASSERT_EQ(ours.size(), 5u);
    for (size_t i = 0; i < ours.size(); ++i)
        EXPECT_EQ(ours[i].substr(ours[i].rfind(',')),
                  theirs[100 + i].substr(theirs[100 + i].rfind(',')));
    std::filesystem::remove(saved);
}

TEST(Cli, InfoJsonHasTheExactFrameCountAndTimecode) {
    const auto result = cli("info --json " + quoted("ntsc_df.mov"));
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(result.out)).object();
    EXPECT_EQ(json["frame_count"].toInt(), 120);
    EXPECT_EQ(json["start_timecode"].toString(), "01:00:00;00");
    EXPECT_EQ(json["video"].toObject()["frame_rate"].toString(), "30000/1001");
    EXPECT_EQ(json["media_id"].toString().size(), 64);
}

TEST(Cli, FrameWritesThePngOfThatFrame) {
    const auto out = std::filesystem::temp_directory_path() / "framenote-cli-frame.png";
    std::filesystem::remove(out);
    const auto result =
        cli("frame " + quoted("hevc_opengop.mp4") + " 47 -o '" + out.string() + "'");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    // The same frame rendered by ffmpeg has the same size; its pixels are compared by the md5
    // tests, here we check the file is a PNG of the picture's geometry.
    std::ifstream png(out, std::ios::binary);
    std::string header(24, '\0');
    png.read(header.data(), 24);
    EXPECT_EQ(header.substr(1, 3), "PNG");
    const auto be32 = [&](int at) {
        return (uint8_t(header[at]) << 24) | (uint8_t(header[at + 1]) << 16) |
               (uint8_t(header[at + 2]) << 8) | uint8_t(header[at + 3]);
    };
    EXPECT_EQ(be32(16), 320u);
    EXPECT_EQ(be32(20), 180u);
    std::filesystem::remove(out);
}

TEST(Cli, TimecodeConvertsBothWays) {
    auto toFrame = cli("timecode --rate 29.97 --df '00:10:00;00'");
    ASSERT_EQ(toFrame.exitCode, 0) << toFrame.err;
    EXPECT_EQ(toFrame.out, "17982\n");
    auto toTimecode = cli("timecode --rate 30000/1001 --df --start '01:00:00;00' --frame 1800");
    ASSERT_EQ(toTimecode.exitCode, 0) << toTimecode.err;
    EXPECT_EQ(toTimecode.out, "01:01:00;02\n");
}

TEST(Cli, TimecodeBeforeTheStartIsRefusedNotWrappedPastMidnight) {
    const auto before = cli("timecode --rate 25 --start 01:00:00:00 00:59:59:24");
    EXPECT_EQ(before.exitCode, 1);
    EXPECT_EQ(before.out, "");
    EXPECT_NE(before.err.find("before the clip's start (01:00:00:00)"), std::string::npos)
        << before.err;
    // --count gives the clip's length: past its end is refused too, inside it converts.
    const auto past = cli("timecode --rate 25 --start 01:00:00:00 --count 250 01:00:10:00");
    EXPECT_EQ(past.exitCode, 1);
    EXPECT_NE(past.err.find("beyond the clip's end (01:00:09:24)"), std::string::npos) << past.err;
    const auto inside = cli("timecode --rate 25 --start 01:00:00:00 --count 250 01:00:09:24");
    ASSERT_EQ(inside.exitCode, 0) << inside.err;
    EXPECT_EQ(inside.out, "249\n");
    // A clip starting before midnight runs on across it.
    const auto late = cli("timecode --rate 25 --start 23:59:00:00 00:00:10:00");
    ASSERT_EQ(late.exitCode, 0) << late.err;
    EXPECT_EQ(late.out, "1750\n");
}

TEST(Cli, MissingFileFailsWithExitOneNamingTheFile) {
    const auto result = cli("info /nonexistent/clip.mov");
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.err, "framenote-cli: /nonexistent/clip.mov: no such file\n");
}

TEST(Cli, CorruptAndNonVideoFilesFailCleanly) {
    const auto text = cli("framemd5 " + quoted("notvideo.mp4"));
    EXPECT_EQ(text.exitCode, 1);
    EXPECT_NE(text.err.find("notvideo.mp4: not a media file"), std::string::npos) << text.err;
    const auto empty = cli("info " + quoted("empty.mp4"));
    EXPECT_EQ(empty.exitCode, 1);
    EXPECT_NE(empty.err.find("empty"), std::string::npos) << empty.err;
}

TEST(Cli, DamageIsReportedNeverSilent) {
    // A truncated file: info names both counts, without decoding anything.
    const auto info = cli("info " + quoted("truncated.mp4"));
    ASSERT_EQ(info.exitCode, 0) << info.err;
    EXPECT_NE(info.out.find("of the 300 frames the container declares can be read"),
              std::string::npos)
        << info.out;
    const auto json = cli("info --json --decode " + quoted("corrupt.mp4"));
    const QJsonObject report =
        QJsonDocument::fromJson(QByteArray::fromStdString(json.out)).object();
    const QJsonObject damage = report["damage"].toObject();
    EXPECT_GT(damage["frames_scanned"].toInt(), 0) << json.out;
    EXPECT_FALSE(damage["damaged"].toArray().isEmpty() && damage["undecodable"].toArray().isEmpty())
        << json.out;
    EXPECT_EQ(json.exitCode, damage["undecodable"].toArray().isEmpty() ? 0 : 1) << json.err;
    // framemd5 still prints every frame it can and names the damaged ones on stderr.
    const auto md5 = cli("framemd5 " + quoted("corrupt.mp4"));
    EXPECT_NE(md5.err.find("corrupt.mp4: frame "), std::string::npos) << md5.err;
    EXPECT_NE(md5.err.find(" of 300 frames "), std::string::npos) << md5.err;
    EXPECT_GT(dataLines(md5.out).size(), 250u);
    // An intact clip: nothing on stderr.
    const auto clean = cli("info --decode " + quoted("prores.mov"));
    ASSERT_EQ(clean.exitCode, 0) << clean.err;
    EXPECT_NE(clean.out.find("Damage:        no damage in 48 frames"), std::string::npos)
        << clean.out;
    EXPECT_EQ(clean.err, "");
}

// Image sequences as a script reads them: framemd5 lines as ffmpeg's image2 gives them, frames
// named by their files' numbers, the gaps listed.
TEST(Cli, ImageSequencesReadAsFfmpegReadsThem) {
    const std::string exr = ft::sequenceDir("exr_half_zip");
    const auto md5 = cli("framemd5 '" + exr + "/shot.####.exr'");
    ASSERT_EQ(md5.exitCode, 0) << md5.err;
    std::ifstream in(exr + ".1001.framemd5");
    std::stringstream theirs;
    theirs << in.rdbuf();
    EXPECT_EQ(dataLines(md5.out), dataLines(theirs.str()));

    const std::string gap = ft::sequenceDir("gap");
    const auto info = cli("info '" + gap + "' --json");
    ASSERT_EQ(info.exitCode, 0) << info.err;
    const QJsonObject report =
        QJsonDocument::fromJson(QByteArray::fromStdString(info.out)).object();
    EXPECT_EQ(report["first_frame_number"].toInt(), 1001);
    EXPECT_EQ(report["frame_count"].toInt(), 20);
    EXPECT_EQ(report["missing_frames"].toArray(), (QJsonArray{1006, 1007, 1013}));
    // The text report has no empty colour line (image files state no matrix or range).
    const auto text = cli("info '" + gap + "'");
    EXPECT_NE(text.out.find("Numbered:      1001 to 1020"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("Colour:"), std::string::npos) << text.out;
    const auto missing = cli("frame '" + gap + "/shot.1001.png' 1006 -o /tmp/never.png");
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("frame 1006 is missing (no file shot.1006.png)"), std::string::npos)
        << missing.err;
    const auto png = std::filesystem::temp_directory_path() / "framenote-cli-seq.png";
    const auto present = cli("frame '" + gap + "' 1008 -o '" + png.string() + "'");
    EXPECT_EQ(present.exitCode, 0) << present.err;
    EXPECT_TRUE(std::filesystem::file_size(png) > 0);
    // A gapped sequence's framemd5 names the gaps and fails, having printed every picture.
    const auto gapped = cli("framemd5 '" + gap + "'");
    EXPECT_EQ(gapped.exitCode, 1);
    EXPECT_EQ(dataLines(gapped.out).size(), 17u);
    EXPECT_NE(gapped.err.find("3 of 20 frames cannot be decoded"), std::string::npos) << gapped.err;
}

TEST(Cli, FrameOutsideTheClipIsAnError) {
    const auto result = cli("frame " + quoted("prores.mov") + " 48 -o /tmp/never.png");
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("frame 48 is outside the clip (0..47)"), std::string::npos)
        << result.err;
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(cli("").exitCode, 2);
    EXPECT_EQ(cli("bogus x").exitCode, 2);
    EXPECT_EQ(cli("frame " + quoted("prores.mov") + " notanumber -o x.png").exitCode, 2);
    const auto rate = cli("timecode --rate 25 --df 00:00:00:00");
    EXPECT_EQ(rate.exitCode, 2);
    EXPECT_NE(rate.err.find("drop"), std::string::npos) << rate.err;
}

TEST(Cli, HelpAndVersion) {
    const auto help = cli("--help");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("framemd5 FILE"), std::string::npos);
    const auto version = cli("--version");
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out.rfind("framenote-cli ", 0), 0u);
}

}  // namespace
