#pragma once
// The item delegate for lists whose items hold several lines (the notes list, the participants).
// Qt's item views measure a multi-line item a pixel or two shorter than they paint it when a line
// above the last holds CJK text (the fallback font is taller), and then elide everything after
// that line: in Chinese every note showed only its header, "01:00:01:00 #24 ana [未解决]...".
#include <QStyledItemDelegate>

namespace framenote::ui {

class WrappedItemDelegate : public QStyledItemDelegate {
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.rheight() += 2;  // enough for a note with a long thread of Chinese replies (measured)
        return size;
    }
};

}  // namespace framenote::ui
