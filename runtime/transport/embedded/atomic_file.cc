#include "transport/embedded/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "transport/embedded/file_writer.h"
#include "transport/embedded/posix_file.h"

namespace sluice::embedded {

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::string tmp = path + ".tmp";
  {
    SLUICE_ASSIGN_OR_RETURN(UniqueFd fd, OpenFile(tmp, O_WRONLY | O_CREAT | O_TRUNC));
    auto writer = PosixFileWriter();
    Status st = writer->WriteAt(fd.get(), contents, 0, tmp);
    if (st.ok()) st = writer->Sync(fd.get(), tmp);
    if (!st.ok()) {
      ::unlink(tmp.c_str());
      return st;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = ErrnoStatus("cannot rename " + tmp + " to", path, errno);
    ::unlink(tmp.c_str());
    return st;
  }
  const auto slash = path.find_last_of('/');
  return SyncDirectory(slash == std::string::npos ? "." : path.substr(0, slash));
}

}  // namespace sluice::embedded
