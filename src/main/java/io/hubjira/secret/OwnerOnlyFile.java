package io.hubjira.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret the connector generates for itself when none is configured (the master key, the admin password), kept in
 * a file only its owner can read and write: read when it exists, created once otherwise. Two instances starting at
 * once both end up with the one that was written first.
 */
public final class OwnerOnlyFile {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFile.class);

    private OwnerOnlyFile() {}

    /** The file's trimmed content; when the file does not exist, it is created holding {@code generate}'s value. */
    public static Created readOrCreate(Path file, Supplier<String> generate) throws IOException {
        if (Files.exists(file)) {
            warnIfReadableByOthers(file);
            return new Created(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        String value = generate.get();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return readOrCreate(file, generate);
        }
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        return new Created(value, true);
    }

    /** The secret, and whether it was generated just now. */
    public record Created(String value, boolean generated) {}

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("The secret file {} is readable by group or others ({}); restrict it to its owner (chmod 600)",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing to check
        }
    }
}
