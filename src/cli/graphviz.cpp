// Rendering DOT as SVG by running Graphviz's `dot` program.
//
// Why the program and not libgvc (libgraphviz-dev): the library would make
// every user of libspfgov link Graphviz and its plugin stack (cairo, pango,
// expat, its plugin configuration file) for a feature only the command line
// uses; a layout that crashes or runs away takes the child process down, not
// spfgov; and `dot` is already what the tests use to check every DOT file.
#include "cli.hpp"

#include "spfgov/text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace spfgov::cli {

namespace {

/// A temporary file removed when it goes out of scope.
class temp_file {
public:
    temp_file() {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir && *dir ? dir : "/tmp") + "/spfgov-XXXXXX";
        fd_ = ::mkstemp(path_.data());
        if (fd_ < 0) throw std::runtime_error("cannot create a temporary file in " + path_ + ": " + std::strerror(errno));
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
    ~temp_file() {
        if (fd_ >= 0) ::close(fd_);
        ::unlink(path_.c_str());
    }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] int fd() const noexcept { return fd_; }

    void write_all(std::string_view text) {
        while (!text.empty()) {
            const auto n = ::write(fd_, text.data(), text.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    [[nodiscard]] std::string read_all() const {
        std::string text;
        char buf[65536];
        for (off_t at = 0;;) {
            const auto n = ::pread(fd_, buf, sizeof buf, at);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            text.append(buf, static_cast<std::size_t>(n));
            at += n;
        }
        return text;
    }

private:
    std::string path_;
    int fd_ = -1;
};

} // namespace

std::string render_svg(std::string_view dot_text) {
    // Input, output and messages through files: no pipe to deadlock on.
    temp_file in, out, err;
    in.write_all(dot_text);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.path().c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd(), 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd(), 2);
    char prog[] = "dot";
    char format[] = "-Tsvg";
    char* argv[] = {prog, format, nullptr};
    pid_t pid = 0;
    const int spawned = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        throw std::runtime_error(std::string("cannot run Graphviz's dot (install the Debian package graphviz): ") +
                                 std::strerror(spawned));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error(std::string("waiting for dot: ") + std::strerror(errno));
    }
    const std::string messages = err.read_all();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw std::runtime_error("cannot run Graphviz's dot (install the Debian package graphviz)");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("Graphviz's dot failed" +
                                 (messages.empty() ? std::string() : ": " + printable(messages)));
    return out.read_all();
}

} // namespace spfgov::cli
