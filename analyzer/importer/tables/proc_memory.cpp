// Handlers for the proc_memory table group: one line per /proc file (pattern -> binder).
#include "importer/registry.hpp"

namespace procsnap::importer {

std::span<const Handler> proc_memory_handlers() { return {}; }

}  // namespace procsnap::importer
