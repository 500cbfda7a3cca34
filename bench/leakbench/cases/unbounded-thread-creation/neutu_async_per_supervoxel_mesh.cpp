// CASE: neuron viewer loads a body's super voxels and launches std::async(std::launch::async) per super voxel mesh to decompress it, keeping all futures until the body is first rendered; a large body means thousands of simultaneous threads
// SOURCE: https://github.com/janelia-flyem/NeuTu/issues/100  (janelia-flyem/NeuTu issue 100)
// FIX: (issue) libstdc++ std::async starts a thread per call; decompress through a bounded set of workers instead
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <future>
#include <memory>
#include <thread>
#include <vector>

struct CompressedMesh {
  uint64_t supervoxelId;
  std::vector<char> draco;
};

struct Mesh {
  uint64_t supervoxelId;
  size_t vertices;
};

static std::unique_ptr<Mesh> DecompressDraco(CompressedMesh in) {
  std::this_thread::sleep_for(std::chrono::seconds(3));
  return std::make_unique<Mesh>(Mesh{in.supervoxelId, in.draco.size() / 12});
}

class ZFlyEmBody3dDoc {
 public:
  void loadSupervoxels(std::vector<CompressedMesh> meshes) {
    for (CompressedMesh& m : meshes) {
      m_pendingMeshes.push_back(std::async(std::launch::async, DecompressDraco, std::move(m)));  // LEAK(unbounded-thread-creation)
    }
  }

  size_t pending() const { return m_pendingMeshes.size(); }

 private:
  std::vector<std::future<std::unique_ptr<Mesh>>> m_pendingMeshes;
};

int main() {
  std::vector<CompressedMesh> svs;
  for (uint64_t id = 0; id < 80; ++id) svs.push_back({1000 + id, std::vector<char>(1200, 0)});
  static ZFlyEmBody3dDoc doc;
  doc.loadSupervoxels(std::move(svs));
  std::printf("decompressing %zu meshes\n", doc.pending());
  oracle_exit();
}
