#include <string>
#include <thread>
#include <utility>
#include <vector>

void consume(std::string);

int spin(bool Ready) {
  std::thread([] {
    for (;;) {
    }
  }).detach();
  if (Ready) {
    return 1;
  } else {
    return 2;
  }
}

void moved() {
  std::string Name = "worker";
  consume(std::move(Name));
  consume(Name);
}

bool isEmpty(const std::vector<int> &Items) { return Items.size() == 0; }
