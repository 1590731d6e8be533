// Handlers for the proc_basic table group: one line per /proc file (pattern -> binder).
#include "importer/registry.hpp"

namespace procsnap::importer {

std::span<const Handler> proc_basic_handlers() { return {}; }

}  // namespace procsnap::importer
