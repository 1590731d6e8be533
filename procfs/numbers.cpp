// numbers.hpp is header-only; this translation unit checks that it compiles on its own.
#include "procfs/numbers.hpp"
