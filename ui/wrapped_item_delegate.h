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
        if (fixedLines_ > 0) size.setHeight(option.fontMetrics.lineSpacing() * fixedLines_ + 8);
        return size;
    }
    // Every row this many lines high (0: as high as its text). A list of many thousands of rows
    // cannot measure each one's text: the view asks one row and gives all the same height
    // (QListView::setUniformItemSizes), and this is that height.
    void setFixedLines(int lines) { fixedLines_ = lines; }

  private:
    int fixedLines_ = 0;
};

}  // namespace framenote::ui
