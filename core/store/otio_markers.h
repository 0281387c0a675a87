#pragma once
// A clip's notes as an OpenTimelineIO timeline (.otio, JSON): one video track holding the clip,
// its file as an ExternalReference (an image sequence as an ImageSequenceReference, which OpenRV
// and other OTIO tools open as one clip), each note a Marker over its frames, written from OTIO's
// published serialized schema (Timeline.1, Stack.1, Track.1, Clip.1, ExternalReference.1,
// ImageSequenceReference.1, Marker.2, TimeRange.1, RationalTime.1), so OpenRV and other OTIO tools
// read it. Clip.1 (one media_reference) rather than Clip.2: every OTIO release reads it, newer ones
// upgrade it. And the reader for such a file's markers (docs/ARCHITECTURE.md, "Exports that leave
// the app").
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation.h"

namespace framenote::store {

// An image sequence's files: directory/prefix + number (padded) + suffix.
struct OtioSequence {
    QString directory;  // absolute
    QString prefix;     // "shot."
    QString suffix;     // ".exr"
    int padding = 0;    // digits the numbers are padded to; 0: unpadded
    int64_t firstNumber = 0;
    bool gaps = false;  // files missing in the range: shown black, as Framenote shows a slate
};

// The clip the timeline holds.
struct OtioClip {
    QString name;      // the clip's file name
    QString path;      // absolute path: the reference's file:// URL
    QString mediaId;   // kept in the timeline's metadata
    int rateNum = 25;  // the frame rate as a fraction (24000/1001)
    int rateDen = 1;
    int64_t frameCount = 0;
    int64_t startFrame = 0;  // the clip's start timecode in frames (01:00:00:00 at 24 = 86400)
    std::optional<OtioSequence> sequence;  // set for an image sequence (`path` is its pattern)
};

Result<QByteArray> otioFromAnnotations(const std::vector<model::Annotation>& notes,
                                       const OtioClip& clip);

// A marker as read back: frames relative to the clip (0 is its first frame), and what the
// framenote metadata carries.
struct OtioMarker {
    QString name;
    QString color;  // OTIO's marker colour: RED, GREEN, BLUE ...
    int64_t firstFrame = 0;
    int64_t lastFrame = 0;
    QString noteId;
    QString text;  // the note's plain text
    QString author;
    QString status;  // "open" or "resolved"
    QStringList replies;
};

// The markers of the first clip of an .otio file, or an error saying what is wrong with it.
// Bounded: a file over 64 MiB or with more than 1,000,000 markers is refused.
Result<std::vector<OtioMarker>> markersFromOtio(const QByteArray& json);

}  // namespace framenote::store
