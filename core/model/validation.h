#pragma once
// Checks that a value is acceptable before it is stored or sent, with errors naming the field.
#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::model {

struct Limits {
    int64_t frameCount = INT64_MAX;  // frames of the media; frame ranges must lie inside
    int maxTextChars = 20000;
    int maxPathPoints = 10000;
    int maxTags = 32;
    int maxTagChars = 64;
    int maxAuthorChars = 128;
    int64_t maxReplies = 50000;                // replies carried by one note
    int64_t maxNoteBytes = int64_t{16} << 20;  // a note with its replies, as noteBytes() counts
};

// What a note holds, in bytes, as the limits count it: 16 per point, 2 per character of text,
// tag and name, and 32 per reply beside its text and author.
int64_t noteBytes(const Annotation& annotation);
// What an operation adds to its note at most, counted the same way.
int64_t addedBytes(const Operation& op);

framenote::Status validateAnnotation(const Annotation& annotation, const Limits& limits = {});
framenote::Status validateOperation(const Operation& op, const Limits& limits = {});

// Rich text is sanitized on input (rich_text.h): where an edit is made (the operation builders),
// where a file is imported, and where a peer's edit arrives at the relay, which refuses text that
// is not sanitized rather than change an operation under its op_id (checkRichText). The store's
// own log may hold text from before the subset; readers sanitize again where text is shown.
void sanitizeTexts(Annotation& annotation);  // the note's text and its replies'
void sanitizeTexts(Operation& op);
// An error naming the field whose text is not sanitized; Ok when every text is.
framenote::Status checkRichText(const Operation& op);

}  // namespace framenote::model
