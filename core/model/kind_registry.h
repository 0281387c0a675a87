#pragma once
// The one place annotation kinds are registered: for each, how many points its geometry holds
// and what they mean, whether it carries text, and how its path is encoded on the wire.
// Adding a kind means adding one registration here; nothing else changes.
#include <QString>
#include <QStringList>
#include <vector>

namespace framenote::model {

struct KindSpec {
    QString name;  // stored and sent as this string
    int minPoints = 0;
    int maxPoints = 0;
    bool deltaCodedPath = false;  // freehand: points sent as deltas from the previous one
    bool requiresText = false;
    const char* geometry = "";  // what the points mean, for docs and error messages
};

class KindRegistry {
  public:
    static const KindRegistry& instance();
    const KindSpec* find(const QString& name) const;
    QStringList names() const;

  private:
    KindRegistry();
    std::vector<KindSpec> kinds_;
};

}  // namespace framenote::model
