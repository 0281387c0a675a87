#pragma once
// Reading and driving a list view as a test does: its rows' text, ids (Qt::UserRole), fonts and
// the current row, through the view's model. `->` reaches the view itself.
#include <QAbstractItemView>
#include <QFont>
#include <QUuid>

namespace framenote::test {

class ListRows {
  public:
    explicit ListRows(QAbstractItemView* view) : view_(view) {}
    QAbstractItemView* operator->() const { return view_; }

    int count() const { return view_->model()->rowCount(); }
    QModelIndex at(int row) const { return view_->model()->index(row, 0); }
    QString text(int row) const { return at(row).data().toString(); }
    QUuid id(int row) const { return at(row).data(Qt::UserRole).toUuid(); }
    bool bold(int row) const { return at(row).data(Qt::FontRole).value<QFont>().bold(); }
    int rowOf(const QUuid& id) const {
        for (int row = 0; row < count(); ++row)
            if (this->id(row) == id) return row;
        return -1;
    }
    // The text of note `id`'s row; empty when it is not listed.
    QString textOf(const QUuid& id) const { return rowOf(id) < 0 ? QString() : text(rowOf(id)); }
    void setCurrentRow(int row) { view_->setCurrentIndex(at(row)); }
    QUuid currentId() const { return view_->currentIndex().data(Qt::UserRole).toUuid(); }
    QString currentText() const { return view_->currentIndex().data().toString(); }
    // As a double click or Enter on the row does.
    void activate(int row) { emit view_->activated(at(row)); }

  private:
    QAbstractItemView* view_;
};

}  // namespace framenote::test
