// Handlers for the system table group: one line per /proc file (pattern -> binder).
#include "importer/registry.hpp"

namespace procsnap::importer {

std::span<const Handler> system_handlers() { return {}; }

}  // namespace procsnap::importer
