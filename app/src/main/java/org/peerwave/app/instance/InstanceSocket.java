package org.peerwave.app.instance;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

import org.peerwave.app.AppDirs;

/**
 * Where the running instance listens: a Unix domain socket only its user can reach (the folder is
 * {@code 0700}). On Linux {@code $XDG_RUNTIME_DIR/peerwave/instance.sock} (a per-user, per-login
 * tmpfs); elsewhere, or when {@code PEERWAVE_DATA_DIR} is set (tests, portable installs), the
 * {@code run} folder of the data directory.
 */
public final class InstanceSocket {

    static final String FILE = "instance.sock";
    /** sockaddr_un's path is 108 bytes on Linux, 104 on macOS, including the final NUL. */
    static final int MAX_PATH_BYTES = 103;

    private InstanceSocket() {
    }

    /** The socket of this user on this machine. */
    public static Path current() {
        return of(System.getProperty("os.name", ""), System.getenv(), AppDirs.current());
    }

    /** The socket kept in data folder {@code data} (an app started on another data folder uses it). */
    public static Path inDataDir(Path data) {
        return data.resolve("run").resolve(FILE);
    }

    static Path of(String osName, Map<String, String> env, AppDirs dirs) {
        String os = osName.toLowerCase(Locale.ROOT);
        String runtime = env.get("XDG_RUNTIME_DIR");
        boolean dataOverridden = env.get("PEERWAVE_DATA_DIR") != null && !env.get("PEERWAVE_DATA_DIR").isBlank();
        if (!dataOverridden && os.startsWith("linux") && runtime != null && !runtime.isBlank()
                && Path.of(runtime).isAbsolute()) {
            return Path.of(runtime, "peerwave", FILE);
        }
        return inDataDir(dirs.data());
    }

    /** Creates the socket's folder, readable by its owner only where the file system allows. */
    static void prepareFolder(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        int bytes = socket.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("the instance socket path is too long for the system (" + bytes + " bytes, at most "
                    + MAX_PATH_BYTES + "): " + socket);
        }
    }
}
