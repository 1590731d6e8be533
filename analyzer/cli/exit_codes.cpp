// Placeholder translation unit; the CLI work replaces it.
namespace procsnap::cli {}
