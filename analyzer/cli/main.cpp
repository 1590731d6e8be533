// procsnap: the analyzer CLI (placeholder until the CLI lands; owned by the importer work).
#include <cstdio>
int main() {
  std::fputs("procsnap: not built yet\n", stderr);
  return 1;
}
