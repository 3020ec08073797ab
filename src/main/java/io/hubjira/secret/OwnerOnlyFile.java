package io.hubjira.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret the connector generates for itself when none is configured (the master key, the admin password, the H2
 * database password), kept in a file only its owner can read and write, in a folder only its owner can enter: read
 * when it exists, created once otherwise. Two instances starting at once both end up with the one that was written
 * first. Also the permission helpers for the folders the connector keeps private (its database folder, its secrets).
 */
public final class OwnerOnlyFile {

    static final String FILE_MODE = "rw-------";
    static final String FOLDER_MODE = "rwx------";
    /** The sticky bit of a shared folder such as /tmp: such a folder is never narrowed. */
    private static final int STICKY = 01000;
    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFile.class);

    private OwnerOnlyFile() {}

    /** The file's trimmed content; when the file does not exist, it is created holding {@code generate}'s value. */
    public static Created readOrCreate(Path file, Supplier<String> generate) throws IOException {
        if (Files.exists(file)) {
            narrowIfReadableByOthers(file);
            return new Created(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
        }
        if (file.toAbsolutePath().getParent() != null) {
            createFolders(file.toAbsolutePath().getParent());
        }
        String value = generate.get();
        try {
            createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return readOrCreate(file, generate);
        }
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        return new Created(value, true);
    }

    /** The secret, and whether it was generated just now. */
    public record Created(String value, boolean generated) {}

    /** Creates an empty file only its owner can read and write (fails if it exists). */
    static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE)));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** Creates the folder and any missing parents, each only its owner can enter. */
    static void createFolders(Path folder) throws IOException {
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FOLDER_MODE)));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        }
    }

    /**
     * A private folder: created owner-only when missing. An existing one open to group or others is narrowed to its
     * owner, unless it is a folder the connector does not own alone — a shared one (sticky bit, like /tmp), the home or
     * working directory itself, or one it may not change: then a warning names it. Answers whether it was narrowed.
     */
    public static boolean privateFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            createFolders(folder);
            return false;
        }
        Set<PosixFilePermission> perms = posix(folder);
        if (perms == null || PosixFilePermissions.toString(perms).equals(FOLDER_MODE)) {
            return false;
        }
        Path absolute = folder.toAbsolutePath().normalize();
        boolean shared = ((Integer) Files.getAttribute(folder, "unix:mode") & STICKY) != 0
                || absolute.equals(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize())
                || absolute.equals(Path.of("").toAbsolutePath().normalize()) || absolute.getParent() == null;
        if (!shared) {
            try {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(FOLDER_MODE));
                return true;
            } catch (java.nio.file.AccessDeniedException notOurs) {
                // another user's folder: say so below
            }
        }
        log.warn("The folder {} is open to group or others ({}) and is not the connector's alone to narrow; restrict it to its owner "
                + "(chmod 700) or keep the connector's files in a folder of their own", absolute, PosixFilePermissions.toString(perms));
        return false;
    }

    /** Narrows a file to its owner (read and write). Answers whether it was narrowed; a file gone meanwhile is ignored. */
    public static boolean ownerOnly(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = posix(file);
            if (perms == null || PosixFilePermissions.toString(perms).equals(FILE_MODE) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(FILE_MODE));
            return true;
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    private static Set<PosixFilePermission> posix(Path path) throws IOException {
        try {
            return Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return null;
        }
    }

    /** A secret file others can read is narrowed to its owner, or named in a warning when it is not the connector's to narrow. */
    private static void narrowIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
                return;
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(FILE_MODE));
                log.warn("The secret file {} was readable by group or others ({}); narrowed it to its owner (0600)",
                        file.toAbsolutePath().normalize(), PosixFilePermissions.toString(perms));
            } catch (java.nio.file.AccessDeniedException notOurs) {
                log.warn("The secret file {} is readable by group or others ({}); restrict it to its owner (chmod 600)",
                        file.toAbsolutePath().normalize(), PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing to check
        }
    }
}
