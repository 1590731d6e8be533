// Handlers for the net table group: one line per /proc file (pattern -> binder).
#include "importer/registry.hpp"

namespace procsnap::importer {

std::span<const Handler> net_handlers() { return {}; }

}  // namespace procsnap::importer
