// procsnap-collect (placeholder until the collector lands).
#include <cstdio>
int main() {
  std::fputs("procsnap-collect: not built yet\n", stderr);
  return 1;
}
