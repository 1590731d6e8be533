/* libharmless.so: the "injected" library of procsnap's triage scenario. It does nothing: its constructor only
 * sets a flag, so preloading it changes no behaviour of the host program. */
static volatile int harmless_loaded;

__attribute__((constructor)) static void harmless_init(void) { harmless_loaded = 1; }
